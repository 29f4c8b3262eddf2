import { z } from 'zod';
import type { Clock } from '../../base/index.js';
import type { Sql } from './sql.js';

/** One version of the cloud config; the latest is the one in effect. */
export interface CloudConfigRecord {
  id: number;
  /** The YAML text as uploaded. */
  content: string;
  createdAtMs: number;
}

const rowSchema = z.object({ id: z.number(), content: z.string(), created_at: z.number() });

/** The `cloud_configs` table: append-only, latest wins. */
export class CloudConfigRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  /** Adds a version and returns it; it becomes the latest. */
  create(content: string): CloudConfigRecord {
    const { lastInsertId } = this.sql.run(
      'INSERT INTO cloud_configs (content, created_at) VALUES (?, ?)',
      content,
      this.clock.nowMs(),
    );
    return this.findById(lastInsertId)!;
  }

  latest(): CloudConfigRecord | undefined {
    const row = this.sql.get(rowSchema, 'SELECT * FROM cloud_configs ORDER BY id DESC LIMIT 1');
    return row === undefined ? undefined : toRecord(row);
  }

  findById(id: number): CloudConfigRecord | undefined {
    const row = this.sql.get(rowSchema, 'SELECT * FROM cloud_configs WHERE id = ?', id);
    return row === undefined ? undefined : toRecord(row);
  }

  /** The newest `limit` versions, newest first. */
  list(limit = 30): CloudConfigRecord[] {
    return this.sql
      .all(rowSchema, 'SELECT * FROM cloud_configs ORDER BY id DESC LIMIT ?', limit)
      .map(toRecord);
  }
}

function toRecord(row: z.infer<typeof rowSchema>): CloudConfigRecord {
  return { id: row.id, content: row.content, createdAtMs: row.created_at };
}
