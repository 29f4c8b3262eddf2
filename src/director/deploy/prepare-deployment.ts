import { randomUUID } from 'node:crypto';
import { BosunError } from '../../base/index.js';
import {
  checkManifestAgainstCloudConfig,
  parseCloudConfig,
  parseDeploymentManifest,
  type CloudConfig,
  type DeploymentManifest,
} from '../../manifest/index.js';
import type { RubyVmHost } from '../../templates/index.js';
import type { Blobstore } from '../blobstore/index.js';
import { planAllInstances, type InstancePlacement } from '../planning/index.js';
import { loadJobFromBlobstore, renderDeployment, type LoadedJob, type RenderedInstance } from '../rendering/index.js';
import type { DirectorStore, InstanceRecord } from '../store/index.js';
import { existingInstanceOf, ipsByNetwork } from './actual-instances.js';
import { resolveArtifacts, type ResolvedArtifacts } from './resolve-artifacts.js';

/** A deploy after validation, identity planning and rendering: nothing has changed yet. */
export interface PreparedDeployment {
  /** By instance id; empty until `renderPreparedDeployment`. */
  readonly rendered: ReadonlyMap<string, RenderedInstance>;
  readonly manifestText: string;
  readonly manifest: DeploymentManifest;
  readonly cloudConfig: CloudConfig;
  readonly cloudConfigId: number;
  readonly artifacts: ResolvedArtifacts;
  /** The store's instances of the deployment before this deploy. */
  readonly records: readonly InstanceRecord[];
  readonly placements: readonly InstancePlacement[];
  /** `<release>/<job>` → the job. */
  readonly jobs: ReadonlyMap<string, LoadedJob>;
  /** Addresses any instance of any deployment holds after this plan (compilation VMs avoid them). */
  readonly takenIps: ReadonlySet<string>;
}

export interface PrepareDependencies {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  readonly jobCacheDir: string;
  readonly renderHost: () => Promise<RubyVmHost>;
  readonly signal?: AbortSignal | undefined;
}

/** Parses and checks the manifest against the cloud config and the store; BOSH's messages. */
export function validateDeployment(
  manifestText: string,
  manifestFile: string,
  store: DirectorStore,
): Pick<PreparedDeployment, 'manifest' | 'cloudConfig' | 'cloudConfigId' | 'artifacts'> {
  const manifest = parseDeploymentManifest(manifestText, manifestFile);
  const cloudRecord = store.cloudConfigs.latest();
  if (cloudRecord === undefined) {
    throw new BosunError('CLOUD_CONFIG_MISSING', 'No cloud config uploaded yet', {
      hint: 'Upload one with: bosun update-cloud-config FILE',
    });
  }
  const cloudConfig = parseCloudConfig(cloudRecord.content, 'cloud config');
  checkManifestAgainstCloudConfig(manifest, cloudConfig);
  return { manifest, cloudConfig, cloudConfigId: cloudRecord.id, artifacts: resolveArtifacts(manifest, store) };
}

/** Plans instance identities and addresses (§6.4) and loads every job. */
export async function prepareDeployment(
  deps: PrepareDependencies,
  manifestText: string,
  manifestFile: string,
): Promise<PreparedDeployment> {
  const validated = validateDeployment(manifestText, manifestFile, deps.store);
  const { manifest, cloudConfig, artifacts } = validated;
  const records = deps.store.instances.listByDeployment(manifest.name);
  const existing = records.map((r) =>
    existingInstanceOf(r, deps.store.disks.listByInstance(r.id).length > 0),
  );
  const usedIps = new Set<string>();
  for (const deployment of deps.store.deployments.list()) {
    if (deployment.name === manifest.name) continue;
    for (const r of deps.store.instances.listByDeployment(deployment.name)) {
      for (const ip of Object.values(ipsByNetwork(r))) usedIps.add(ip);
    }
  }
  const { placements } = planAllInstances(manifest, existing, cloudConfig, { newId: randomUUID, usedIps });
  const takenIps = new Set(usedIps);
  for (const p of placements) {
    for (const i of p.instances) for (const n of Object.values(i.networks)) if (n.ip !== undefined) takenIps.add(n.ip);
  }
  for (const r of records) for (const ip of Object.values(ipsByNetwork(r))) takenIps.add(ip);

  const jobs = new Map<string, LoadedJob>();
  for (const group of manifest.instance_groups) {
    for (const job of group.jobs) {
      const key = `${job.release}/${job.name}`;
      if (jobs.has(key)) continue;
      const release = artifacts.releases.get(job.release);
      if (release === undefined) {
        throw new BosunError(
          'MANIFEST_INVALID',
          `Instance group '${group.name}' references an unknown release '${job.release}'`,
          { hint: `List '${job.release}' under the manifest's 'releases'.` },
        );
      }
      const record = release.jobs.find((j) => j.name === job.name);
      if (record === undefined) {
        throw new BosunError(
          'JOB_NOT_FOUND',
          `Job '${job.name}' not found in release '${release.releaseName}/${release.version}' (instance group '${group.name}')`,
          { hint: `Jobs of the release: ${release.jobs.map((j) => j.name).join(', ')}` },
        );
      }
      const source = await loadJobFromBlobstore(deps.blobstore, record, deps.jobCacheDir, deps.signal);
      jobs.set(key, {
        source,
        release: { name: release.releaseName, version: release.version },
        record: { version: record.version, sha1: record.sha1, blobstoreId: record.blobstoreId },
      });
    }
  }
  return {
    ...validated,
    manifestText,
    records,
    placements,
    jobs,
    rendered: new Map(),
    takenIps,
  };
}

/** Renders every instance of the prepared deployment (§2.7); BOSH's aggregated errors (§2.8). */
export async function renderPreparedDeployment(
  deps: Pick<PrepareDependencies, 'renderHost'>,
  prepared: PreparedDeployment,
): Promise<PreparedDeployment> {
  const host = await deps.renderHost();
  const rendered = renderDeployment({
    manifest: prepared.manifest,
    cloudConfig: prepared.cloudConfig,
    placements: prepared.placements,
    jobOf: (release, job) => {
      const loaded = prepared.jobs.get(`${release}/${job}`);
      if (loaded === undefined) throw new BosunError('JOB_NOT_FOUND', `Job '${job}' of release '${release}' was not loaded`);
      return loaded;
    },
    host,
  });
  return { ...prepared, rendered: new Map(rendered.map((r) => [r.id, r])) };
}
