import { BosunError } from '../../base/index.js';
import type { ExistingInstance } from './instance-placement.js';
import type { Slot } from './place-by-az.js';

/** A network of the group with `static_ips`, and the AZs each of its addresses serves. */
export interface StaticNetwork {
  readonly name: string;
  /** In manifest order. */
  readonly ips: readonly string[];
  /** The group's AZs the address's subnet serves; `[null]` for a subnet without AZs. */
  readonly azsOf: (ip: string) => ReadonlyArray<string | null>;
}

/** A slot that also knows its static address on each static network. */
export interface StaticSlot extends Slot {
  readonly staticIps: Readonly<Record<string, string>>;
}

/** The code of a placement BOSH's static IP rules do not allow. */
export const PLACEMENT_FAILED = 'PLACEMENT_FAILED';

/**
 * BOSH's `StaticIpsAvailabilityZonePicker`, simplified where BOSH searches by brute force:
 * 1. an existing instance that holds one of the static IPs keeps it, and its AZ (which must
 *    be one the address serves);
 * 2. other existing instances, lowest index first, are kept while instances are wanted and
 *    every static network has a free address in their AZ, which they take;
 * 3. new instances go to the AZ with the fewest instances among those that still have a free
 *    address (ties: the group's AZ order), taking the first free address there;
 * 4. existing instances left over are obsolete.
 * Throws BosunError `PLACEMENT_FAILED` with BOSH's messages when the addresses do not fit.
 */
export function placeByStaticIps(
  group: { readonly name: string; readonly instances: number; readonly azs: readonly string[] | undefined },
  existing: readonly ExistingInstance[],
  networks: readonly StaticNetwork[],
): { slots: StaticSlot[]; obsolete: ExistingInstance[] } {
  const claimed = new Map<string, Set<string>>(networks.map((n) => [n.name, new Set()]));
  const isFree = (net: StaticNetwork, ip: string) => !claimed.get(net.name)!.has(ip);
  const freeIn = (net: StaticNetwork, az: string | null) =>
    net.ips.find((ip) => isFree(net, ip) && net.azsOf(ip).includes(az));
  const slots: StaticSlot[] = [];
  const obsolete: ExistingInstance[] = [];
  const pick: Picker = { isFree, freeIn };
  const keep = (
    instance: ExistingInstance | undefined,
    az: string | null,
    staticIps: Record<string, string>,
  ) => {
    for (const [net, ip] of Object.entries(staticIps)) claimed.get(net)!.add(ip);
    slots.push({ az, existing: instance, staticIps });
  };
  const sorted = [...existing].sort((a, b) => a.index - b.index);
  const rest: ExistingInstance[] = [];

  for (const instance of sorted) {
    const holder = networks.find(
      (n) =>
        instance.ips[n.name] !== undefined &&
        n.ips.includes(instance.ips[n.name]!) &&
        isFree(n, instance.ips[n.name]!),
    );
    if (holder === undefined || slots.length >= group.instances) {
      rest.push(instance);
      continue;
    }
    const ip = instance.ips[holder.name]!;
    if (!holder.azsOf(ip).includes(instance.az)) {
      throw new BosunError(
        PLACEMENT_FAILED,
        `Existing instance '${group.name}/${instance.index}' is using IP '${ip}' in availability zone '${instance.az ?? ''}'`,
      );
    }
    keep(instance, instance.az, addressesIn(networks, instance.az, pick, { [holder.name]: ip }, instance));
  }
  for (const instance of rest) {
    const fits =
      slots.length < group.instances && networks.every((n) => freeIn(n, instance.az) !== undefined);
    if (fits) keep(instance, instance.az, addressesIn(networks, instance.az, pick, {}, instance));
    else obsolete.push(instance);
  }
  while (slots.length < group.instances) {
    const az = leastLoadedAz(group.azs, slots, (candidate) =>
      networks.every((n) => freeIn(n, candidate) !== undefined),
    );
    if (az === undefined) {
      throw new BosunError(
        PLACEMENT_FAILED,
        'Failed to distribute static IPs to satisfy existing instance reservations',
      );
    }
    keep(undefined, az, addressesIn(networks, az, pick, {}));
  }
  return { slots, obsolete };
}

interface Picker {
  readonly isFree: (net: StaticNetwork, ip: string) => boolean;
  readonly freeIn: (net: StaticNetwork, az: string | null) => string | undefined;
}

/** The instance's addresses: those already chosen, its own where still free, else the first free. */
function addressesIn(
  networks: readonly StaticNetwork[],
  az: string | null,
  pick: Picker,
  chosen: Record<string, string>,
  instance?: ExistingInstance,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const net of networks) {
    const own = instance?.ips[net.name];
    const ownFits =
      own !== undefined && net.ips.includes(own) && net.azsOf(own).includes(az) && pick.isFree(net, own);
    const ip = chosen[net.name] ?? (ownFits ? own : pick.freeIn(net, az));
    if (ip === undefined) {
      throw new BosunError(
        PLACEMENT_FAILED,
        'Failed to distribute static IPs to satisfy existing instance reservations',
      );
    }
    out[net.name] = ip;
  }
  return out;
}

function leastLoadedAz(
  azs: readonly string[] | undefined,
  slots: readonly Slot[],
  hasRoom: (az: string | null) => boolean,
): string | null | undefined {
  const candidates: Array<string | null> = (azs ?? [null]).filter(hasRoom);
  const load = (az: string | null) => slots.filter((s) => s.az === az).length;
  return candidates.reduce<string | null | undefined>(
    (best, az) => (best === undefined || load(az) < load(best) ? az : best),
    undefined,
  );
}
