import { createHash } from 'node:crypto';
import { BosunError } from '../../base/index.js';
import {
  parseCloudConfig,
  parseDeploymentManifest,
  type CloudConfig,
  type DeploymentManifest,
} from '../../manifest/index.js';
import { parseJobSpec, type JobSource } from '../../release/index.js';
import { loadYaml } from '../../yaml/index.js';
import { planAllInstances, type InstancePlacement } from '../planning/index.js';
import type { JobLookup, LoadedJob } from './loaded-job.js';

/** Helpers for rendering tests: jobs in memory, a small cloud config, planned placements. */

export const CLOUD_CONFIG_YAML = `
azs: [{name: z1}, {name: z2}]
networks:
- name: default
  subnets:
  - {range: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2], reserved: [10.0.0.2 - 10.0.0.9], azs: [z1, z2]}
- name: other
  subnets:
  - {range: 10.1.0.0/24, gateway: 10.1.0.1, azs: [z1, z2]}
vm_types: [{name: default}]
disk_types: [{name: large, disk_size: 4096}]
compilation: {workers: 1, az: z1, vm_type: default, network: default}
`;

/** The head of every test manifest; append `instance_groups:`. */
export const MANIFEST_HEAD = `
name: shop
releases: [{name: app, version: latest}]
stemcells: [{alias: default, os: ubuntu-jammy, version: latest}]
update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}
`;

/** A job as its tarball would hold it, built from its spec's YAML and its files' text. */
export function jobFrom(specYaml: string, monit: string, templates: Record<string, string> = {}): JobSource {
  const spec = parseJobSpec(loadYaml(specYaml, 'job.MF'), 'job.MF');
  return {
    dir: `/jobs/${spec.name}`,
    kind: 'tarball',
    specFile: `/jobs/${spec.name}/job.MF`,
    spec,
    monit,
    monitFiles: [],
    templates: new Map(spec.templates.map((t) => [t.source, templates[t.source] ?? ''])),
    propertiesSchema: undefined,
  };
}

/** The stored record of a test job: version `<name>-v1`, sha1 and blobstore id derived from its name. */
export function recordOf(name: string): LoadedJob['record'] {
  const sha1 = createHash('sha1').update(name).digest('hex');
  return { version: `${name}-v1`, sha1, blobstoreId: `blob-${name}` };
}

/** A lookup over `jobs`, all of release `app/1.0`; unknown jobs throw as the executor's would. */
export function lookupOf(...jobs: JobSource[]): JobLookup {
  const loaded = new Map(
    jobs.map((source) => [
      source.spec.name,
      { source, release: { name: 'app', version: '1.0' }, record: recordOf(source.spec.name) },
    ]),
  );
  return (release, job) => {
    const found = release === 'app' ? loaded.get(job) : undefined;
    if (found === undefined)
      throw new BosunError('JOB_NOT_FOUND', `Job '${job}' not found in release '${release}'`);
    return found;
  };
}

/**
 * The manifest (`MANIFEST_HEAD`, `moreHead`, then the groups), cloud config and placements of
 * a first deploy; instance ids end in 0, 1, 2... in plan order.
 */
export function planned(
  instanceGroupsYaml: string,
  moreHead = '',
): {
  manifest: DeploymentManifest;
  cloudConfig: CloudConfig;
  placements: InstancePlacement[];
} {
  const manifest = parseDeploymentManifest(
    `${MANIFEST_HEAD}${moreHead}${instanceGroupsYaml}`,
    'manifest.yml',
  );
  const cloudConfig = parseCloudConfig(CLOUD_CONFIG_YAML, 'cloud-config.yml');
  let n = 0;
  const { placements } = planAllInstances(manifest, [], cloudConfig, {
    newId: () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
    usedIps: new Set(),
  });
  return { manifest, cloudConfig, placements };
}
