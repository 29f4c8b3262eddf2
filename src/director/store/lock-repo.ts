import { z } from 'zod';
import { BosunError } from '../../base/index.js';
import type { Clock } from '../../base/index.js';
import type { Sql } from './sql.js';

/** BOSH's words when a deployment is locked by another task. */
export const DEPLOYMENT_LOCKED_MESSAGE =
  'Unable to get deployment lock, maybe a deployment is in progress. Try again later.';

/** The name of the lock that makes changes to one deployment one at a time. */
export function deploymentLockName(deploymentName: string): string {
  return `deployment:${deploymentName}`;
}

/** A held lock. */
export interface LockRecord {
  name: string;
  ownerTaskId: number;
  acquiredAtMs: number;
  /** When another task may take it over; null: held until released. */
  expiresAtMs: number | null;
}

const rowSchema = z.object({
  name: z.string(),
  owner_task_id: z.number(),
  acquired_at: z.number(),
  expires_at: z.number().nullable(),
});

/**
 * The `locks` table: named locks held by tasks. A lock is the row; acquiring inserts it in
 * a transaction, so two Directors sharing a database cannot both hold it.
 */
export class LockRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes lock `name` for `taskId`, or renews it when that task holds it already. An expired
   * lock of another task is taken over. Otherwise fails at once, without waiting: code
   * `DEPLOYMENT_LOCKED` with BOSH's message for `deployment:` locks, `LOCK_BUSY` for others;
   * the hint names the task holding it. `ttlMs` omitted: held until released.
   */
  acquire(name: string, taskId: number, options: { ttlMs?: number } = {}): LockRecord {
    return this.sql.transaction(() => {
      const now = this.clock.nowMs();
      const expiresAt = options.ttlMs === undefined ? null : now + options.ttlMs;
      const held = this.find(name);
      if (held === undefined) {
        this.sql.run(
          'INSERT INTO locks (name, owner_task_id, acquired_at, expires_at) VALUES (?, ?, ?, ?)',
          name,
          taskId,
          now,
          expiresAt,
        );
      } else if (held.ownerTaskId === taskId || (held.expiresAtMs !== null && held.expiresAtMs <= now)) {
        const acquiredAt = held.ownerTaskId === taskId ? held.acquiredAtMs : now;
        this.sql.run(
          'UPDATE locks SET owner_task_id = ?, acquired_at = ?, expires_at = ? WHERE name = ?',
          taskId,
          acquiredAt,
          expiresAt,
          name,
        );
      } else {
        throw lockBusy(name, held);
      }
      return this.find(name)!;
    });
  }

  find(name: string): LockRecord | undefined {
    const row = this.sql.get(rowSchema, 'SELECT * FROM locks WHERE name = ?', name);
    return row === undefined ? undefined : toRecord(row);
  }

  list(): LockRecord[] {
    return this.sql.all(rowSchema, 'SELECT * FROM locks ORDER BY name').map(toRecord);
  }

  /** Releases lock `name` if `taskId` holds it; returns whether it did. */
  release(name: string, taskId: number): boolean {
    return this.sql.run('DELETE FROM locks WHERE name = ? AND owner_task_id = ?', name, taskId).changes > 0;
  }

  /** Releases every lock `taskId` holds; returns how many. */
  releaseByTask(taskId: number): number {
    return this.sql.run('DELETE FROM locks WHERE owner_task_id = ?', taskId).changes;
  }
}

function lockBusy(name: string, held: LockRecord): BosunError {
  const hint = `Task ${held.ownerTaskId} holds the lock '${name}'.`;
  if (name.startsWith('deployment:'))
    return new BosunError('DEPLOYMENT_LOCKED', DEPLOYMENT_LOCKED_MESSAGE, { hint });
  return new BosunError('LOCK_BUSY', `Failed to acquire lock for ${name}`, { hint });
}

function toRecord(row: z.infer<typeof rowSchema>): LockRecord {
  return {
    name: row.name,
    ownerTaskId: row.owner_task_id,
    acquiredAtMs: row.acquired_at,
    expiresAtMs: row.expires_at,
  };
}
