import { z } from 'zod';
import { BosunError } from '../../base/index.js';
import type { Clock } from '../../base/index.js';
import { fromJsonColumn, jsonObjectSchema, toJsonColumn, type JsonObject } from './json-column.js';
import { sqlBool, type Sql } from './sql.js';

/** A persistent disk the CPI created for an instance. */
export interface PersistentDiskRecord {
  id: number;
  instanceId: number;
  cid: string;
  /** '' for the instance's default persistent disk, else the name from the manifest. */
  name: string;
  sizeMb: number;
  cloudProperties: JsonObject;
  /** True for the disk in use (false while a replacement's data is being migrated). */
  isActive: boolean;
  createdAtMs: number;
}

export type PersistentDiskInput = Omit<PersistentDiskRecord, 'id' | 'createdAtMs'>;

const rowSchema = z.object({
  id: z.number(),
  instance_id: z.number(),
  cid: z.string(),
  name: z.string(),
  size_mb: z.number(),
  cloud_properties: z.string(),
  active: z.number(),
  created_at: z.number(),
});

/** The `persistent_disks` table; like VMs, recorded as soon as the CPI returns the CID. */
export class DiskRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  create(input: PersistentDiskInput): PersistentDiskRecord {
    const { lastInsertId } = this.sql.run(
      `INSERT INTO persistent_disks (instance_id, cid, name, size_mb, cloud_properties, active, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      input.instanceId,
      input.cid,
      input.name,
      input.sizeMb,
      toJsonColumn(input.cloudProperties),
      sqlBool(input.isActive),
      this.clock.nowMs(),
    );
    return this.findById(lastInsertId)!;
  }

  findById(id: number): PersistentDiskRecord | undefined {
    const row = this.sql.get(rowSchema, 'SELECT * FROM persistent_disks WHERE id = ?', id);
    return row === undefined ? undefined : toRecord(row);
  }

  listByInstance(instanceId: number): PersistentDiskRecord[] {
    return this.sql
      .all(rowSchema, 'SELECT * FROM persistent_disks WHERE instance_id = ? ORDER BY id', instanceId)
      .map(toRecord);
  }

  listByDeployment(deploymentName: string): PersistentDiskRecord[] {
    return this.sql
      .all(
        rowSchema,
        `SELECT p.* FROM persistent_disks p JOIN instances i ON i.id = p.instance_id
         JOIN deployments d ON d.id = i.deployment_id WHERE d.name = ? ORDER BY p.id`,
        deploymentName,
      )
      .map(toRecord);
  }

  /** Makes `diskId` the only active disk of its instance with the same name; one transaction. */
  activate(diskId: number): PersistentDiskRecord {
    return this.sql.transaction(() => {
      const disk = this.findById(diskId);
      if (disk === undefined) throw new BosunError('DISK_NOT_FOUND', `Persistent disk ${diskId} not found`);
      this.sql.run(
        'UPDATE persistent_disks SET active = 0 WHERE instance_id = ? AND name = ?',
        disk.instanceId,
        disk.name,
      );
      this.sql.run('UPDATE persistent_disks SET active = 1 WHERE id = ?', diskId);
      return this.findById(diskId)!;
    });
  }

  /** Forgets a disk after the CPI deleted it. Returns false when it was not recorded. */
  delete(cid: string): boolean {
    return this.sql.run('DELETE FROM persistent_disks WHERE cid = ?', cid).changes > 0;
  }
}

function toRecord(row: z.infer<typeof rowSchema>): PersistentDiskRecord {
  return {
    id: row.id,
    instanceId: row.instance_id,
    cid: row.cid,
    name: row.name,
    sizeMb: row.size_mb,
    cloudProperties: fromJsonColumn(
      jsonObjectSchema,
      row.cloud_properties,
      `persistent_disks.cloud_properties of '${row.cid}'`,
    ),
    isActive: row.active !== 0,
    createdAtMs: row.created_at,
  };
}
