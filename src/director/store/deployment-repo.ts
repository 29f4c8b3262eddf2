import { z } from 'zod';
import { BosunError } from '../../base/index.js';
import type { Clock } from '../../base/index.js';
import type { Sql } from './sql.js';

/** A deployment: its manifest and what it was last deployed with. */
export interface DeploymentRecord {
  id: number;
  name: string;
  /** The manifest YAML as the operator wrote it. */
  manifest: string;
  /** The cloud config version it was last deployed with. */
  cloudConfigId: number | null;
  releaseVersionIds: number[];
  stemcellIds: number[];
  createdAtMs: number;
  updatedAtMs: number;
}

/** What {@link DeploymentRepo.save} writes. */
export type DeploymentInput = Pick<
  DeploymentRecord,
  'name' | 'manifest' | 'cloudConfigId' | 'releaseVersionIds' | 'stemcellIds'
>;

const rowSchema = z.object({
  id: z.number(),
  name: z.string(),
  manifest: z.string(),
  cloud_config_id: z.number().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
});
const idsSchema = z.object({ id: z.number() });

/** The `deployments` table with its release-version and stemcell joins. */
export class DeploymentRepo {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
  ) {}

  /** Creates the deployment or replaces its manifest, cloud config and joins; one transaction. */
  save(input: DeploymentInput): DeploymentRecord {
    return this.sql.transaction(() => {
      const now = this.clock.nowMs();
      this.sql.run(
        `INSERT INTO deployments (name, manifest, cloud_config_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET manifest = excluded.manifest,
           cloud_config_id = excluded.cloud_config_id, updated_at = excluded.updated_at`,
        input.name,
        input.manifest,
        input.cloudConfigId,
        now,
        now,
      );
      const id = this.sql.get(idsSchema, 'SELECT id FROM deployments WHERE name = ?', input.name)!.id;
      this.sql.run('DELETE FROM deployment_release_versions WHERE deployment_id = ?', id);
      for (const rv of new Set(input.releaseVersionIds)) {
        this.sql.run(
          'INSERT INTO deployment_release_versions (deployment_id, release_version_id) VALUES (?, ?)',
          id,
          rv,
        );
      }
      this.sql.run('DELETE FROM deployment_stemcells WHERE deployment_id = ?', id);
      for (const stemcell of new Set(input.stemcellIds)) {
        this.sql.run(
          'INSERT INTO deployment_stemcells (deployment_id, stemcell_id) VALUES (?, ?)',
          id,
          stemcell,
        );
      }
      return this.find(input.name)!;
    });
  }

  find(name: string): DeploymentRecord | undefined {
    const row = this.sql.get(rowSchema, 'SELECT * FROM deployments WHERE name = ?', name);
    return row === undefined ? undefined : this.toRecord(row);
  }

  /** Every deployment, by name. */
  list(): DeploymentRecord[] {
    return this.sql
      .all(rowSchema, 'SELECT * FROM deployments ORDER BY name')
      .map((row) => this.toRecord(row));
  }

  /**
   * Forgets a deployment and its instances. Refuses (`DEPLOYMENT_HAS_RESOURCES`) while VMs or
   * persistent disks are still recorded for it: those are deleted through the CPI first.
   * Returns false when there was no such deployment.
   */
  delete(name: string): boolean {
    return this.sql.transaction(() => {
      const row = this.sql.get(rowSchema, 'SELECT * FROM deployments WHERE name = ?', name);
      if (row === undefined) return false;
      const count = z.object({ n: z.number() });
      const vms = this.sql.get(count, 'SELECT COUNT(*) AS n FROM vms WHERE deployment_id = ?', row.id)!.n;
      const disks = this.sql.get(
        count,
        `SELECT COUNT(*) AS n FROM persistent_disks p JOIN instances i ON i.id = p.instance_id
         WHERE i.deployment_id = ?`,
        row.id,
      )!.n;
      if (vms > 0 || disks > 0) {
        throw new BosunError(
          'DEPLOYMENT_HAS_RESOURCES',
          `Deployment '${name}' still has ${vms} VM(s) and ${disks} persistent disk(s) recorded`,
          { hint: 'Delete them through the CPI before forgetting the deployment.' },
        );
      }
      this.sql.run('DELETE FROM deployments WHERE id = ?', row.id);
      return true;
    });
  }

  private toRecord(row: z.infer<typeof rowSchema>): DeploymentRecord {
    const releaseVersionIds = this.sql
      .all(
        z.object({ id: z.number() }),
        'SELECT release_version_id AS id FROM deployment_release_versions WHERE deployment_id = ? ORDER BY release_version_id',
        row.id,
      )
      .map((r) => r.id);
    const stemcellIds = this.sql
      .all(
        idsSchema,
        'SELECT stemcell_id AS id FROM deployment_stemcells WHERE deployment_id = ? ORDER BY stemcell_id',
        row.id,
      )
      .map((r) => r.id);
    return {
      id: row.id,
      name: row.name,
      manifest: row.manifest,
      cloudConfigId: row.cloud_config_id,
      releaseVersionIds,
      stemcellIds,
      createdAtMs: row.created_at,
      updatedAtMs: row.updated_at,
    };
  }
}
