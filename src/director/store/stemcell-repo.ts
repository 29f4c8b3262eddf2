import { z } from 'zod';
import { BosunError } from '../../base/index.js';
import type { Clock } from '../../base/index.js';
import type { Sql } from './sql.js';

/** An uploaded stemcell. */
export interface StemcellRecord {
  id: number;
  name: string;
  os: string;
  version: string;
  /** The CPI's id of the stemcell (create_stemcell's result). */
  cid: string;
  /** The CPI it was uploaded to; '' for the Director's only CPI. */
  cpi: string;
  sha1: string;
  apiVersion: number | null;
  createdAtMs: number;
}

export type StemcellInput = Omit<StemcellRecord, 'id' | 'createdAtMs'>;

const rowSchema = z.object({
  id: z.number(),
  name: z.string(),
  operating_system: z.string(),
  version: z.string(),
  cid: z.string(),
  cpi: z.string(),
  sha1: z.string(),
  api_version: z.number().nullable(),
  created_at: z.number(),
});

/** The `stemcells` table. */
export class StemcellRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  /** Records a stemcell; `STEMCELL_EXISTS` when name, version and CPI are taken. */
  create(input: StemcellInput): StemcellRecord {
    if (this.find(input.name, input.version, input.cpi) !== undefined) {
      throw new BosunError('STEMCELL_EXISTS', `Stemcell '${input.name}/${input.version}' already exists`);
    }
    const { lastInsertId } = this.sql.run(
      `INSERT INTO stemcells (name, operating_system, version, cid, cpi, sha1, api_version, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      input.name,
      input.os,
      input.version,
      input.cid,
      input.cpi,
      input.sha1,
      input.apiVersion,
      this.clock.nowMs(),
    );
    return this.findById(lastInsertId)!;
  }

  find(name: string, version: string, cpi = ''): StemcellRecord | undefined {
    const row = this.sql.get(
      rowSchema,
      'SELECT * FROM stemcells WHERE name = ? AND version = ? AND cpi = ?',
      name,
      version,
      cpi,
    );
    return row === undefined ? undefined : toRecord(row);
  }

  findById(id: number): StemcellRecord | undefined {
    const row = this.sql.get(rowSchema, 'SELECT * FROM stemcells WHERE id = ?', id);
    return row === undefined ? undefined : toRecord(row);
  }

  /** Every stemcell of an operating system, oldest upload first (callers pick `latest`). */
  listByOs(os: string): StemcellRecord[] {
    return this.sql
      .all(rowSchema, 'SELECT * FROM stemcells WHERE operating_system = ? ORDER BY id', os)
      .map(toRecord);
  }

  list(): StemcellRecord[] {
    return this.sql.all(rowSchema, 'SELECT * FROM stemcells ORDER BY name, id').map(toRecord);
  }

  /** Names of deployments using the stemcell (those block its deletion). */
  deploymentsUsing(id: number): string[] {
    return this.sql
      .all(
        z.object({ name: z.string() }),
        `SELECT d.name FROM deployments d JOIN deployment_stemcells s ON s.deployment_id = d.id
         WHERE s.stemcell_id = ? ORDER BY d.name`,
        id,
      )
      .map((r) => r.name);
  }

  /** Forgets a stemcell; fails while a deployment or VM refers to it. */
  delete(id: number): void {
    this.sql.run('DELETE FROM stemcells WHERE id = ?', id);
  }
}

function toRecord(row: z.infer<typeof rowSchema>): StemcellRecord {
  return {
    id: row.id,
    name: row.name,
    os: row.operating_system,
    version: row.version,
    cid: row.cid,
    cpi: row.cpi,
    sha1: row.sha1,
    apiVersion: row.api_version,
    createdAtMs: row.created_at,
  };
}
