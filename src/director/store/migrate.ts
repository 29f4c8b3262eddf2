import type BetterSqlite3 from 'better-sqlite3';
import { BosunError, describeError } from '../../base/index.js';
import type { Migration, SqlDialect } from './migrations.js';

/**
 * Brings a database up to the last of `migrations`: creates `schema_migrations` when it is
 * missing, then runs, in order, each migration whose version is not recorded there, each in
 * its own transaction together with its record. Idempotent: a second call runs nothing.
 * Refuses a database that has versions this program does not know (written by a newer
 * Director). Returns the versions it applied.
 */
export function migrateDatabase(
  db: BetterSqlite3.Database,
  migrations: readonly Migration[],
  dialect: SqlDialect,
  nowMs: number,
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at BIGINT NOT NULL
  )`);
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new BosunError(
      'STORE_SCHEMA_TOO_NEW',
      `The Director database has schema version ${Math.max(...unknown)}, newer than this Director knows (${Math.max(0, ...known)})`,
      { hint: 'Run a Director at least as new as the one that last used this data directory.' },
    );
  }
  const ran: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    try {
      db.transaction(() => {
        db.exec(migration.sql(dialect));
        record.run(migration.version, migration.name, nowMs);
      })();
    } catch (e) {
      throw new BosunError(
        'STORE_MIGRATION_FAILED',
        `Migrating the Director database to version ${migration.version} (${migration.name}): ${describeError(e)}`,
        { cause: e },
      );
    }
    ran.push(migration.version);
  }
  return ran;
}
