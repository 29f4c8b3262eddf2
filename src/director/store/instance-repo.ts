import { z } from 'zod';
import { BosunError } from '../../base/index.js';
import type { Clock } from '../../base/index.js';
import { fromJsonColumn, jsonObjectSchema, toJsonColumn, type JsonObject } from './json-column.js';
import { sqlBool, type Sql, type SqlValue } from './sql.js';
import { toVmRecord, vmRowSchema, type VmRecord } from './vm-repo.js';

/** The state an operator asked for (`bosh start/stop`); BOSH's instance `state`. */
export type InstanceState = 'started' | 'stopped' | 'detached';

/** Where an instance's rendered job templates are in the blobstore. */
export interface RenderedTemplatesRef {
  blobstoreId: string;
  sha1: string;
}

/** An instance of an instance group, with its active VM when it has one. */
export interface InstanceRecord {
  id: number;
  deploymentId: number;
  deploymentName: string;
  instanceGroup: string;
  index: number;
  uuid: string;
  az: string | null;
  isBootstrap: boolean;
  state: InstanceState;
  isIgnored: boolean;
  /** False while an update is under way or after one failed (the instance is dirty). */
  isUpdateCompleted: boolean;
  ips: string[];
  /** The last apply spec sent to the agent. */
  spec: JsonObject | null;
  renderedTemplates: RenderedTemplatesRef | null;
  configurationHash: string | null;
  /** What the last successful apply ran (the planner's `InstanceFacts`), as JSON; null before one. */
  appliedFacts: JsonObject | null;
  vm: VmRecord | undefined;
  createdAtMs: number;
  updatedAtMs: number;
}

/** What {@link InstanceRepo.create} needs. */
export interface InstanceInput {
  deploymentName: string;
  instanceGroup: string;
  index: number;
  uuid: string;
  az: string | null;
  isBootstrap: boolean;
  state: InstanceState;
}

/** Fields {@link InstanceRepo.update} can change. */
export type InstancePatch = Partial<
  Pick<
    InstanceRecord,
    | 'az'
    | 'isBootstrap'
    | 'state'
    | 'isIgnored'
    | 'isUpdateCompleted'
    | 'ips'
    | 'spec'
    | 'renderedTemplates'
    | 'configurationHash'
    | 'appliedFacts'
  >
>;

const rowSchema = z.object({
  id: z.number(),
  deployment_id: z.number(),
  deployment_name: z.string(),
  instance_group: z.string(),
  instance_index: z.number(),
  uuid: z.string(),
  az: z.string().nullable(),
  bootstrap: z.number(),
  state: z.enum(['started', 'stopped', 'detached']),
  is_ignored: z.number(),
  update_completed: z.number(),
  ips: z.string(),
  spec: z.string().nullable(),
  rendered_templates_blobstore_id: z.string().nullable(),
  rendered_templates_sha1: z.string().nullable(),
  configuration_hash: z.string().nullable(),
  applied_facts: z.string().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
});
type InstanceRow = z.infer<typeof rowSchema>;

const SELECT =
  'SELECT i.*, d.name AS deployment_name FROM instances i JOIN deployments d ON d.id = i.deployment_id';

