import { z } from 'zod';
import type { Clock } from '../../base/index.js';
import { fromJsonColumn, jsonObjectSchema, toJsonColumn, type JsonObject } from './json-column.js';
import type { Sql, SqlValue } from './sql.js';

/** One of BOSH's events (`bosh events`): who did what to which object, in which task. */
export interface EventRecord {
  id: number;
  /** The event this one ends (e.g. the `update` that a failed `update` finishes). */
  parentId: number | null;
  occurredAtMs: number;
  username: string;
  /** e.g. 'create', 'update', 'delete', 'acquire', 'release'. */
  action: string;
  /** e.g. 'deployment', 'instance', 'vm', 'disk', 'lock'. */
  objectType: string;
  objectName: string | null;
  taskId: number | null;
  deploymentName: string | null;
  /** `group/uuid` when about one instance. */
  instance: string | null;
  error: string | null;
  context: JsonObject;
}

export type EventInput = Omit<
  EventRecord,
  | 'id'
  | 'occurredAtMs'
  | 'parentId'
  | 'objectName'
  | 'taskId'
  | 'deploymentName'
  | 'instance'
  | 'error'
  | 'context'
> &
  Partial<
    Pick<
      EventRecord,
      'parentId' | 'objectName' | 'taskId' | 'deploymentName' | 'instance' | 'error' | 'context'
    >
  >;

const rowSchema = z.object({
  id: z.number(),
  parent_id: z.number().nullable(),
  occurred_at: z.number(),
  username: z.string(),
  action: z.string(),
  object_type: z.string(),
  object_name: z.string().nullable(),
  task_id: z.number().nullable(),
  deployment_name: z.string().nullable(),
  instance: z.string().nullable(),
  error: z.string().nullable(),
  context: z.string(),
});

/** The `events` table: append-only. */
export class EventRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  create(input: EventInput): EventRecord {
    const { lastInsertId } = this.sql.run(
      `INSERT INTO events (parent_id, occurred_at, username, action, object_type, object_name, task_id,
         deployment_name, instance, error, context)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      input.parentId ?? null,
      this.clock.nowMs(),
      input.username,
      input.action,
      input.objectType,
      input.objectName ?? null,
      input.taskId ?? null,
      input.deploymentName ?? null,
      input.instance ?? null,
      input.error ?? null,
      toJsonColumn(input.context ?? {}),
    );
    return this.findById(lastInsertId)!;
  }

  findById(id: number): EventRecord | undefined {
    const row = this.sql.get(rowSchema, 'SELECT * FROM events WHERE id = ?', id);
    return row === undefined ? undefined : toRecord(row);
  }

  /** Events newest first, optionally of one deployment or task, and older than `beforeId`. */
  list(
    filter: { deploymentName?: string; taskId?: number; beforeId?: number; limit?: number } = {},
  ): EventRecord[] {
    const where: string[] = [];
    const values: SqlValue[] = [];
    if (filter.deploymentName !== undefined) {
      where.push('deployment_name = ?');
      values.push(filter.deploymentName);
    }
    if (filter.taskId !== undefined) {
      where.push('task_id = ?');
      values.push(filter.taskId);
    }
    if (filter.beforeId !== undefined) {
      where.push('id < ?');
      values.push(filter.beforeId);
    }
    const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
    return this.sql
      .all(
        rowSchema,
        `SELECT * FROM events${clause} ORDER BY id DESC LIMIT ?`,
        ...values,
        filter.limit ?? 200,
      )
      .map(toRecord);
  }
}

function toRecord(row: z.infer<typeof rowSchema>): EventRecord {
  return {
    id: row.id,
    parentId: row.parent_id,
    occurredAtMs: row.occurred_at,
    username: row.username,
    action: row.action,
    objectType: row.object_type,
    objectName: row.object_name,
    taskId: row.task_id,
    deploymentName: row.deployment_name,
    instance: row.instance,
    error: row.error,
    context: fromJsonColumn(jsonObjectSchema, row.context, `events.context of event ${row.id}`),
  };
}
