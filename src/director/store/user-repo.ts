import { z } from 'zod';
import { BosunError } from '../../base/index.js';
import type { Clock } from '../../base/index.js';
import { hashPassword, isPasswordMatch } from './password-hash.js';
import type { Sql } from './sql.js';

/** Where a user came from: the config file, or generated on the Director's first start. */
export type UserSource = 'config' | 'generated';

/** A Director user. The password is kept only as a hash. */
export interface UserRecord {
  id: number;
  name: string;
  source: UserSource;
  createdAtMs: number;
}

const rowSchema = z.object({
  id: z.number(),
  name: z.string(),
  password_hash: z.string(),
  source: z.enum(['config', 'generated']),
  created_at: z.number(),
});
type UserRow = z.infer<typeof rowSchema>;

/** The `users` table. */
export class UserRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  /** Adds a user; fails with `USER_EXISTS` when the name is taken. */
  create(input: { name: string; password: string; source: UserSource }): UserRecord {
    if (this.findRow(input.name) !== undefined) {
      throw new BosunError('USER_EXISTS', `User '${input.name}' already exists`);
    }
    const { lastInsertId } = this.sql.run(
      'INSERT INTO users (name, password_hash, source, created_at) VALUES (?, ?, ?, ?)',
      input.name,
      hashPassword(input.password),
      input.source,
      this.clock.nowMs(),
    );
    return this.mustFind(lastInsertId);
  }

  find(name: string): UserRecord | undefined {
    const row = this.findRow(name);
    return row === undefined ? undefined : toRecord(row);
  }

  list(): UserRecord[] {
    return this.sql.all(rowSchema, 'SELECT * FROM users ORDER BY name').map(toRecord);
  }

  /** True when a user `name` exists and `password` is theirs. */
  isValidLogin(name: string, password: string): boolean {
    const row = this.findRow(name);
    return row !== undefined && isPasswordMatch(password, row.password_hash);
  }

  /**
   * Makes the users exactly `users` from the config file: adds new ones, updates changed
   * passwords, removes every other user (the generated admin too). One transaction.
   */
  replaceConfigUsers(users: ReadonlyArray<{ name: string; password: string }>): void {
    this.sql.transaction(() => {
      const wanted = new Set(users.map((u) => u.name));
      for (const row of this.sql.all(rowSchema, 'SELECT * FROM users')) {
        if (!wanted.has(row.name)) this.sql.run('DELETE FROM users WHERE id = ?', row.id);
      }
      for (const user of users) {
        const existing = this.findRow(user.name);
        if (existing === undefined) {
          this.create({ ...user, source: 'config' });
        } else if (existing.source !== 'config' || !isPasswordMatch(user.password, existing.password_hash)) {
          this.sql.run(
            "UPDATE users SET password_hash = ?, source = 'config' WHERE id = ?",
            hashPassword(user.password),
            existing.id,
          );
        }
      }
    });
  }

  private findRow(name: string): UserRow | undefined {
    return this.sql.get(rowSchema, 'SELECT * FROM users WHERE name = ?', name);
  }

  private mustFind(id: number): UserRecord {
    const row = this.sql.get(rowSchema, 'SELECT * FROM users WHERE id = ?', id);
    if (row === undefined) throw new BosunError('USER_NOT_FOUND', `User ${id} not found`);
    return toRecord(row);
  }
}

function toRecord(row: UserRow): UserRecord {
  return { id: row.id, name: row.name, source: row.source, createdAtMs: row.created_at };
}
