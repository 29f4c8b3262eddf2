import { stringify } from 'yaml';
import { z } from 'zod';
import { BosunError, formatSchemaIssues } from '../base/index.js';
import { fromRubyValue, inspectRubyValue, isRubyHash, type RubyValue } from '../yaml/index.js';
import { VALID_ID } from './job-spec.js';

/** The error code of a release tarball the Director would refuse. */
export const RELEASE_INVALID = 'RELEASE_INVALID';

/** A job entry of `release.MF`. For dev releases `version` equals `fingerprint`. */
export interface ReleaseManifestJob {
  name: string;
  version: string;
  fingerprint: string;
  /** Digest of `jobs/<name>.tgz`: SHA1 hex, or `sha256:<hex>`. */
  sha1: string;
  packages: readonly string[];
}

/** A package entry of `release.MF`. */
export interface ReleaseManifestPackage {
  name: string;
  version: string;
  fingerprint: string;
  /** Digest of `packages/<name>.tgz`. */
  sha1: string;
  dependencies: readonly string[];
}

/** `release.MF`: what a release tarball (and `dev_releases/<name>/<name>-<v>.yml`) holds. */
export interface ReleaseManifest {
  name: string;
  version: string;
  /** Short git commit, `non-git` outside git, `empty` before the first commit. */
  commitHash: string;
  uncommittedChanges: boolean;
  jobs: readonly ReleaseManifestJob[];
  packages: readonly ReleaseManifestPackage[];
  /** Digest of `license.tgz`, when the release has LICENSE or NOTICE files. */
  license: { version: string; fingerprint: string; sha1: string } | undefined;
}

/** The YAML bosh-cli writes: its key order, sequences not indented, empty lists as `[]`. */
export function formatReleaseManifest(manifest: ReleaseManifest): string {
  const doc: Record<string, unknown> = {
    name: manifest.name,
    version: manifest.version,
    commit_hash: manifest.commitHash,
    uncommitted_changes: manifest.uncommittedChanges,
  };
  if (manifest.jobs.length > 0) {
    doc['jobs'] = manifest.jobs.map((j) => ({ ...pick(j), packages: [...j.packages] }));
  }
  if (manifest.packages.length > 0) {
    doc['packages'] = manifest.packages.map((p) => ({ ...pick(p), dependencies: [...p.dependencies] }));
  }
  if (manifest.license !== undefined) doc['license'] = { ...manifest.license };
  return stringify(doc, { version: '1.1', indentSeq: false, lineWidth: 0 });
}

const text = z.union([z.string(), z.number(), z.bigint()]).transform(String);
const names = z
  .array(z.string())
  .nullish()
  .transform((v) => v ?? []);
const artifact = { version: text, fingerprint: text, sha1: text };
const manifestSchema = z.object({
  name: z.string().regex(VALID_ID, 'must use only letters, digits, -, _, + and .'),
  version: text,
  commit_hash: z.string().nullish(),
  uncommitted_changes: z.boolean().nullish(),
  jobs: z.array(z.object({ name: z.string(), ...artifact, packages: names })).nullish(),
  packages: z.array(z.object({ name: z.string(), ...artifact, dependencies: names })).nullish(),
  license: z.object(artifact).nullish(),
});

/**
 * Validates a loaded `release.MF`. The job checks of reference §1.2 check 1 come first, with
 * the Director's words (`Invalid job name in release manifest: "a b"`), then every other
 * problem with its path. Throws RELEASE_INVALID.
 */
export function parseReleaseManifest(value: RubyValue, file: string): ReleaseManifest {
  const jobs = isRubyHash(value) ? value.get('jobs') : undefined;
  for (const job of Array.isArray(jobs) ? jobs : []) {
    const name = isRubyHash(job) ? (job.get('name') ?? null) : null;
    if (typeof name !== 'string' || !VALID_ID.test(name))
      invalid(`Invalid job name in release manifest: ${inspectRubyValue(name)}`);
    const version = isRubyHash(job) ? (job.get('version') ?? null) : null;
    if (
      version === null ||
      typeof version === 'object' ||
      version === '' ||
      !VALID_ID.test(String(version))
    ) {
      invalid(`Invalid job version in release manifest: ${inspectRubyValue(version)}`);
    }
  }
  if (isRubyHash(value) && value.get('compiled_packages') !== undefined) {
    invalid(`${file}: compiled releases are not supported yet`, 'Upload the source release instead.');
  }
  const parsed = manifestSchema.safeParse(fromRubyValue(value));
  if (!parsed.success) invalid(`${file}: ${formatSchemaIssues(parsed.error).join('; ')}`);
  const m = parsed.data;
  return {
    name: m.name,
    version: m.version,
    commitHash: m.commit_hash ?? '',
    uncommittedChanges: m.uncommitted_changes ?? false,
    jobs: m.jobs ?? [],
    packages: m.packages ?? [],
    license: m.license ?? undefined,
  };
}

function pick(a: { name: string; version: string; fingerprint: string; sha1: string }) {
  return { name: a.name, version: a.version, fingerprint: a.fingerprint, sha1: a.sha1 };
}

function invalid(
  message: string,
  hint = 'Create the release tarball again with `bosun create-release`.',
): never {
  throw new BosunError(RELEASE_INVALID, message, { hint });
}
