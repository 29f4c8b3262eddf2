import type BetterSqlite3 from 'better-sqlite3';
import type { z } from 'zod';
import { BosunError } from '../../base/index.js';
import { formatSchemaIssues } from '../../protocol/index.js';

/** A value that can be bound to a `?` placeholder: SQL has no booleans or undefined. */
export type SqlValue = string | number | bigint | null;

/** What a write did: rows changed and the id of the row inserted last. */
export interface SqlWriteResult {
  changes: number;
  lastInsertId: number;
}

/**
 * The small SQL surface the repositories use: positional `?` parameters, rows checked
 * against a zod schema on the way out (the database is a file another program could have
 * written), statements prepared once per store. Calls are synchronous, as better-sqlite3's
 * are; a transaction is a function that runs to completion or rolls back when it throws.
 */
export class Sql {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {}

  /** The first row of a query, parsed, or undefined when there is none. */
  get<T>(schema: z.ZodType<T>, sql: string, ...params: SqlValue[]): T | undefined {
    const row: unknown = this.prepare(sql).get(...params);
    return row === undefined ? undefined : parseRow(schema, row, sql);
  }

  /** Every row of a query, parsed. */
  all<T>(schema: z.ZodType<T>, sql: string, ...params: SqlValue[]): T[] {
    return this.prepare(sql)
      .all(...params)
      .map((row: unknown) => parseRow(schema, row, sql));
  }

  /** Runs an INSERT, UPDATE or DELETE. */
  run(sql: string, ...params: SqlValue[]): SqlWriteResult {
    const info = this.prepare(sql).run(...params);
    return { changes: info.changes, lastInsertId: Number(info.lastInsertRowid) };
  }

  /**
   * Runs `fn` in one transaction: all of its writes or none. Nested calls join the outer
   * transaction (better-sqlite3 uses savepoints), so repositories can compose.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private prepare(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function parseRow<T>(schema: z.ZodType<T>, row: unknown, sql: string): T {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  throw new BosunError(
    'STORE_ROW_INVALID',
    `Reading the Director database: unexpected row for '${sql}': ${formatSchemaIssues(parsed.error).join('; ')}`,
    { hint: 'The database was changed by something other than this Director.' },
  );
}

/** SQL has no booleans: 1 and 0. */
export function sqlBool(value: boolean): number {
  return value ? 1 : 0;
}
