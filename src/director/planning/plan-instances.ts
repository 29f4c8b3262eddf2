import { BosunError } from '../../base/index.js';
import {
  parseIpv4,
  subnetWithStaticIp,
  type CloudConfig,
  type CloudNetwork,
  type DeploymentManifest,
  type InstanceGroup,
} from '../../manifest/index.js';
import type {
  ExistingInstance,
  InstanceNetworkSettings,
  InstancePlacement,
  PlacedInstance,
  PlanInstancesOptions,
} from './instance-placement.js';
import { IpAllocator } from './network-settings.js';
import { placeByAz, type Slot } from './place-by-az.js';
import { PLACEMENT_FAILED, placeByStaticIps, type StaticNetwork } from './place-by-static-ips.js';

/**
 * Plans an instance group's instances (reference §6.4), purely:
 * - existing instances keep their id, index, AZ and addresses (placement as BOSH's
 *   `PlacementPlanner`: `placeByAz` or, with static IPs, `placeByStaticIps`);
 * - a new instance gets `options.newId()` and the smallest index no instance of the group
 *   holds, obsolete ones included (indexes are never renumbered);
 * - the bootstrap flag stays where it is when exactly one kept instance has it, else goes to
 *   the lowest index;
 * - addresses: static IPs as placed; other manual addresses kept when still valid, else the
 *   lowest free dynamic address of a subnet of the instance's AZ, never one in
 *   `options.usedIps` or held by another instance of the group.
 * Throws BosunError `PLACEMENT_FAILED` or `IP_RESERVATION_FAILED` with BOSH's messages.
 */
export function planInstances(
  group: InstanceGroup,
  existing: readonly ExistingInstance[],
  cloud: CloudConfig,
  options: PlanInstancesOptions,
): InstancePlacement {
  const mine = existing.filter((e) => e.group === group.name);
  const networks = group.networks.map((wanted) => ({
    wanted,
    network: findNetwork(group.name, wanted.name, cloud),
  }));
  const statics = networks
    .filter(({ wanted, network }) => network.type === 'manual' && wanted.static_ips !== undefined)
    .map(({ wanted, network }): StaticNetwork =>
      staticNetwork(group, wanted.name, wanted.static_ips ?? [], network),
    );
  const { slots, obsolete } =
    statics.length > 0 ? placeByStaticIps(group, mine, statics) : placeByAz(group.instances, group.azs, mine);

  const usedIndexes = new Set(mine.map((e) => e.index));
  const identified = slots.map((slot) => {
    if (slot.existing !== undefined) return { slot, id: slot.existing.id, index: slot.existing.index };
    let index = 0;
    while (usedIndexes.has(index)) index++;
    usedIndexes.add(index);
    return { slot, id: options.newId(), index };
  });
  const bootstrapId = electBootstrap(
    identified.map(({ slot, id, index }) => ({
      id,
      index,
      isBootstrap: slot.existing?.isBootstrap ?? false,
    })),
  );

  const own = new Set<number>();
  for (const e of mine) for (const ip of Object.values(e.ips)) addIp(own, ip);
  const foreign = new Set<number>();
  for (const ip of options.usedIps) addIp(foreign, ip);
  for (const ip of own) foreign.delete(ip);
  const taken = new Set([...foreign, ...own]);
  for (const { wanted } of networks) for (const ip of wanted.static_ips ?? []) addIp(taken, ip);
  const allocator = new IpAllocator(taken, foreign);
  const vipIps = assignVipIps(networks, slots);
  const allocatedIps: string[] = [];

  const instances = identified
    .sort((a, b) => a.index - b.index)
    .map(({ slot, id, index }): PlacedInstance => {
      const holder = { id, group: group.name, index, az: slot.az };
      const settings: Record<string, InstanceNetworkSettings> = {};
      for (const { wanted, network } of networks) {
        const currentIp = slot.existing?.ips[wanted.name];
        const staticIp = staticIpOf(slot, wanted.name) ?? vipIps.get(slot)?.[wanted.name];
        const s = allocator.settingsFor(holder, wanted, network, { staticIp, currentIp });
        settings[wanted.name] = s;
        if (s.ip !== undefined && s.ip !== currentIp) allocatedIps.push(s.ip);
      }
      return {
        ...holder,
        isBootstrap: id === bootstrapId,
        isNew: slot.existing === undefined,
        networks: settings,
      };
    });
  return { group: group.name, instances, obsolete, allocatedIps };
}

