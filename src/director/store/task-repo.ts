import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../base/index.js';
import type { Sql, SqlValue } from './sql.js';

/** BOSH's task states. The rules for moving between them are in src/director/tasks/task-state.ts. */
export const TASK_STATES = ['queued', 'processing', 'done', 'error', 'cancelling', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** A task: one change the Director makes, with its output in `outputDir`. */
export interface TaskRecord {
  id: number;
  state: TaskState;
  /** What kind of change, e.g. 'update_deployment' (BOSH's task type). */
  type: string;
  description: string;
  deploymentName: string | null;
  username: string;
  /** Holds the `event`, `debug` and `result` output files. */
  outputDir: string;
  /** What the task ended with: its result text, or the error message. */
  result: string | null;
  createdAtMs: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
}

/** What {@link TaskRepo.create} needs. */
export interface TaskInput {
  type: string;
  description: string;
  deploymentName: string | null;
  username: string;
}

/** Fields written together with a state change. */
export interface TaskTransitionFields {
  result?: string;
  startedAtMs?: number;
  endedAtMs?: number;
}

const rowSchema = z.object({
  id: z.number(),
  state: z.enum(TASK_STATES),
  type: z.string(),
  description: z.string(),
  deployment_name: z.string().nullable(),
  username: z.string(),
  output_dir: z.string(),
  result: z.string().nullable(),
  created_at: z.number(),
  started_at: z.number().nullable(),
  ended_at: z.number().nullable(),
});

/** The `tasks` table. Output files live under `<tasksDir>/<id>/`. */
export class TaskRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly tasksDir: string,
  ) {}

  /** Records a new task in state `queued`, with a fresh id (ids are never reused). */
  create(input: TaskInput): TaskRecord {
    return this.sql.transaction(() => {
      const { lastInsertId } = this.sql.run(
        `INSERT INTO tasks (state, type, description, deployment_name, username, output_dir, created_at)
         VALUES ('queued', ?, ?, ?, ?, '', ?)`,
        input.type,
        input.description,
        input.deploymentName,
        input.username,
        this.clock.nowMs(),
      );
      this.sql.run(
        'UPDATE tasks SET output_dir = ? WHERE id = ?',
        join(this.tasksDir, String(lastInsertId)),
        lastInsertId,
      );
      return this.find(lastInsertId)!;
    });
  }

  find(id: number): TaskRecord | undefined {
    const row = this.sql.get(rowSchema, 'SELECT * FROM tasks WHERE id = ?', id);
    return row === undefined ? undefined : toRecord(row);
  }

  /** Tasks newest first, optionally only of one deployment and/or in some states. */
  list(
    filter: { deploymentName?: string; states?: readonly TaskState[]; limit?: number } = {},
  ): TaskRecord[] {
    const where: string[] = [];
    const values: SqlValue[] = [];
    if (filter.deploymentName !== undefined) {
      where.push('deployment_name = ?');
      values.push(filter.deploymentName);
    }
    if (filter.states !== undefined) {
      if (filter.states.length === 0) return [];
      where.push(`state IN (${filter.states.map(() => '?').join(', ')})`);
      values.push(...filter.states);
    }
    const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
    return this.sql
      .all(rowSchema, `SELECT * FROM tasks${clause} ORDER BY id DESC LIMIT ?`, ...values, filter.limit ?? 30)
      .map(toRecord);
  }

  /**
   * Moves task `id` from state `from` to `to` (compare-and-set), writing `fields` with it.
   * Returns the updated task, or undefined when the task was not in state `from`: someone
   * else moved it first. Whether `from → to` is allowed is the caller's rule (task-state.ts).
   */
  transition(
    id: number,
    from: TaskState,
    to: TaskState,
    fields: TaskTransitionFields = {},
  ): TaskRecord | undefined {
    const { changes } = this.sql.run(
      `UPDATE tasks SET state = ?, result = COALESCE(?, result), started_at = COALESCE(?, started_at),
         ended_at = COALESCE(?, ended_at)
       WHERE id = ? AND state = ?`,
      to,
      fields.result ?? null,
      fields.startedAtMs ?? null,
      fields.endedAtMs ?? null,
      id,
      from,
    );
    return changes === 0 ? undefined : this.find(id);
  }
}

function toRecord(row: z.infer<typeof rowSchema>): TaskRecord {
  return {
    id: row.id,
    state: row.state,
    type: row.type,
    description: row.description,
    deploymentName: row.deployment_name,
    username: row.username,
    outputDir: row.output_dir,
    result: row.result,
    createdAtMs: row.created_at,
    startedAtMs: row.started_at,
    endedAtMs: row.ended_at,
  };
}
