import { loadYamlDocument, type RubyHash, type RubyValue } from '../yaml/index.js';
import { canonicalName } from './canonical-name.js';
import type {
  DeploymentManifest,
  InstanceGroup,
  InstanceGroupState,
  UpdateConfig,
} from './deployment-manifest.js';
import { groupAzs, type ParsedInstanceGroup } from './instance-group-schema.js';
import {
  invalidFileError,
  problemAt,
  problemsFromZod,
  type ManifestProblem,
  type ManifestSource,
} from './manifest-problems.js';
import { manifestSchema, type ParsedManifest } from './manifest-schema.js';
import { rubyToS } from './ruby-schema.js';
import { resolveDeploymentUpdate, resolveGroupUpdate } from './update-config-schema.js';

/** The code of every deployment manifest problem. */
export const MANIFEST_INVALID = 'MANIFEST_INVALID';

/** A manifest and every problem found in it; `manifest` is undefined when there are problems. */
export interface ManifestValidation {
  readonly manifest: DeploymentManifest | undefined;
  readonly problems: readonly ManifestProblem[];
}

/**
 * Reads a deployment manifest v2 (YAML 1.1 as the Director loads it) and checks it as the
 * Director does before anything changes (reference §6.1, §6.3), with BOSH's messages. Checks
 * that need the cloud config are `checkManifestAgainstCloudConfig`'s. Throws BosunError
 * `YAML_INVALID` for bad YAML and `MANIFEST_INVALID` listing every problem with its path and
 * line. Pure.
 */
export function parseDeploymentManifest(text: string, file: string): DeploymentManifest {
  const { manifest, problems } = validateDeploymentManifest(text, file);
  if (manifest === undefined) throw invalidFileError(MANIFEST_INVALID, 'Deployment manifest', file, problems);
  return manifest;
}

/** {@link parseDeploymentManifest}, returning the problems instead of throwing them. */
export function validateDeploymentManifest(text: string, file: string): ManifestValidation {
  const doc = loadYamlDocument(text, file);
  return validateManifestValue(doc.value, { file, lineOf: (path) => doc.lineOf(path) });
}

/** Checks an already loaded manifest; `source` gives problems their lines. */
export function validateManifestValue(value: RubyValue, source?: ManifestSource): ManifestValidation {
  const legacy = findLegacyKeys(value).map(([key, message]) => problemAt([key], message, source));
  const parsed = manifestSchema.safeParse(withSingularRelease(value));
  const problems = [...legacy, ...(parsed.success ? [] : problemsFromZod(parsed.error, value, source))];
  if (!parsed.success || problems.length > 0) return { manifest: undefined, problems };
  const references = findReferenceProblems(parsed.data).map(([path, message]) =>
    problemAt(path, message, source),
  );
  if (references.length > 0) return { manifest: undefined, problems: references };
  const hasGlobalProperties = value instanceof Map && value.has('properties');
  return { manifest: toManifest(parsed.data, hasGlobalProperties, source), problems: [] };
}

/** `ManifestValidator`: v1 keys, with BOSH's messages. */
function findLegacyKeys(value: RubyValue): Array<[string, string]> {
  if (!(value instanceof Map)) return [];
  const found: Array<[string, string]> = [];
  for (const key of ['vm_types', 'azs', 'disk_types', 'compilation']) {
    if (value.has(key))
      found.push([
        key,
        `Deployment manifest contains '${key}' section, but this can only be set in a cloud-config.`,
      ]);
  }
  const messages: Record<string, string> = {
    networks:
      "Deployment 'networks' are no longer supported. Network definitions must now be provided in a cloud-config.",
    disk_pools:
      'disk_pools is no longer supported. Disk definitions must now be provided as disk_types in a cloud-config',
    jobs: 'Jobs are no longer supported, please use instance groups instead',
    resource_pools: 'resource_pools is no longer supported. You must now define resources in a cloud-config',
  };
  for (const [key, message] of Object.entries(messages)) if (value.has(key)) found.push([key, message]);
  if (value.has('release') && value.has('releases')) {
    found.push([
      'release',
      "Deployment manifest contains both 'release' and 'releases' sections, please use one of the two.",
    ]);
  }
  return found;
}

/** BOSH still reads a lone `release:` as a one-release `releases`. */
function withSingularRelease(value: RubyValue): RubyValue {
  if (!(value instanceof Map) || !value.has('release') || value.has('releases')) return value;
  const copy: RubyHash = new Map(value);
  copy.set('releases', [value.get('release') ?? null]);
  return copy;
}