/** The placements of every instance group, in manifest order, and the instances of groups the manifest dropped. */
export function planAllInstances(
  manifest: DeploymentManifest,
  existing: readonly ExistingInstance[],
  cloud: CloudConfig,
  options: PlanInstancesOptions,
): { placements: InstancePlacement[]; removed: ExistingInstance[] } {
  const used = new Set(options.usedIps);
  const placements = manifest.instance_groups.map((group) => {
    const placement = planInstances(group, existing, cloud, { newId: options.newId, usedIps: used });
    for (const ip of placement.allocatedIps) used.add(ip);
    return placement;
  });
  const names = new Set(manifest.instance_groups.map((g) => g.name));
  return { placements, removed: existing.filter((e) => !names.has(e.group)) };
}

function findNetwork(group: string, name: string, cloud: CloudConfig): CloudNetwork {
  const network = cloud.networks.find((n) => n.name === name);
  if (network === undefined) {
    throw new BosunError(
      PLACEMENT_FAILED,
      `Instance group '${group}' references an unknown network '${name}'`,
    );
  }
  return network;
}

function staticNetwork(
  group: InstanceGroup,
  name: string,
  ips: readonly string[],
  network: CloudNetwork,
): StaticNetwork {
  const subnets = network.type === 'manual' ? network.subnets : [];
  return {
    name,
    ips,
    azsOf: (ip) => {
      const subnet = subnetWithStaticIp(subnets, ip);
      if (subnet === undefined) return [];
      return subnet.azs === undefined ? [null] : subnet.azs.filter((az) => group.azs?.includes(az) ?? false);
    },
  };
}

function staticIpOf(slot: Slot, network: string): string | undefined {
  return 'staticIps' in slot ? (slot.staticIps as Readonly<Record<string, string>>)[network] : undefined;
}

/** VIP `static_ips`: an instance keeps its own address when listed, the others take the next free one. */
function assignVipIps(
  networks: ReadonlyArray<{ wanted: InstanceGroup['networks'][number]; network: CloudNetwork }>,
  slots: readonly Slot[],
): Map<Slot, Record<string, string>> {
  const out = new Map<Slot, Record<string, string>>(slots.map((s) => [s, {}]));
  for (const { wanted } of networks.filter(({ network }) => network.type === 'vip')) {
    const free = [...(wanted.static_ips ?? [])];
    const own = (slot: Slot) => slot.existing?.ips[wanted.name];
    for (const slot of slots) {
      const ip = own(slot);
      if (ip !== undefined && free.includes(ip)) {
        out.get(slot)![wanted.name] = ip;
        free.splice(free.indexOf(ip), 1);
      }
    }
    for (const slot of slots) {
      const next = free[0];
      if (out.get(slot)![wanted.name] === undefined && next !== undefined) {
        out.get(slot)![wanted.name] = next;
        free.shift();
      }
    }
  }
  return out;
}

/** BOSH's `elect_bootstrap_instance`: one existing bootstrap stays, else the lowest index. */
export function electBootstrap(
  instances: ReadonlyArray<{ id: string; index: number; isBootstrap: boolean }>,
): string | undefined {
  const current = instances.filter((i) => i.isBootstrap);
  if (current.length === 1) return current[0]!.id;
  return [...instances].sort((a, b) => a.index - b.index)[0]?.id;
}

function addIp(set: Set<number>, ip: string): void {
  const n = parseIpv4(ip);
  if (n !== undefined) set.add(n);
}