/** The `instances` table. */
export class InstanceRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  /** Adds an instance to a deployment (`DEPLOYMENT_NOT_FOUND` when there is none). Not yet updated: dirty. */
  create(input: InstanceInput): InstanceRecord {
    const deployment = this.sql.get(
      z.object({ id: z.number() }),
      'SELECT id FROM deployments WHERE name = ?',
      input.deploymentName,
    );
    if (deployment === undefined) {
      throw new BosunError('DEPLOYMENT_NOT_FOUND', `Deployment '${input.deploymentName}' doesn't exist`);
    }
    const now = this.clock.nowMs();
    const { lastInsertId } = this.sql.run(
      `INSERT INTO instances (deployment_id, instance_group, instance_index, uuid, az, bootstrap, state,
         is_ignored, update_completed, ips, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, '[]', ?, ?)`,
      deployment.id,
      input.instanceGroup,
      input.index,
      input.uuid,
      input.az,
      sqlBool(input.isBootstrap),
      input.state,
      now,
      now,
    );
    return this.findById(lastInsertId)!;
  }

  findById(id: number): InstanceRecord | undefined {
    return this.withVms(this.sql.all(rowSchema, `${SELECT} WHERE i.id = ?`, id))[0];
  }

  findByUuid(uuid: string): InstanceRecord | undefined {
    return this.withVms(this.sql.all(rowSchema, `${SELECT} WHERE i.uuid = ?`, uuid))[0];
  }

  /** The instances of a deployment by instance group, then index. */
  listByDeployment(deploymentName: string): InstanceRecord[] {
    return this.withVms(
      this.sql.all(
        rowSchema,
        `${SELECT} WHERE d.name = ? ORDER BY i.instance_group, i.instance_index`,
        deploymentName,
      ),
    );
  }

  /** Changes the given fields; returns the instance as stored. */
  update(id: number, patch: InstancePatch): InstanceRecord {
    const sets: string[] = [];
    const values: SqlValue[] = [];
    const set = (column: string, value: SqlValue): void => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (patch.az !== undefined) set('az', patch.az);
    if (patch.isBootstrap !== undefined) set('bootstrap', sqlBool(patch.isBootstrap));
    if (patch.state !== undefined) set('state', patch.state);
    if (patch.isIgnored !== undefined) set('is_ignored', sqlBool(patch.isIgnored));
    if (patch.isUpdateCompleted !== undefined) set('update_completed', sqlBool(patch.isUpdateCompleted));
    if (patch.ips !== undefined) set('ips', toJsonColumn(patch.ips));
    if (patch.spec !== undefined) set('spec', patch.spec === null ? null : toJsonColumn(patch.spec));
    if (patch.renderedTemplates !== undefined) {
      set('rendered_templates_blobstore_id', patch.renderedTemplates?.blobstoreId ?? null);
      set('rendered_templates_sha1', patch.renderedTemplates?.sha1 ?? null);
    }
    if (patch.configurationHash !== undefined) set('configuration_hash', patch.configurationHash);
    if (patch.appliedFacts !== undefined) {
      set('applied_facts', patch.appliedFacts === null ? null : toJsonColumn(patch.appliedFacts));
    }
    set('updated_at', this.clock.nowMs());
    const { changes } = this.sql.run(`UPDATE instances SET ${sets.join(', ')} WHERE id = ?`, ...values, id);
    if (changes === 0) throw new BosunError('INSTANCE_NOT_FOUND', `Instance ${id} not found`);
    return this.findById(id)!;
  }

  /** Forgets an instance; fails while VMs or disks are recorded for it. */
  delete(id: number): boolean {
    return this.sql.run('DELETE FROM instances WHERE id = ?', id).changes > 0;
  }

  private withVms(rows: InstanceRow[]): InstanceRecord[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const vms = this.sql
      .all(
        vmRowSchema,
        `SELECT * FROM vms WHERE active = 1 AND instance_id IN (${ids.map(() => '?').join(', ')})`,
        ...ids,
      )
      .map(toVmRecord);
    const vmOf = new Map(vms.map((vm) => [vm.instanceId, vm]));
    return rows.map((row) => toRecord(row, vmOf.get(row.id)));
  }
}

function toRecord(row: InstanceRow, vm: VmRecord | undefined): InstanceRecord {
  const name = `${row.instance_group}/${row.uuid}`;
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    deploymentName: row.deployment_name,
    instanceGroup: row.instance_group,
    index: row.instance_index,
    uuid: row.uuid,
    az: row.az,
    isBootstrap: row.bootstrap !== 0,
    state: row.state,
    isIgnored: row.is_ignored !== 0,
    isUpdateCompleted: row.update_completed !== 0,
    ips: fromJsonColumn(z.array(z.string()), row.ips, `instances.ips of ${name}`),
    spec: row.spec === null ? null : fromJsonColumn(jsonObjectSchema, row.spec, `instances.spec of ${name}`),
    renderedTemplates:
      row.rendered_templates_blobstore_id === null || row.rendered_templates_sha1 === null
        ? null
        : { blobstoreId: row.rendered_templates_blobstore_id, sha1: row.rendered_templates_sha1 },
    configurationHash: row.configuration_hash,
    appliedFacts:
      row.applied_facts === null
        ? null
        : fromJsonColumn(jsonObjectSchema, row.applied_facts, `instances.applied_facts of ${name}`),
    vm,
    createdAtMs: row.created_at,
    updatedAtMs: row.updated_at,
  };
}
