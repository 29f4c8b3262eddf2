import { canonicalName, type InstanceGroup } from '../../manifest/index.js';
import type { PlacedInstance } from '../planning/index.js';

/** Where a deployment's instances are named in DNS. */
export interface DnsNaming {
  readonly deployment: string;
  /** The Director's root domain, `bosh`. */
  readonly rootDomain: string;
}

/**
 * BOSH's `InstanceGroup#default_network_name`: the network that is the default for
 * `addressable`, else for `gateway`; a group's only network is the default for everything.
 */
export function defaultNetworkOf(group: InstanceGroup): string | undefined {
  const [only] = group.networks;
  if (group.networks.length === 1) return only?.name;
  return (
    group.networks.find((n) => n.default.includes('addressable')) ??
    group.networks.find((n) => n.default.includes('gateway'))
  )?.name;
}

/** The long DNS name of an instance on a network: `<uuid>.<ig>.<network>.<deployment>.<root_domain>`. */
export function instanceDnsName(instance: PlacedInstance, network: string, naming: DnsNaming): string {
  return [
    instance.id,
    canonicalName(instance.group),
    canonicalName(network),
    canonicalName(naming.deployment),
    naming.rootDomain,
  ].join('.');
}

/**
 * An instance's address on `network` (BOSH `network_addresses`): its DNS name when DNS
 * addresses are preferred or the network is dynamic (its IP is not known before the VM
 * exists), else its IP. Undefined when the instance is not on that network.
 */
export function instanceAddress(
  instance: PlacedInstance,
  network: string,
  preferDns: boolean,
  naming: DnsNaming,
): string | undefined {
  const settings = instance.networks[network];
  if (settings === undefined) return undefined;
  if (preferDns || settings.type === 'dynamic' || settings.ip === undefined) {
    return instanceDnsName(instance, network, naming);
  }
  return settings.ip;
}
