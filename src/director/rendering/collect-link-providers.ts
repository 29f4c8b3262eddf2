import { BosunError } from '../../base/index.js';
import type { DeploymentManifest, InstanceGroup, InstanceGroupJob } from '../../manifest/index.js';
import { selectPropertyInput } from '../../templates/index.js';
import { isRubyHash, type RubyValue } from '../../yaml/index.js';
import { compareBytes } from './byte-order.js';
import type { JobLookup } from './loaded-job.js';
import { interpolate } from './ruby-text.js';
import { mapLinkProperties } from './link-properties.js';
import type { LinkProvider } from './link-provider.js';

/** The code of a manifest `provides` block (or link property) that BOSH rejects. */
export const LINK_PROVIDER_INVALID = 'LINK_PROVIDER_INVALID';

/**
 * Every link provider of the deployment, in manifest order (instance groups, their jobs, each
 * job spec's `provides`), errand groups included: their jobs provide links too. Applies the
 * manifest's `provides` (`<link>: nil` makes it unconsumable, `as:` renames it) and maps link
 * properties, as BOSH's `LinksParser#parse_providers_from_job` does. Throws BosunError
 * LINK_PROVIDER_INVALID at the first job with problems, all of that job's messages joined by
 * newlines, in BOSH's words.
 */
export function collectLinkProviders(manifest: DeploymentManifest, jobOf: JobLookup): LinkProvider[] {
  const found: Array<Omit<LinkProvider, 'groupId'>> = [];
  for (const group of manifest.instance_groups) {
    for (const job of group.jobs) found.push(...providersOfJob(manifest, group, job, jobOf));
  }
  const sorted = [...found].sort(
    (a, b) =>
      compareBytes(a.instanceGroup, b.instanceGroup) ||
      compareBytes(a.job, b.job) ||
      compareBytes(a.originalName, b.originalName),
  );
  return found.map((p) => ({ ...p, groupId: sorted.indexOf(p) + 1 }));
}

function providersOfJob(
  manifest: DeploymentManifest,
  group: InstanceGroup,
  job: InstanceGroupJob,
  jobOf: JobLookup,
): Array<Omit<LinkProvider, 'groupId'>> {
  const spec = jobOf(job.release, job.name).source.spec;
  const where = `job '${job.name}' in instance group '${group.name}'`;
  const manifestProvides = new Map(job.provides ?? []);
  if (spec.provides.length === 0) {
    if (manifestProvides.size === 0) return [];
    throw new BosunError(
      LINK_PROVIDER_INVALID,
      `Job '${job.name}' in instance group '${group.name}' specifies providers in the manifest but the job does not define any providers in the release spec`,
    );
  }
  const rawInput = selectPropertyInput({
    jobProperties: job.properties,
    instanceGroupProperties: group.properties,
    globalProperties: manifest.properties,
  });
  const errors: string[] = [];
  const providers: Array<Omit<LinkProvider, 'groupId'>> = [];
  for (const provides of spec.provides) {
    let name = provides.name;
    let isConsumable = true;
    if (manifestProvides.has(provides.name)) {
      const source = manifestProvides.get(provides.name) ?? null;
      manifestProvides.delete(provides.name);
      const problems = checkProvideSource(source, provides.name, where);
      errors.push(...problems);
      if (problems.length > 0) continue;
      if (source === 'nil') isConsumable = false;
      else if (isRubyHash(source) && source.has('as')) name = interpolate(source.get('as') ?? null);
    }
    const mapped = mapLinkProperties(provides.properties, spec.properties, rawInput, spec.name);
    errors.push(...mapped.errors);
    if (mapped.errors.length > 0) continue;
    providers.push({
      instanceGroup: group.name,
      job: job.name,
      originalName: provides.name,
      name,
      type: provides.type,
      isConsumable,
      properties: mapped.properties,
    });
  }
  if (manifestProvides.size > 0) {
    errors.push('Manifest defines unknown providers:');
    for (const link of manifestProvides.keys()) {
      errors.push(`  - Job '${job.name}' does not provide link '${interpolate(link)}' in the release spec`);
    }
  }
  if (errors.length > 0) throw new BosunError(LINK_PROVIDER_INVALID, errors.join('\n'));
  return providers;
}

/** BOSH's `validate_provide_link`. */
function checkProvideSource(source: RubyValue, link: string, where: string): string[] {
  if (source === 'nil') return [];
  if (!isRubyHash(source)) {
    return [`Provider '${link}' in ${where} specified in the manifest should only be a hash or string 'nil'`];
  }
  if (source.has('name') || source.has('type')) {
    return [
      `Cannot specify 'name' or 'type' properties in the manifest for link '${link}' in ${where}. Please provide these keys in the release only.`,
    ];
  }
  return [];
}

/** The providers of `job` in `group`, for its `.bosh/links.json` (§2.7 step 3c). */
export function linkProvidersOf(
  providers: readonly LinkProvider[],
  group: string,
  job: string,
): Array<{ name: string; type: string; group: string }> {
  return providers
    .filter((p) => p.instanceGroup === group && p.job === job)
    .map((p) => ({ name: p.name, type: p.type, group: String(p.groupId) }));
}
