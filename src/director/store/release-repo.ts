import { z } from 'zod';
import { BosunError } from '../../base/index.js';
import type { Clock } from '../../base/index.js';
import { toJsonColumn } from './json-column.js';
import {
  jobRowSchema,
  packageRowSchema,
  toJobRecord,
  toPackageRecord,
  type JobInput,
  type JobRecord,
  type PackageInput,
  type PackageRecord,
} from './release-artifacts.js';
import { sqlBool, type Sql } from './sql.js';

/** One uploaded version of a release. */
export interface ReleaseVersionRecord {
  id: number;
  releaseName: string;
  version: string;
  commitHash: string;
  uncommittedChanges: boolean;
  createdAtMs: number;
}

/** A release version with its jobs and packages, each in name order. */
export interface ReleaseVersionDetail extends ReleaseVersionRecord {
  jobs: JobRecord[];
  packages: PackageRecord[];
}

/** A release and its versions (oldest first), each saying whether a deployment uses it. */
export interface ReleaseSummary {
  name: string;
  versions: Array<ReleaseVersionRecord & { isDeployed: boolean }>;
}

/** What `createVersion` stores. */
export interface ReleaseVersionInput {
  name: string;
  version: string;
  commitHash: string;
  uncommittedChanges: boolean;
  jobs: JobInput[];
  packages: PackageInput[];
}

const versionRowSchema = z.object({
  id: z.number(),
  release_name: z.string(),
  version: z.string(),
  commit_hash: z.string(),
  uncommitted_changes: z.number(),
  created_at: z.number(),
  deployments: z.number(),
});

const VERSION_SELECT = `
  SELECT rv.id, r.name AS release_name, rv.version, rv.commit_hash, rv.uncommitted_changes,
         rv.created_at,
         (SELECT COUNT(*) FROM deployment_release_versions d WHERE d.release_version_id = rv.id) AS deployments
  FROM release_versions rv JOIN releases r ON r.id = rv.release_id`;