type Found = Array<[Array<string | number>, string]>;

/** Checks across parts of the manifest (`DeploymentSpecParser`, `Planner#add_*`). */
function findReferenceProblems(m: ParsedManifest): Found {
  const found: Found = [];
  const releases = new Set<string>();
  m.releases.forEach((r, i) => {
    if (releases.has(r.name)) found.push([['releases', i, 'name'], `Duplicate release name '${r.name}'`]);
    releases.add(r.name);
  });
  const aliases = new Set<string>();
  (m.stemcells ?? []).forEach((s, i) => {
    if (aliases.has(s.alias))
      found.push([['stemcells', i, 'alias'], `Duplicate stemcell alias '${s.alias}'`]);
    aliases.add(s.alias);
  });
  const groups = new Set<string>();
  (m.instance_groups ?? []).forEach((g, i) => {
    const at = (...rest: Array<string | number>) => ['instance_groups', i, ...rest];
    if (groups.has(canonicalName(g.name))) {
      found.push([at('name'), `Invalid instance group name '${g.name}', canonical name already taken`]);
    }
    groups.add(canonicalName(g.name));
    (g.jobs ?? []).forEach((job, j) => {
      if (!releases.has(job.release)) {
        found.push([
          at('jobs', j, 'release'),
          `Job '${job.name}' (instance group '${g.name}') references an unknown release '${job.release}'`,
        ]);
      }
    });
    if (!aliases.has(g.stemcell)) {
      found.push([
        at('stemcell'),
        `Instance group '${g.name}' references an unknown stemcell '${g.stemcell}'`,
      ]);
    }
  });
  return found;
}

function toManifest(
  m: ParsedManifest,
  hasGlobalProperties: boolean,
  source: ManifestSource | undefined,
): DeploymentManifest {
  const update = resolveDeploymentUpdate(m.update);
  return {
    name: m.name,
    releases: m.releases.map((r) => ({ name: r.name, version: r.version, url: r.url, sha1: r.sha1 })),
    stemcells: m.stemcells ?? [],
    update,
    instance_groups: (m.instance_groups ?? []).map((g) => toInstanceGroup(g, update)),
    properties: m.properties,
    variables: m.variables,
    tags: m.tags,
    features: m.features,
    addons: m.addons ?? [],
    warnings: hasGlobalProperties
      ? ["Global 'properties' are deprecated. Please define 'properties' at the job level."]
      : [],
    ...(source === undefined ? {} : { source }),
  };
}

function toInstanceGroup(g: ParsedInstanceGroup, update: UpdateConfig): InstanceGroup {
  const isOnlyNetwork = g.networks.length === 1;
  return {
    name: g.name,
    lifecycle: g.lifecycle === 'errand' ? 'errand' : 'service',
    azs: groupAzs(g.azs),
    instances: g.instances,
    jobs: (g.jobs ?? []).map((j) => ({
      name: j.name,
      release: j.release,
      properties: j.properties,
      consumes: j.consumes,
      provides: j.provides,
      custom_provider_definitions: j.custom_provider_definitions,
    })),
    vm_type: g.vm_type,
    vm_resources: g.vm_resources,
    vm_extensions: g.vm_extensions ?? [],
    stemcell: g.stemcell,
    persistent_disk: g.persistent_disk,
    persistent_disk_type: g.persistent_disk_type,
    persistent_disks: g.persistent_disks?.map((d) => ({ name: rubyToS(d.name ?? null), type: d.type ?? '' })),
    networks: g.networks.map((n) => ({
      name: n.name,
      static_ips: n.static_ips,
      // A group's only network is the default for dns and gateway, whatever it says (§6.3).
      default: isOnlyNetwork ? ['dns', 'gateway'] : (n.default ?? []),
    })),
    update: resolveGroupUpdate(g.update, update),
    env: g.env,
    properties: g.properties,
    migrated_from: (g.migrated_from ?? []).map((f) => ({ name: f.name, az: f.az })),
    state: g.state as InstanceGroupState | undefined,
    instance_states: Object.fromEntries(
      [...(g.instance_states ?? new Map<RubyValue, RubyValue>())].map(([k, v]) => [
        rubyToS(k),
        v as InstanceGroupState,
      ]),
    ),
    tags: g.tags,
  };
}
