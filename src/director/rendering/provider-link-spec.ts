import type { InstanceGroup } from '../../manifest/index.js';
import { cloneRubyValue, type RubyHash, type RubyValue } from '../../yaml/index.js';
import type { InstancePlacement } from '../planning/index.js';
import { defaultNetworkOf, instanceAddress, type DnsNaming } from './instance-addresses.js';
import type { LinkProvider } from './link-provider.js';

/** Deployment-wide settings of every link spec. */
export interface LinkSpecOptions extends DnsNaming {
  /** `features.use_dns_addresses`. */
  readonly useDnsAddresses: boolean;
  /** `features.use_short_dns_addresses`. */
  readonly useShortDnsAddresses: boolean;
}

/**
 * The link spec a consumer of `provider` receives (reference §2.3, §2.5): BOSH's
 * `DeploymentPlan::Link#spec` with the addresses chosen as `LinksManager#update_addresses`
 * chooses them. Keys, in BOSH's order: `deployment_name`, `domain`, `default_network`,
 * `networks`, `instance_group`, `properties`, `use_short_dns_addresses`, `use_dns_addresses`,
 * `use_link_dns_names` (always false: Bosun has no link DNS names), `instances` (every
 * instance the provider group will have, index order: `name`, `id`, `index`, `bootstrap`,
 * `az`, `address`). No top-level `address`: that key marks a manual link, and a director link
 * resolves `link.address` through the DNS encoder. The template spec keeps only its
 * whitelisted keys (§2.5), which drops `networks` and `use_dns_addresses`.
 *
 * `network` (the consumer's `network:`) replaces the default network; `useIpAddresses` (its
 * `ip_addresses:`) overrides `use_dns_addresses`. The caller checks that the provider's group
 * has `network`.
 */
export function providerLinkSpec(
  provider: LinkProvider,
  group: InstanceGroup,
  placement: InstancePlacement,
  options: LinkSpecOptions,
  consumer: { readonly network: string | undefined; readonly useIpAddresses: boolean | undefined },
): RubyHash {
  const network = consumer.network ?? defaultNetworkOf(group) ?? null;
  const preferDns =
    consumer.useIpAddresses === undefined ? options.useDnsAddresses : !consumer.useIpAddresses;
  const instances: RubyValue[] = placement.instances.map(
    (instance) =>
      new Map<RubyValue, RubyValue>([
        ['name', group.name],
        ['id', instance.id],
        ['index', BigInt(instance.index)],
        ['bootstrap', instance.isBootstrap],
        ['az', instance.az],
        [
          'address',
          network === null ? null : (instanceAddress(instance, network, preferDns, options) ?? null),
        ],
      ]),
  );
  return new Map<RubyValue, RubyValue>([
    ['deployment_name', options.deployment],
    ['domain', options.rootDomain],
    ['default_network', network],
    ['networks', group.networks.map((n) => n.name)],
    ['instance_group', group.name],
    ['properties', cloneRubyValue(provider.properties)],
    ['use_short_dns_addresses', options.useShortDnsAddresses],
    ['use_dns_addresses', options.useDnsAddresses],
    ['use_link_dns_names', false],
    ['instances', instances],
  ]);
}
