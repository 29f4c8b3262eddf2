import { z } from 'zod';
import { fromJsonColumn, jsonObjectSchema, type JsonObject } from './json-column.js';

/** A package of a release version, as uploaded. */
export interface PackageInput {
  name: string;
  version: string;
  fingerprint: string;
  /** Multi-digest of the source tarball; null when the release carries only compiled packages. */
  sha1: string | null;
  blobstoreId: string | null;
  /** Names of the packages it depends on, in the release's order. */
  dependencies: string[];
}

/** A stored package. */
export interface PackageRecord extends PackageInput {
  id: number;
  releaseId: number;
}

/** A job (BOSH's "template") of a release version, as uploaded. */
export interface JobInput {
  name: string;
  version: string;
  fingerprint: string;
  sha1: string;
  blobstoreId: string;
  /** The job's spec file as JSON (name, templates, packages, properties, consumes, provides). */
  spec: JsonObject;
}

/** A stored job. */
export interface JobRecord extends JobInput {
  id: number;
  releaseId: number;
}

export const packageRowSchema = z.object({
  id: z.number(),
  release_id: z.number(),
  name: z.string(),
  version: z.string(),
  fingerprint: z.string(),
  sha1: z.string().nullable(),
  blobstore_id: z.string().nullable(),
  dependencies: z.string(),
});

export const jobRowSchema = z.object({
  id: z.number(),
  release_id: z.number(),
  name: z.string(),
  version: z.string(),
  fingerprint: z.string(),
  sha1: z.string(),
  blobstore_id: z.string(),
  spec: z.string(),
});

export function toPackageRecord(row: z.infer<typeof packageRowSchema>): PackageRecord {
  return {
    id: row.id,
    releaseId: row.release_id,
    name: row.name,
    version: row.version,
    fingerprint: row.fingerprint,
    sha1: row.sha1,
    blobstoreId: row.blobstore_id,
    dependencies: fromJsonColumn(
      z.array(z.string()),
      row.dependencies,
      `packages.dependencies of '${row.name}'`,
    ),
  };
}

export function toJobRecord(row: z.infer<typeof jobRowSchema>): JobRecord {
  return {
    id: row.id,
    releaseId: row.release_id,
    name: row.name,
    version: row.version,
    fingerprint: row.fingerprint,
    sha1: row.sha1,
    blobstoreId: row.blobstore_id,
    spec: fromJsonColumn(jsonObjectSchema, row.spec, `jobs.spec of '${row.name}'`),
  };
}
