import { z } from 'zod';
import type { Clock } from '../../base/index.js';
import { packageRowSchema, toPackageRecord, type PackageRecord } from './release-artifacts.js';
import type { Sql } from './sql.js';

/** What identifies a compiled package: its source, the stemcell, and its dependencies. */
export interface CompiledPackageKey {
  packageFingerprint: string;
  stemcellOs: string;
  stemcellVersion: string;
  /**
   * The compiled dependencies it was built against, as one string (BOSH's `dependency_key`:
   * JSON of `[name, version, [...its own]]` entries). Callers build it; the store compares it.
   */
  dependencyKey: string;
}

/** A compiled package in the blobstore. */
export interface CompiledPackageRecord extends CompiledPackageKey {
  id: number;
  packageName: string;
  blobstoreId: string;
  /** Multi-digest of the compiled tarball. */
  sha1: string;
  createdAtMs: number;
}

const compiledRowSchema = z.object({
  id: z.number(),
  package_name: z.string(),
  package_fingerprint: z.string(),
  stemcell_os: z.string(),
  stemcell_version: z.string(),
  dependency_key: z.string(),
  blobstore_id: z.string(),
  sha1: z.string(),
  created_at: z.number(),
});

/** Package lookups across releases, and the `compiled_packages` cache. */
export class PackageRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  /** Packages of any release with this fingerprint and a source blob, to reuse uploads. */
  findByFingerprint(fingerprint: string): PackageRecord[] {
    return this.sql
      .all(
        packageRowSchema,
        'SELECT * FROM packages WHERE fingerprint = ? AND blobstore_id IS NOT NULL ORDER BY id',
        fingerprint,
      )
      .map(toPackageRecord);
  }

  findCompiled(key: CompiledPackageKey): CompiledPackageRecord | undefined {
    const row = this.sql.get(
      compiledRowSchema,
      `SELECT * FROM compiled_packages
       WHERE package_fingerprint = ? AND stemcell_os = ? AND stemcell_version = ? AND dependency_key = ?`,
      key.packageFingerprint,
      key.stemcellOs,
      key.stemcellVersion,
      key.dependencyKey,
    );
    return row === undefined ? undefined : toRecord(row);
  }

  /**
   * Records a compiled package. When the same key was recorded meanwhile (two deployments
   * compiling at once), keeps the first and returns it: the caller may delete its own blob
   * when the returned `blobstoreId` is not the one it passed.
   */
  createCompiled(
    input: CompiledPackageKey & { packageName: string; blobstoreId: string; sha1: string },
  ): CompiledPackageRecord {
    this.sql.run(
      `INSERT INTO compiled_packages (package_name, package_fingerprint, stemcell_os, stemcell_version,
         dependency_key, blobstore_id, sha1, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (package_fingerprint, stemcell_os, stemcell_version, dependency_key) DO NOTHING`,
      input.packageName,
      input.packageFingerprint,
      input.stemcellOs,
      input.stemcellVersion,
      input.dependencyKey,
      input.blobstoreId,
      input.sha1,
      this.clock.nowMs(),
    );
    const stored = this.findCompiled(input);
    if (stored === undefined) throw new Error('compiled package vanished after insert');
    return stored;
  }

  listCompiled(): CompiledPackageRecord[] {
    return this.sql.all(compiledRowSchema, 'SELECT * FROM compiled_packages ORDER BY id').map(toRecord);
  }
}

function toRecord(row: z.infer<typeof compiledRowSchema>): CompiledPackageRecord {
  return {
    id: row.id,
    packageName: row.package_name,
    packageFingerprint: row.package_fingerprint,
    stemcellOs: row.stemcell_os,
    stemcellVersion: row.stemcell_version,
    dependencyKey: row.dependency_key,
    blobstoreId: row.blobstore_id,
    sha1: row.sha1,
    createdAtMs: row.created_at,
  };
}
