import { z } from 'zod';
import { BosunError } from '../../base/index.js';
import type { Clock } from '../../base/index.js';
import { fromJsonColumn, jsonObjectSchema, toJsonColumn, type JsonObject } from './json-column.js';
import { sqlBool, type Sql } from './sql.js';

/** The credentials of an agent's HTTP mbus (basic auth), unique per VM. */
export interface AgentCredentials {
  user: string;
  password: string;
}

/** A VM the CPI created. */
export interface VmRecord {
  id: number;
  deploymentId: number;
  /** The instance it serves; null for compilation VMs. */
  instanceId: number | null;
  cid: string;
  agentId: string;
  agentCredentials: AgentCredentials;
  stemcellId: number | null;
  /** The BOSH network settings given to create_vm. */
  networkSettings: JsonObject;
  cloudProperties: JsonObject;
  /** True for the instance's current VM (false while a replacement is being created). */
  isActive: boolean;
  createdAtMs: number;
}

export type VmInput = Omit<VmRecord, 'id' | 'createdAtMs'>;

export const vmRowSchema = z.object({
  id: z.number(),
  deployment_id: z.number(),
  instance_id: z.number().nullable(),
  cid: z.string(),
  agent_id: z.string(),
  agent_credentials: z.string(),
  stemcell_id: z.number().nullable(),
  network_settings: z.string(),
  cloud_properties: z.string(),
  active: z.number(),
  created_at: z.number(),
});

const credentialsSchema = z.object({ user: z.string(), password: z.string() });

export function toVmRecord(row: z.infer<typeof vmRowSchema>): VmRecord {
  return {
    id: row.id,
    deploymentId: row.deployment_id,
    instanceId: row.instance_id,
    cid: row.cid,
    agentId: row.agent_id,
    agentCredentials: fromJsonColumn(
      credentialsSchema,
      row.agent_credentials,
      `vms.agent_credentials of '${row.cid}'`,
    ),
    stemcellId: row.stemcell_id,
    networkSettings: fromJsonColumn(
      jsonObjectSchema,
      row.network_settings,
      `vms.network_settings of '${row.cid}'`,
    ),
    cloudProperties: fromJsonColumn(
      jsonObjectSchema,
      row.cloud_properties,
      `vms.cloud_properties of '${row.cid}'`,
    ),
    isActive: row.active !== 0,
    createdAtMs: row.created_at,
  };
}

/**
 * The `vms` table. Record a VM as soon as create_vm returns its CID and forget it only after
 * delete_vm succeeded, so that a Director killed in between still knows about it.
 */
export class VmRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  create(input: VmInput): VmRecord {
    const { lastInsertId } = this.sql.run(
      `INSERT INTO vms (deployment_id, instance_id, cid, agent_id, agent_credentials, stemcell_id,
         network_settings, cloud_properties, active, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      input.deploymentId,
      input.instanceId,
      input.cid,
      input.agentId,
      toJsonColumn(input.agentCredentials),
      input.stemcellId,
      toJsonColumn(input.networkSettings),
      toJsonColumn(input.cloudProperties),
      sqlBool(input.isActive),
      this.clock.nowMs(),
    );
    return this.findById(lastInsertId)!;
  }

  findById(id: number): VmRecord | undefined {
    const row = this.sql.get(vmRowSchema, 'SELECT * FROM vms WHERE id = ?', id);
    return row === undefined ? undefined : toVmRecord(row);
  }

  findByCid(cid: string): VmRecord | undefined {
    const row = this.sql.get(vmRowSchema, 'SELECT * FROM vms WHERE cid = ?', cid);
    return row === undefined ? undefined : toVmRecord(row);
  }

  findByAgentId(agentId: string): VmRecord | undefined {
    const row = this.sql.get(vmRowSchema, 'SELECT * FROM vms WHERE agent_id = ?', agentId);
    return row === undefined ? undefined : toVmRecord(row);
  }

  /** Every VM of a deployment, compilation VMs and inactive ones included, oldest first. */
  listByDeployment(deploymentName: string): VmRecord[] {
    return this.sql
      .all(
        vmRowSchema,
        'SELECT v.* FROM vms v JOIN deployments d ON d.id = v.deployment_id WHERE d.name = ? ORDER BY v.id',
        deploymentName,
      )
      .map(toVmRecord);
  }

  listByInstance(instanceId: number): VmRecord[] {
    return this.sql
      .all(vmRowSchema, 'SELECT * FROM vms WHERE instance_id = ? ORDER BY id', instanceId)
      .map(toVmRecord);
  }

  /** Makes `vmId` its instance's only active VM; one transaction. */
  activate(vmId: number): VmRecord {
    return this.sql.transaction(() => {
      const vm = this.findById(vmId);
      if (vm === undefined) throw new BosunError('VM_NOT_FOUND', `VM ${vmId} not found`);
      if (vm.instanceId !== null)
        this.sql.run('UPDATE vms SET active = 0 WHERE instance_id = ?', vm.instanceId);
      this.sql.run('UPDATE vms SET active = 1 WHERE id = ?', vmId);
      return this.findById(vmId)!;
    });
  }

  /** Forgets a VM after the CPI deleted it. Returns false when it was not recorded. */
  delete(cid: string): boolean {
    return this.sql.run('DELETE FROM vms WHERE cid = ?', cid).changes > 0;
  }
}
