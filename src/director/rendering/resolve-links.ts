import { BosunError } from '../../base/index.js';
import type { DeploymentManifest } from '../../manifest/index.js';
import { cloneRubyValue, type RubyHash } from '../../yaml/index.js';
import type { InstancePlacement } from '../planning/index.js';
import type { LinkConsumer } from './collect-link-consumers.js';
import type { LinkProvider } from './link-provider.js';
import { providerLinkSpec, type LinkSpecOptions } from './provider-link-spec.js';

/** The code of links that cannot be resolved: the message is BOSH's, every failure listed. */
export const LINK_RESOLUTION_FAILED = 'LINK_RESOLUTION_FAILED';

/** Resolved links by instance group, then job: link name (as the job spec consumes it) → link spec. */
export type ResolvedLinks = ReadonlyMap<string, ReadonlyMap<string, RubyHash>>;

/**
 * Resolves every consumer within the deployment, as BOSH's `LinksManager` does
 * (`resolve_deployment_links`, `provider_intents_for_consumer_intent`):
 * - a manual link (`instances`/`properties`/`address` in `consumes`) is its own content;
 * - a blocked link (`<link>: nil`) matches nothing;
 * - otherwise the candidates are the consumable providers of the link's `type`; an explicit
 *   link (named in `consumes`) also needs the provider's name to equal `from` (or the link's
 *   own name);
 * - no candidate for an optional link is no link, unless the link is explicit and not blocked;
 * - anything but exactly one candidate (on the consumer's `network:`, when given) is an error.
 * Throws BosunError LINK_RESOLUTION_FAILED listing every failure:
 * `Failed to resolve links from deployment '<d>'. See errors below:\n  - <error>...`, each
 * error BOSH's `LinksErrorBuilder` text.
 */
export function resolveLinks(
  manifest: DeploymentManifest,
  placements: ReadonlyMap<string, InstancePlacement>,
  providers: readonly LinkProvider[],
  consumers: readonly LinkConsumer[],
  options: LinkSpecOptions,
): ResolvedLinks {
  const groups = new Map(manifest.instance_groups.map((g) => [g.name, g]));
  const resolved = new Map<string, Map<string, Map<string, RubyHash>>>();
  const errors: string[] = [];
  const put = (consumer: LinkConsumer, spec: RubyHash): void => {
    const byJob = resolved.get(consumer.instanceGroup) ?? new Map<string, Map<string, RubyHash>>();
    resolved.set(consumer.instanceGroup, byJob);
    const links = byJob.get(consumer.job) ?? new Map<string, RubyHash>();
    byJob.set(consumer.job, links);
    links.set(consumer.originalName, spec);
  };
  for (const consumer of consumers) {
    if (consumer.manual !== undefined) {
      put(consumer, cloneRubyValue(consumer.manual) as RubyHash);
      continue;
    }
    const candidates = consumer.isBlocked
      ? []
      : providers.filter(
          (p) =>
            p.isConsumable && p.type === consumer.type && (!consumer.isExplicit || p.name === consumer.name),
        );
    if (candidates.length === 0 && consumer.isOptional && !(consumer.isExplicit && !consumer.isBlocked))
      continue;
    const network = consumer.network;
    const onNetwork =
      network === undefined
        ? candidates
        : candidates.filter(
            (p) => groups.get(p.instanceGroup)?.networks.some((n) => n.name === network) === true,
          );
    const [provider] = onNetwork;
    if (onNetwork.length !== 1 || provider === undefined) {
      const listed = onNetwork.length === 0 ? candidates : onNetwork;
      errors.push(linkErrorText(consumer, listed, manifest.name, network));
      continue;
    }
    const group = groups.get(provider.instanceGroup);
    const placement = placements.get(provider.instanceGroup);
    if (group === undefined || placement === undefined) {
      throw new BosunError(
        'RENDER_INPUT_INVALID',
        `No placement for instance group '${provider.instanceGroup}'`,
      );
    }
    put(consumer, providerLinkSpec(provider, group, placement, options, consumer));
  }
  if (errors.length > 0) {
    throw new BosunError(
      LINK_RESOLUTION_FAILED,
      `Failed to resolve links from deployment '${manifest.name}'. See errors below:\n  - ${errors.join('\n  - ')}`,
    );
  }
  return resolved;
}

/** BOSH's `LinksErrorBuilder.build_link_error` for a job's consumer. */
export function linkErrorText(
  consumer: LinkConsumer,
  providers: readonly LinkProvider[],
  deployment: string,
  network: string | undefined,
): string {
  const alias = consumer.originalName === consumer.name ? '' : `alias '${consumer.name}' and `;
  const header =
    `Failed to resolve link '${consumer.originalName}' with ${alias}type '${consumer.type}' ` +
    `from job '${consumer.job}' in instance group '${consumer.instanceGroup}'. Details below:`;
  const details =
    providers.length === 0
      ? ['No link providers found']
      : providers.map(
          (p) =>
            `Link provider '${p.originalName}' ` +
            (p.originalName === p.name ? '' : `with alias '${p.name}' `) +
            `from job '${p.job}' in instance group '${p.instanceGroup}' in deployment '${deployment}'` +
            (network === undefined ? '' : ` does not belong to network '${network}'`),
        );
  return `${header}\n${details.map((d) => `    - ${d}`).join('\n')}`;
}
