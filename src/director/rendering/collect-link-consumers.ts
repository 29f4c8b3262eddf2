import { BosunError } from '../../base/index.js';
import type { DeploymentManifest, InstanceGroup, InstanceGroupJob } from '../../manifest/index.js';
import { isRubyHash, type RubyHash, type RubyValue } from '../../yaml/index.js';
import type { JobLookup } from './loaded-job.js';
import { interpolate } from './ruby-text.js';

/** The code of a manifest `consumes` block that BOSH rejects. */
export const LINK_CONSUMER_INVALID = 'LINK_CONSUMER_INVALID';

/** A link that a job consumes (BOSH's link consumer intent), with what the manifest says of it. */
export interface LinkConsumer {
  readonly instanceGroup: string;
  readonly job: string;
  /** The link's name in the job spec's `consumes`: its key in `spec.links`. */
  readonly originalName: string;
  /** The provider name it looks for: `from` (its last dotted part), else the original name. */
  readonly name: string;
  readonly type: string;
  readonly isOptional: boolean;
  /** `consumes: {<link>: nil}`: never linked. */
  readonly isBlocked: boolean;
  /** The manifest names the link in `consumes`: only providers called `name` match. */
  readonly isExplicit: boolean;
  /** A manual link's content (`instances`, `properties`, `address`, `deployment_name`). */
  readonly manual: RubyHash | undefined;
  /** `network:`: the provider network whose addresses the link carries. */
  readonly network: string | undefined;
  /** `ip_addresses:`: IPs (true) or DNS names (false) whatever `use_dns_addresses` says. */
  readonly useIpAddresses: boolean | undefined;
}

const MANUAL_LINK_KEYS = ['instances', 'properties', 'address'] as const;

/**
 * Every link consumer of the deployment, in manifest order, errand groups included, as BOSH's
 * `LinksParser#parse_consumers_from_job` reads them. Throws BosunError LINK_CONSUMER_INVALID
 * at the first job with problems, all of that job's messages joined by newlines, in BOSH's
 * words. A `deployment:` other than this one is refused: Bosun resolves links within the
 * deployment being deployed only.
 */
export function collectLinkConsumers(manifest: DeploymentManifest, jobOf: JobLookup): LinkConsumer[] {
  return manifest.instance_groups.flatMap((group) =>
    group.jobs.flatMap((job) => consumersOfJob(manifest, group, job, jobOf)),
  );
}

function consumersOfJob(
  manifest: DeploymentManifest,
  group: InstanceGroup,
  job: InstanceGroupJob,
  jobOf: JobLookup,
): LinkConsumer[] {
  const spec = jobOf(job.release, job.name).source.spec;
  const where = `job '${job.name}' in instance group '${group.name}'`;
  const manifestConsumes = new Map(job.consumes ?? []);
  if (spec.consumes.length === 0) {
    if (manifestConsumes.size === 0) return [];
    throw new BosunError(
      LINK_CONSUMER_INVALID,
      `Job '${job.name}' in instance group '${group.name}' specifies consumers in the manifest but the job does not define any consumers in the release spec`,
    );
  }
  const errors: string[] = [];
  const consumers: LinkConsumer[] = [];
  for (const consumes of spec.consumes) {
    const base = {
      instanceGroup: group.name,
      job: job.name,
      originalName: consumes.name,
      name: consumes.name,
      type: consumes.type,
      isOptional: consumes.optional,
      isBlocked: false,
      isExplicit: false,
      manual: undefined,
      network: undefined,
      useIpAddresses: undefined,
    };
    if (!manifestConsumes.has(consumes.name)) {
      consumers.push(base);
      continue;
    }
    const source = manifestConsumes.get(consumes.name) ?? null;
    manifestConsumes.delete(consumes.name);
    const problems = checkConsumeSource(source, consumes.name, where);
    errors.push(...problems);
    if (problems.length > 0) continue;
    if (!isRubyHash(source)) {
      consumers.push({ ...base, isExplicit: true, isBlocked: true });
      continue;
    }
    if (MANUAL_LINK_KEYS.some((k) => source.has(k))) {
      const manual: RubyHash = new Map(MANUAL_LINK_KEYS.map((k) => [k, source.get(k) ?? null]));
      manual.set('deployment_name', manifest.name);
      consumers.push({ ...base, isExplicit: true, manual });
      continue;
    }
    const from = source.get('deployment');
    if (from !== undefined && from !== null && from !== false && from !== manifest.name) {
      errors.push(
        `Link '${consumes.name}' in job '${job.name}' from instance group '${group.name}' consumes from deployment '${interpolate(from)}', but Bosun resolves links only within the deployment being deployed ('${manifest.name}').`,
      );
      continue;
    }
    const alias = source.has('from') ? interpolate(source.get('from') ?? null) : consumes.name;
    const network = source.get('network');
    const ipAddresses = source.get('ip_addresses');
    consumers.push({
      ...base,
      name: alias.split('.').at(-1) ?? alias,
      isExplicit: true,
      network: network === undefined || network === null ? undefined : interpolate(network),
      useIpAddresses: typeof ipAddresses === 'boolean' ? ipAddresses : undefined,
    });
  }
  if (manifestConsumes.size > 0) {
    errors.push('Manifest defines unknown consumers:');
    for (const link of manifestConsumes.keys()) {
      errors.push(` - Job '${job.name}' does not define consumer '${interpolate(link)}' in the release spec`);
    }
  }
  if (errors.length > 0) throw new BosunError(LINK_CONSUMER_INVALID, errors.join('\n'));
  return consumers;
}

/** BOSH's `validate_consume_link`, with its messages. */
function checkConsumeSource(source: RubyValue, link: string, where: string): string[] {
  if (source === 'nil') return [];
  if (!isRubyHash(source)) {
    return [`Consumer '${link}' in ${where} specified in the manifest should only be a hash or string 'nil'`];
  }
  const errors: string[] = [];
  for (const [a, b] of [
    ['instances', 'from'],
    ['properties', 'from'],
  ] as const) {
    if (source.has(a) && source.has(b)) {
      errors.push(`Cannot specify both '${a}' and '${b}' keys for link '${link}' in ${where}.`);
    }
  }
  if (source.has('properties') && !source.has('instances')) {
    errors.push(`Cannot specify 'properties' without 'instances' for link '${link}' in ${where}.`);
  }
  if (source.has('ip_addresses') && typeof source.get('ip_addresses') !== 'boolean') {
    errors.push(`Cannot specify non boolean values for 'ip_addresses' field for link '${link}' in ${where}.`);
  }
  if (source.has('name') || source.has('type')) {
    errors.push(
      `Cannot specify 'name' or 'type' properties in the manifest for link '${link}' in ${where}. Please provide these keys in the release only.`,
    );
  }
  return errors;
}
