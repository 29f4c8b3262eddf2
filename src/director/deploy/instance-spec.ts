import type { CloudConfig, InstanceGroup } from '../../manifest/index.js';
import { fromRubyValue, type RubyHash } from '../../yaml/index.js';
import type { InstanceFacts, PlacedInstance } from '../planning/index.js';
import type { StemcellRecord } from '../store/index.js';

/** A job of an instance as the apply spec names it. */
export interface InstanceJobRef {
  readonly name: string;
  readonly version: string;
  readonly sha1: string;
  readonly blobstoreId: string;
}

/** A compiled package as the apply spec names it. */
export interface InstancePackageRef {
  readonly name: string;
  readonly version: string;
  readonly sha1: string;
  readonly blobstoreId: string;
}

/** Everything the Director knows about one desired instance after rendering and compiling. */
export interface InstanceSpecInput {
  readonly deployment: string;
  readonly group: InstanceGroup;
  readonly placement: PlacedInstance;
  readonly cloudConfig: CloudConfig;
  readonly stemcell: StemcellRecord;
  readonly jobs: readonly InstanceJobRef[];
  /** Every package of every job of the group, by name (§2.10: each job sees them all). */
  readonly packages: ReadonlyMap<string, InstancePackageRef>;
  readonly configurationHash: string;
  readonly templateHashes: Readonly<Record<string, string>>;
}

/** The merged cloud properties of the instance's AZ, vm_type and vm_extensions (later keys win). */
export function cloudPropertiesOf(
  group: Pick<InstanceGroup, 'vm_type' | 'vm_extensions'>,
  az: string | null,
  cloud: CloudConfig,
): Record<string, unknown> {
  const parts: Array<RubyHash | undefined> = [
    cloud.azs.find((a) => a.name === az)?.cloud_properties,
    cloud.vm_types.find((t) => t.name === group.vm_type)?.cloud_properties,
    ...group.vm_extensions.map((e) => cloud.vm_extensions.find((x) => x.name === e)?.cloud_properties),
  ];
  const merged: Record<string, unknown> = {};
  for (const p of parts) if (p !== undefined) Object.assign(merged, fromRubyValue(p) as Record<string, unknown>);
  return merged;
}

/** The persistent disk size in MB (0: none) from `persistent_disk` or `persistent_disk_type`. */
export function persistentDiskMbOf(group: InstanceGroup, cloud: CloudConfig): number {
  if (group.persistent_disk !== undefined) return group.persistent_disk;
  if (group.persistent_disk_type !== undefined) {
    return cloud.disk_types.find((d) => d.name === group.persistent_disk_type)?.disk_size ?? 0;
  }
  return 0;
}

/** The planner's facts of a desired instance (compared with the store's to plan changes, §5.4). */
export function instanceFactsOf(input: InstanceSpecInput): InstanceFacts {
  const diskMb = persistentDiskMbOf(input.group, input.cloudConfig);
  return {
    stemcell: { name: input.stemcell.name, version: input.stemcell.version },
    cloudProperties: cloudPropertiesOf(input.group, input.placement.az, input.cloudConfig),
    env: fromRubyValue(input.group.env),
    networks: input.placement.networks,
    persistentDisk:
      diskMb > 0
        ? {
            sizeMb: diskMb,
            ...(input.group.persistent_disk_type === undefined ? {} : { type: input.group.persistent_disk_type }),
          }
        : null,
    jobs: input.jobs.map((j) => ({ name: j.name, version: j.version, sha1: j.sha1 })),
    packages: Object.fromEntries(
      [...input.packages.values()].map((p) => [p.name, { version: p.version, sha1: p.sha1 }]),
    ),
    configurationHash: input.configurationHash,
  };
}

/** The apply spec the agent gets with `prepare`, `apply` and `drain` (reference §7.3). */
export function applySpecOf(
  input: InstanceSpecInput,
  renderedTemplatesArchive: { readonly blobstoreId: string; readonly sha1: string },
): Record<string, unknown> {
  const { placement, jobs } = input;
  const first = jobs[0];
  const packages = [...input.packages.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    deployment: input.deployment,
    name: input.group.name,
    index: placement.index,
    id: placement.id,
    az: placement.az,
    job: {
      name: input.group.name,
      templates: jobs.map((j) => ({ name: j.name, version: j.version, sha1: j.sha1, blobstore_id: j.blobstoreId })),
      ...(first === undefined
        ? {}
        : { template: first.name, version: first.version, sha1: first.sha1, blobstore_id: first.blobstoreId }),
    },
    networks: placement.networks,
    vm_type: {
      name: input.group.vm_type ?? null,
      cloud_properties: cloudPropertiesOf(input.group, placement.az, input.cloudConfig),
    },
    packages: Object.fromEntries(
      packages.map((p) => [p.name, { name: p.name, version: p.version, sha1: p.sha1, blobstore_id: p.blobstoreId }]),
    ),
    dns_domain_name: 'bosh',
    configuration_hash: input.configurationHash,
    persistent_disk: persistentDiskMbOf(input.group, input.cloudConfig),
    template_hashes: input.templateHashes,
    rendered_templates_archive: {
      blobstore_id: renderedTemplatesArchive.blobstoreId,
      sha1: renderedTemplatesArchive.sha1,
    },
  };
}
