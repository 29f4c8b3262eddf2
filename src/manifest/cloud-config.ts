/**
 * A cloud config as Bosun uses it (reference §6.2, docs-bosh `cloud-config.md`,
 * `cloud_manifest_parser.rb`). Keys keep the file's names; addresses of manual networks are
 * numbers (see `ip-range.ts`) so that planners allocate without parsing again.
 */
import type { RubyHash } from '../yaml/index.js';
import type { VmResources } from './deployment-manifest.js';
import type { Cidr, IpRange } from './ip-range.js';

/** A checked cloud config: every name it refers to exists, every address is where it should be. */
export interface CloudConfig {
  readonly azs: readonly CloudAz[];
  readonly networks: readonly CloudNetwork[];
  readonly vm_types: readonly NamedCloudProperties[];
  readonly vm_extensions: readonly NamedCloudProperties[];
  readonly disk_types: readonly DiskType[];
  readonly compilation: CompilationConfig;
}

/** `azs[]`: an availability zone and what the CPI needs to place VMs in it. */
export interface CloudAz {
  readonly name: string;
  readonly cloud_properties: RubyHash;
}

/** A `vm_types` or `vm_extensions` entry. */
export interface NamedCloudProperties {
  readonly name: string;
  readonly cloud_properties: RubyHash;
}

/** `disk_types[]`: a persistent disk size in MB (at least 0) and its cloud properties. */
export interface DiskType {
  readonly name: string;
  readonly disk_size: number;
  readonly cloud_properties: RubyHash;
}

/** `networks[]`, by `type`. */
export type CloudNetwork = ManualNetwork | DynamicNetwork | VipNetwork;

/** `type: manual` (the default): the Director hands out addresses from its subnets. */
export interface ManualNetwork {
  readonly type: 'manual';
  readonly name: string;
  readonly subnets: readonly ManualSubnet[];
}

/** A subnet of a manual network; addresses as numbers (see `ip-range.ts`). */
export interface ManualSubnet {
  /** The `range` block; the network address and broadcast address are never handed out. */
  readonly range: Cidr;
  /** Dotted netmask of `range`. */
  readonly netmask: string;
  readonly gateway: number | undefined;
  readonly dns: readonly string[] | undefined;
  /** Never handed out. */
  readonly reserved: readonly IpRange[];
  /** Only handed out to instance groups that name them in `static_ips`. */
  readonly static: readonly IpRange[];
  /** Undefined when the subnet names no AZs. */
  readonly azs: readonly string[] | undefined;
  readonly cloud_properties: RubyHash;
}

/** `type: dynamic`: the IaaS hands out addresses. */
export interface DynamicNetwork {
  readonly type: 'dynamic';
  readonly name: string;
  readonly subnets: ReadonlyArray<{
    readonly dns: readonly string[] | undefined;
    readonly azs: readonly string[] | undefined;
    readonly cloud_properties: RubyHash;
  }>;
}

/** `type: vip`: public addresses that instance groups list in `static_ips`. */
export interface VipNetwork {
  readonly type: 'vip';
  readonly name: string;
  readonly cloud_properties: RubyHash;
}

/** `compilation`: where packages are compiled. At most one of vm_type, vm_resources, cloud_properties. */
export interface CompilationConfig {
  /** At least 1. */
  readonly workers: number;
  readonly az: string | undefined;
  readonly vm_type: string | undefined;
  readonly vm_resources: VmResources | undefined;
  readonly vm_extensions: readonly string[];
  readonly cloud_properties: RubyHash;
  readonly network: string;
  /** Default false, as in BOSH. */
  readonly reuse_compilation_vms: boolean;
  readonly orphan_workers: boolean;
  readonly env: RubyHash;
}

/** The AZs of a network: those its subnets name, in order, without repeats. */
export function networkAzs(network: CloudNetwork): string[] {
  if (network.type === 'vip') return [];
  return [...new Set(network.subnets.flatMap((s) => s.azs ?? []))];
}

/**
 * BOSH's `NetworkWithSubnets#has_azs?`: whether a group with these AZs (undefined: none) may
 * use the network. A VIP network fits any group.
 */
export function networkHasAzs(network: CloudNetwork, azs: readonly string[] | undefined): boolean {
  if (network.type === 'vip') return true;
  const offered = new Set<string | undefined>();
  for (const subnet of network.subnets) {
    if (subnet.azs === undefined) offered.add(undefined);
    else for (const az of subnet.azs) offered.add(az);
  }
  const wanted = azs === undefined || azs.length === 0 ? [undefined] : azs;
  if (wanted.every((a) => a === undefined) && offered.size === 0) return true;
  return wanted.every((a) => offered.has(a));
}
