import { BosunError } from '../../base/index.js';
import type { CloudConfig, DeploymentManifest, InstanceGroup } from '../../manifest/index.js';
import type { InstanceFacts } from '../../templates/index.js';
import { toRubyValue, type RubyHash } from '../../yaml/index.js';
import type { PlacedInstance } from '../planning/index.js';
import type { LoadedJob } from './loaded-job.js';

type InstanceNetwork = InstanceFacts['networks'][number];

/** The Director's root domain (BOSH `Config.root_domain`, default `bosh`). */
export const ROOT_DOMAIN = 'bosh';

/**
 * What the templates of `instance` know about it (§2.5): its identity from the placement, its
 * networks in the group's order (settings as planned; manual IPv4 addresses get prefix `"32"`,
 * IPv6 `"128"`), its persistent disk size, and the group's jobs as stored (`spec.job`).
 * `jobs` are the group's jobs in manifest order. Throws RENDER_INPUT_INVALID when the
 * placement lacks one of the group's networks, and BOSH's message for an unknown disk type.
 */
export function instanceFactsOf(
  manifest: DeploymentManifest,
  cloudConfig: CloudConfig,
  group: InstanceGroup,
  instance: PlacedInstance,
  jobs: readonly LoadedJob[],
): InstanceFacts {
  return {
    deployment: manifest.name,
    instanceGroup: group.name,
    index: instance.index,
    id: instance.id,
    az: instance.az,
    bootstrap: instance.isBootstrap,
    networks: group.networks.map((n) => networkOf(instance, n.name)),
    persistentDiskMb: persistentDiskMbOf(group, cloudConfig),
    rootDomain: ROOT_DOMAIN,
    useDnsAddresses: manifest.features.use_dns_addresses ?? false,
    instanceGroupJobs: group.jobs.map((job, i) => {
      const loaded = jobs[i];
      if (loaded === undefined)
        throw new BosunError('RENDER_INPUT_INVALID', `No loaded job for '${job.name}'`);
      return {
        name: job.name,
        version: loaded.record.version,
        sha1: loaded.record.sha1,
        blobstoreId: loaded.record.blobstoreId,
        logs: loaded.source.spec.logs,
      };
    }),
    overrides: new Map(),
  };
}

function networkOf(instance: PlacedInstance, name: string): InstanceNetwork {
  const s = instance.networks[name];
  if (s === undefined) {
    throw new BosunError(
      'RENDER_INPUT_INVALID',
      `Instance '${instance.group}/${instance.id}' has no settings for network '${name}'`,
    );
  }
  const prefix = s.type === 'manual' && s.ip !== undefined ? (s.ip.includes(':') ? '128' : '32') : undefined;
  return {
    name,
    type: s.type,
    ip: s.ip,
    netmask: s.netmask,
    gateway: s.gateway,
    dns: s.dns,
    default: s.default,
    cloudProperties: toRubyValue(s.cloud_properties) as RubyHash,
    prefix,
  };
}

/** §2.5 `persistent_disk`: MB; 0 without a disk; undefined (key absent) with `persistent_disks`. */
function persistentDiskMbOf(group: InstanceGroup, cloudConfig: CloudConfig): number | undefined {
  if (group.persistent_disk !== undefined) return group.persistent_disk;
  const typeName = group.persistent_disk_type;
  if (typeName !== undefined) {
    const type = cloudConfig.disk_types.find((t) => t.name === typeName);
    if (type === undefined) {
      throw new BosunError(
        'RENDER_INPUT_INVALID',
        `Instance group '${group.name}' references an unknown disk type '${typeName}'`,
      );
    }
    return type.disk_size;
  }
  if (group.persistent_disks !== undefined && group.persistent_disks.length > 0) return undefined;
  return 0;
}