/** The `releases`, `release_versions`, `packages` and `jobs` tables and their joins. */
export class ReleaseRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  findVersion(name: string, version: string): ReleaseVersionDetail | undefined {
    const row = this.sql.get(
      versionRowSchema,
      `${VERSION_SELECT} WHERE r.name = ? AND rv.version = ?`,
      name,
      version,
    );
    return row === undefined ? undefined : this.detail(row);
  }

  findVersionById(id: number): ReleaseVersionDetail | undefined {
    const row = this.sql.get(versionRowSchema, `${VERSION_SELECT} WHERE rv.id = ?`, id);
    return row === undefined ? undefined : this.detail(row);
  }

  /** Every release with its versions, by name. */
  list(): ReleaseSummary[] {
    const rows = this.sql.all(versionRowSchema, `${VERSION_SELECT} ORDER BY r.name, rv.id`);
    const byName = new Map<string, ReleaseSummary>();
    for (const row of rows) {
      let summary = byName.get(row.release_name);
      if (summary === undefined) {
        summary = { name: row.release_name, versions: [] };
        byName.set(row.release_name, summary);
      }
      summary.versions.push({ ...toVersionRecord(row), isDeployed: row.deployments > 0 });
    }
    return [...byName.values()];
  }

  /**
   * Stores a new release version in one transaction. Jobs and packages already stored for
   * the release under the same name and version are shared, not copied; one stored with a
   * different fingerprint is a conflict (`RELEASE_ARTIFACT_CONFLICT`). Fails with
   * `RELEASE_VERSION_EXISTS` when the version exists: callers that want an upload of the same
   * release to be a no-op check {@link findVersion} first.
   */
  createVersion(input: ReleaseVersionInput): ReleaseVersionDetail {
    return this.sql.transaction(() => {
      if (this.findVersion(input.name, input.version) !== undefined) {
        throw new BosunError(
          'RELEASE_VERSION_EXISTS',
          `Release '${input.name}/${input.version}' already exists`,
        );
      }
      const now = this.clock.nowMs();
      this.sql.run(
        'INSERT INTO releases (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
        input.name,
        now,
      );
      const releaseId = this.sql.get(
        z.object({ id: z.number() }),
        'SELECT id FROM releases WHERE name = ?',
        input.name,
      )!.id;
      const { lastInsertId: versionId } = this.sql.run(
        `INSERT INTO release_versions (release_id, version, commit_hash, uncommitted_changes, created_at)
         VALUES (?, ?, ?, ?, ?)`,
        releaseId,
        input.version,
        input.commitHash,
        sqlBool(input.uncommittedChanges),
        now,
      );
      for (const pkg of input.packages) {
        const packageId = this.ensurePackage(releaseId, input.name, pkg);
        this.sql.run(
          'INSERT INTO release_version_packages (release_version_id, package_id) VALUES (?, ?)',
          versionId,
          packageId,
        );
      }
      for (const job of input.jobs) {
        const jobId = this.ensureJob(releaseId, input.name, job);
        this.sql.run(
          'INSERT INTO release_version_jobs (release_version_id, job_id) VALUES (?, ?)',
          versionId,
          jobId,
        );
      }
      return this.findVersionById(versionId)!;
    });
  }

  private ensurePackage(releaseId: number, release: string, pkg: PackageInput): number {
    const existing = this.sql.get(
      packageRowSchema,
      'SELECT * FROM packages WHERE release_id = ? AND name = ? AND version = ?',
      releaseId,
      pkg.name,
      pkg.version,
    );
    if (existing === undefined) {
      return this.sql.run(
        `INSERT INTO packages (release_id, name, version, fingerprint, sha1, blobstore_id, dependencies)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        releaseId,
        pkg.name,
        pkg.version,
        pkg.fingerprint,
        pkg.sha1,
        pkg.blobstoreId,
        toJsonColumn(pkg.dependencies),
      ).lastInsertId;
    }
    if (existing.fingerprint !== pkg.fingerprint)
      throw conflict('package', release, pkg, existing.fingerprint);
    if (existing.blobstore_id === null && pkg.blobstoreId !== null) {
      // A source release brings the sources a compiled-only upload of the same version lacked.
      this.sql.run(
        'UPDATE packages SET sha1 = ?, blobstore_id = ? WHERE id = ?',
        pkg.sha1,
        pkg.blobstoreId,
        existing.id,
      );
    }
    return existing.id;
  }

  private ensureJob(releaseId: number, release: string, job: JobInput): number {
    const existing = this.sql.get(
      jobRowSchema,
      'SELECT * FROM jobs WHERE release_id = ? AND name = ? AND version = ?',
      releaseId,
      job.name,
      job.version,
    );
    if (existing === undefined) {
      return this.sql.run(
        `INSERT INTO jobs (release_id, name, version, fingerprint, sha1, blobstore_id, spec)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        releaseId,
        job.name,
        job.version,
        job.fingerprint,
        job.sha1,
        job.blobstoreId,
        toJsonColumn(job.spec),
      ).lastInsertId;
    }
    if (existing.fingerprint !== job.fingerprint) throw conflict('job', release, job, existing.fingerprint);
    return existing.id;
  }

  private detail(row: z.infer<typeof versionRowSchema>): ReleaseVersionDetail {
    const jobs = this.sql
      .all(
        jobRowSchema,
        `SELECT j.* FROM jobs j JOIN release_version_jobs l ON l.job_id = j.id
         WHERE l.release_version_id = ? ORDER BY j.name`,
        row.id,
      )
      .map(toJobRecord);
    const packages = this.sql
      .all(
        packageRowSchema,
        `SELECT p.* FROM packages p JOIN release_version_packages l ON l.package_id = p.id
         WHERE l.release_version_id = ? ORDER BY p.name`,
        row.id,
      )
      .map(toPackageRecord);
    return { ...toVersionRecord(row), jobs, packages };
  }
}

function toVersionRecord(row: z.infer<typeof versionRowSchema>): ReleaseVersionRecord {
  return {
    id: row.id,
    releaseName: row.release_name,
    version: row.version,
    commitHash: row.commit_hash,
    uncommittedChanges: row.uncommitted_changes !== 0,
    createdAtMs: row.created_at,
  };
}

function conflict(
  kind: string,
  release: string,
  item: { name: string; version: string; fingerprint: string },
  stored: string,
): BosunError {
  return new BosunError(
    'RELEASE_ARTIFACT_CONFLICT',
    `Release '${release}' already has ${kind} '${item.name}/${item.version}' with fingerprint '${stored}', not '${item.fingerprint}'`,
    { hint: `Give the changed ${kind} a new version.` },
  );
}
