import { BosunError } from '../../base/index.js';
import type { CloudConfig, DeploymentManifest, InstanceGroup } from '../../manifest/index.js';
import {
  bindProperties,
  renderJob,
  selectPropertyInput,
  type DnsEncoderIds,
  type RenderedJob,
  type RubyVmHost,
} from '../../templates/index.js';
import type { RubyHash, RubyValue } from '../../yaml/index.js';
import { instanceName, type InstancePlacement, type PlacedInstance } from '../planning/index.js';
import { collectLinkConsumers } from './collect-link-consumers.js';
import { collectLinkProviders, linkProvidersOf } from './collect-link-providers.js';
import { configurationHashOf, templateHashesOf } from './configuration-hash.js';
import { DeploymentRenderError, type InstanceGroupRenderFailure } from './deployment-render-error.js';
import { numberDnsEncoderIds } from './dns-encoder-ids.js';
import { instanceFactsOf, ROOT_DOMAIN } from './instance-facts.js';
import type { JobLookup, LoadedJob } from './loaded-job.js';
import type { LinkProvider } from './link-provider.js';
import { packRenderedTemplates } from './rendered-archive.js';
import { resolveLinks, type ResolvedLinks } from './resolve-links.js';

/** What `renderDeployment` renders. */
export interface RenderDeploymentInput {
  readonly manifest: DeploymentManifest;
  readonly cloudConfig: CloudConfig;
  /** planAllInstances' placements, manifest order. */
  readonly placements: readonly InstancePlacement[];
  /** The job `name` of release `release` as the manifest names them; throw a BosunError if missing. */
  readonly jobOf: JobLookup;
  readonly host: RubyVmHost;
}

/** One instance's rendered templates: what its apply spec and its archive blob are made of. */
export interface RenderedInstance {
  readonly id: string;
  readonly group: string;
  readonly index: number;
  /** The group's jobs, manifest order; each with monit, its templates and `.bosh/links.json`. */
  readonly jobs: readonly RenderedJob[];
  /** §2.7 step 4. */
  readonly configurationHash: string;
  /** §2.7 step 4: job name → SHA-1 of its monit and files. */
  readonly templateHashes: Readonly<Record<string, string>>;
  /** §2.7 step 5: tar.gz with `<job>/monit` and `<job>/<dest>` entries, mode 0644; same render, same bytes. */
  readonly archive: Buffer;
}

/**
 * Renders every instance of every non-errand instance group (reference §2.7), as the
 * Director's "Rendering templates" stage does, after instance identities are planned and
 * before anything changes. Steps, each failing before the next starts, in BOSH's order:
 * 1. link providers and consumers from the manifest (LINK_PROVIDER_INVALID, LINK_CONSUMER_INVALID);
 * 2. every job's properties bound against its spec (§2.1, §2.2; INVALID_PROPERTY_TYPE ...);
 * 3. links resolved within the deployment (§2.3; LINK_RESOLUTION_FAILED with BOSH's text);
 * 4. each instance's jobs rendered (§2.5-§2.7). Within a group the first failing instance
 *    stops the group; failures are collected across jobs and groups and thrown together as a
 *    DeploymentRenderError (code TEMPLATE_RENDER_FAILED, §2.8's deployment-level text).
 * Pure except for the Ruby VM; synchronous, since the VM is. Results are in manifest order,
 * instances in placement (index) order.
 */
export function renderDeployment(input: RenderDeploymentInput): RenderedInstance[] {
  const { manifest, cloudConfig, jobOf } = input;
  const placements = placementsByGroup(manifest, input.placements);
  const providers = collectLinkProviders(manifest, jobOf);
  const consumers = collectLinkConsumers(manifest, jobOf);
  for (const group of manifest.instance_groups) {
    for (const job of group.jobs)
      bindProperties(jobOf(job.release, job.name).source.spec.properties, propertiesOf(manifest, group, job));
  }
  const links = resolveLinks(manifest, placements, providers, consumers, {
    deployment: manifest.name,
    rootDomain: ROOT_DOMAIN,
    useDnsAddresses: manifest.features.use_dns_addresses ?? false,
    useShortDnsAddresses: manifest.features.use_short_dns_addresses ?? false,
  });
  const dns = numberDnsEncoderIds(manifest, cloudConfig, input.placements, providers.length);
  const rendered: RenderedInstance[] = [];
  const failures: InstanceGroupRenderFailure[] = [];
  for (const group of manifest.instance_groups) {
    if (group.lifecycle === 'errand') continue;
    const context: GroupContext = { input, group, links, providers, dns };
    for (const instance of placements.get(group.name)?.instances ?? []) {
      const outcome = renderInstance(context, instance);
      if ('failure' in outcome) {
        failures.push(outcome.failure);
        break;
      }
      rendered.push(outcome.instance);
    }
  }
  if (failures.length > 0) throw new DeploymentRenderError(failures);
  return rendered;
}

interface GroupContext {
  readonly input: RenderDeploymentInput;
  readonly group: InstanceGroup;
  readonly links: ResolvedLinks;
  readonly providers: readonly LinkProvider[];
  readonly dns: DnsEncoderIds;
}

function renderInstance(
  { input, group, links, providers, dns }: GroupContext,
  instance: PlacedInstance,
): { instance: RenderedInstance } | { failure: InstanceGroupRenderFailure } {
  const { manifest, jobOf } = input;
  const loaded: LoadedJob[] = group.jobs.map((job) => jobOf(job.release, job.name));
  const facts = instanceFactsOf(manifest, input.cloudConfig, group, instance, loaded);
  const jobs: RenderedJob[] = [];
  const failed: Array<{ job: string; error: BosunError }> = [];
  group.jobs.forEach((job, i) => {
    const { source, release } = loaded[i]!;
    try {
      jobs.push(
        renderJob(input.host, {
          job: source,
          instance: facts,
          properties: propertiesOf(manifest, group, job),
          links: links.get(group.name)?.get(job.name) ?? new Map<RubyValue, RubyValue>(),
          release: { name: release.name, version: release.version },
          linkProviders: linkProvidersOf(providers, group.name, job.name),
          dns,
        }),
      );
    } catch (e) {
      // BOSH collects any job failure (`rescue Exception`); ours are BosunErrors, the rest are bugs.
      if (!(e instanceof BosunError)) throw e;
      failed.push({ job: job.name, error: e });
    }
  });
  if (failed.length > 0) {
    return { failure: { instanceGroup: group.name, instance: instanceName(instance), jobs: failed } };
  }
  return {
    instance: {
      id: instance.id,
      group: group.name,
      index: instance.index,
      jobs,
      configurationHash: configurationHashOf(jobs),
      templateHashes: templateHashesOf(jobs),
      archive: packRenderedTemplates(jobs),
    },
  };
}

function propertiesOf(
  manifest: DeploymentManifest,
  group: InstanceGroup,
  job: InstanceGroup['jobs'][number],
): RubyHash {
  return selectPropertyInput({
    jobProperties: job.properties,
    instanceGroupProperties: group.properties,
    globalProperties: manifest.properties,
  });
}

function placementsByGroup(
  manifest: DeploymentManifest,
  placements: readonly InstancePlacement[],
): Map<string, InstancePlacement> {
  const byGroup = new Map(placements.map((p) => [p.group, p]));
  for (const group of manifest.instance_groups) {
    if (!byGroup.has(group.name)) {
      throw new BosunError('RENDER_INPUT_INVALID', `No placement for instance group '${group.name}'`, {
        hint: "Pass planAllInstances' placements for the same manifest.",
      });
    }
  }
  return byGroup;
}
