import { BosunError } from '../../base/index.js';
import {
  formatIpv4,
  isIpInRanges,
  parseIpv4,
  type CloudNetwork,
  type InstanceGroupNetwork,
  type ManualNetwork,
  type ManualSubnet,
} from '../../manifest/index.js';
import { fromRubyValue, type RubyHash } from '../../yaml/index.js';
import { instanceName, type InstanceNetworkSettings } from './instance-placement.js';

/** The code of an address the plan cannot hand out. */
export const IP_RESERVATION_FAILED = 'IP_RESERVATION_FAILED';

/** The instance an address is for. */
interface Holder {
  readonly id: string;
  readonly group: string;
  readonly index: number;
  readonly az: string | null;
}

/**
 * Hands out addresses for one planning run. `taken` holds every address no new dynamic
 * reservation may use (other instances', this plan's); it grows as addresses are handed out.
 * `foreign` holds addresses other instances (not of this group) hold: a static IP among them
 * cannot be reserved.
 */
export class IpAllocator {
  constructor(
    private readonly taken: Set<number>,
    private readonly foreign: ReadonlySet<number>,
  ) {}

  /**
   * The settings of one instance on one network. Manual networks: `staticIp` when given;
   * else `currentIp` when it is still a dynamic address of a subnet of the instance's AZ;
   * else the lowest free address of such a subnet that is not the network id, broadcast,
   * gateway, reserved or static. VIP networks: `staticIp`, else `currentIp`.
   * Throws BosunError `IP_RESERVATION_FAILED` with BOSH's message when none is free.
   */
  settingsFor(
    holder: Holder,
    wanted: InstanceGroupNetwork,
    network: CloudNetwork,
    addresses: { readonly staticIp: string | undefined; readonly currentIp: string | undefined },
  ): InstanceNetworkSettings {
    const defaults = wanted.default.length > 0 ? { default: [...wanted.default].sort() } : {};
    if (network.type === 'dynamic') {
      const subnet =
        network.subnets.find((s) => holder.az === null || (s.azs ?? []).includes(holder.az)) ??
        network.subnets[0];
      return {
        type: 'dynamic',
        cloud_properties: toJson(subnet?.cloud_properties),
        ...defaults,
        ...(subnet?.dns === undefined ? {} : { dns: subnet.dns }),
      };
    }
    if (network.type === 'vip') {
      const ip = addresses.staticIp ?? addresses.currentIp;
      if (ip === undefined) throw noMoreAvailable(holder, 'vip', network.name);
      this.checkNotForeign(holder, ip, addresses.currentIp);
      return { type: 'vip', ip, cloud_properties: toJson(network.cloud_properties) };
    }
    if (addresses.staticIp !== undefined)
      this.checkNotForeign(holder, addresses.staticIp, addresses.currentIp);
    const staticIp = addresses.staticIp === undefined ? undefined : parseIpv4(addresses.staticIp);
    const ip = staticIp ?? this.keepOrAllocate(holder, network, addresses.currentIp);
    this.taken.add(ip);
    const subnet = network.subnets.find((s) => s.range.first <= ip && ip <= s.range.last);
    if (subnet === undefined) throw noMoreAvailable(holder, 'manual', network.name);
    return {
      type: 'manual',
      ip: formatIpv4(ip),
      netmask: subnet.netmask,
      cloud_properties: toJson(subnet.cloud_properties),
      ...defaults,
      ...(subnet.dns === undefined ? {} : { dns: subnet.dns }),
      ...(subnet.gateway === undefined ? {} : { gateway: formatIpv4(subnet.gateway) }),
    };
  }

  private checkNotForeign(holder: Holder, ip: string, currentIp: string | undefined): void {
    const n = parseIpv4(ip);
    if (ip !== currentIp && n !== undefined && this.foreign.has(n)) {
      throw new BosunError(
        IP_RESERVATION_FAILED,
        `Failed to reserve IP '${ip}' for instance '${instanceName(holder)}': already reserved by another instance`,
        { hint: `Remove '${ip}' from static_ips, or free it in the deployment that holds it.` },
      );
    }
  }

  private keepOrAllocate(holder: Holder, network: ManualNetwork, currentIp: string | undefined): number {
    const subnets = network.subnets.filter((s) => holder.az === null || (s.azs ?? []).includes(holder.az));
    const current = currentIp === undefined ? undefined : parseIpv4(currentIp);
    if (current !== undefined && subnets.some((s) => isDynamicIn(s, current))) return current;
    for (const subnet of subnets) {
      for (let ip = subnet.range.first + 1; ip < subnet.range.last; ip++) {
        if (!this.taken.has(ip) && isDynamicIn(subnet, ip)) {
          this.taken.add(ip);
          return ip;
        }
      }
    }
    throw noMoreAvailable(holder, 'manual', network.name);
  }
}

/** Whether `ip` is an address the subnet hands out dynamically. */
function isDynamicIn(subnet: ManualSubnet, ip: number): boolean {
  return (
    ip > subnet.range.first &&
    ip < subnet.range.last &&
    ip !== subnet.gateway &&
    !isIpInRanges(ip, subnet.reserved) &&
    !isIpInRanges(ip, subnet.static)
  );
}

function noMoreAvailable(holder: Holder, type: string, network: string): BosunError {
  return new BosunError(
    IP_RESERVATION_FAILED,
    `Failed to reserve IP for '${instanceName(holder)}' for ${type} network '${network}': no more available`,
    { hint: `Add addresses to network '${network}' in the cloud config, or run fewer instances.` },
  );
}

function toJson(hash: RubyHash | undefined): Record<string, unknown> {
  return hash === undefined ? {} : (fromRubyValue(hash) as Record<string, unknown>);
}
