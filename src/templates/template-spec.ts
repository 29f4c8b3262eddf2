/**
 * The template spec: the `spec` hash that the templates of ONE job of an instance see
 * (reference §2.5), as the Director's `InstanceSpec#as_template_spec` builds it and
 * `JobTemplateRenderer` narrows it to the job (`properties`, `links`, `release`). Also the
 * generated `.bosh/links.json` (§2.7 3c).
 */
import { BosunError } from '../base/index.js';
import { cloneRubyValue, isRubyHash } from '../yaml/index.js';
import type { RubyHash, RubyValue } from '../yaml/index.js';
import { dnsRecordName, instanceDnsAddress } from './dns-name.js';
import type { DnsPlacement } from './dns-name.js';

/** One network of an instance, in the order the instance group lists them. */
export interface InstanceNetwork {
  readonly name: string;
  readonly type: 'manual' | 'dynamic' | 'vip';
  /** Unknown for a dynamic network until the agent reports it. */
  readonly ip?: string | undefined;
  readonly netmask?: string | undefined;
  readonly gateway?: string | undefined;
  readonly dns?: readonly string[] | undefined;
  /** What this network is the default for: `dns`, `gateway`, `addressable`. */
  readonly default?: readonly string[] | undefined;
  readonly cloudProperties: RubyHash;
  /** Prefix length as BOSH prints it (`"32"`). */
  readonly prefix?: string | undefined;
  readonly nicGroup?: string | undefined;
  /** Other settings, set as given after the computed ones (replacing any of the same name). */
  readonly extra?: RubyHash | undefined;
}

/** A job of the instance group, for the legacy `spec.job` hash. `null` fields print as nil. */
export interface InstanceGroupJob {
  readonly name: string;
  readonly version: string | null;
  readonly sha1: string | null;
  readonly blobstoreId: string | null;
  /** The job's `logs` from its spec, when it has any. */
  readonly logs?: RubyValue | undefined;
}

/** Everything about one instance that its template spec depends on, except the job. */
export interface InstanceFacts {
  readonly deployment: string;
  readonly instanceGroup: string;
  readonly index: number;
  /** Instance UUID. */
  readonly id: string;
  readonly az: string | null;
  readonly bootstrap: boolean;
  readonly networks: readonly InstanceNetwork[];
  /** Disk size; 0 for no disk; `undefined` drops the key (several `persistent_disks`). */
  readonly persistentDiskMb: number | undefined;
  /** The Director's root domain (`bosh`). */
  readonly rootDomain: string;
  /** `features.use_dns_addresses`: `address` is the instance's DNS name instead of its IP. */
  readonly useDnsAddresses: boolean;
  /** All jobs of the instance group, in manifest order; empty makes `spec.job` nil. */
  readonly instanceGroupJobs: readonly InstanceGroupJob[];
  /** Template-spec keys given as is; applied last, replacing computed values. */
  readonly overrides: RubyHash;
}

/**
 * A link the job's spec consumes. A consumed link missing from `JobFacts.links`, optional or
 * not, is simply absent from `spec.links` (as BOSH's test harness renders, T76): failing on a
 * missing required link is link resolution's job, before rendering.
 */
export interface ConsumedLink {
  readonly name: string;
  readonly optional: boolean;
}

/** The job being rendered. */
export interface JobFacts {
  readonly name: string;
  readonly release: { readonly name: string; readonly version: string };
  /** This job's bound properties (see `bindProperties`). */
  readonly boundProperties: RubyHash;
  readonly consumedLinks: readonly ConsumedLink[];
  /** Resolved links by link name, each a link spec as the Director built it. */
  readonly links: RubyHash;
}

const LINK_SPEC_KEYS: ReadonlySet<RubyValue> = new Set([
  'address',
  'default_network',
  'deployment_name',
  'domain',
  'group_name',
  'instance_group',
  'instances',
  'properties',
  'use_link_dns_names',
  'use_short_dns_addresses',
]);

/**
 * The template spec of `job` on `instance`: keys `deployment, name, index, id, az, bootstrap,
 * address, ip, networks, dns_domain_name, persistent_disk?, job, properties_need_filtering,
 * properties, links, release`, then `instance.overrides`. The result shares nothing with the
 * inputs. Throws NETWORK_INVALID for a VIP network that is made a default, LINK_SPEC_INVALID
 * for a consumed link whose spec is not a Hash.
 */
export function buildTemplateSpec(instance: InstanceFacts, job: JobFacts): RubyHash {
  const networks = effectiveNetworks(instance.networks);
  const spec: RubyHash = new Map<RubyValue, RubyValue>([
    ['deployment', instance.deployment],
    ['name', instance.instanceGroup],
    ['index', BigInt(instance.index)],
    ['id', instance.id],
    ['az', instance.az],
    ['bootstrap', instance.bootstrap],
    ['address', instanceAddress(instance, networks)],
    ['ip', defaultIp(networks)],
    ['networks', networksHash(instance, networks)],
    ['dns_domain_name', instance.rootDomain],
  ]);
  if (instance.persistentDiskMb !== undefined) spec.set('persistent_disk', BigInt(instance.persistentDiskMb));
  spec.set('job', legacyJobHash(instance));
  spec.set('properties_need_filtering', true);
  spec.set('properties', cloneRubyValue(job.boundProperties));
  spec.set('links', consumedLinks(job));
  spec.set(
    'release',
    new Map([
      ['name', job.release.name],
      ['version', job.release.version],
    ]),
  );
  for (const [key, value] of instance.overrides) spec.set(key, cloneRubyValue(value));
  return spec;
}

/** A link this job provides in its instance group, for `.bosh/links.json`. */
export interface ProvidedLinkEntry {
  readonly name: string;
  readonly type: string;
  /** The encoded DNS group id, as a string. */
  readonly group: string;
}

/**
 * The contents of `.bosh/links.json`: Ruby's `JSON.pretty_generate` of `[{name, type, group}]`
 * sorted by `group` (bytewise), plus a newline; `[]\n` when the job provides nothing.
 */
export function linksJsonFor(providers: readonly ProvidedLinkEntry[]): string {
  const sorted = [...providers].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  // For strings JSON.stringify escapes exactly what Ruby's generator escapes.
  return `${JSON.stringify(
    sorted.map(({ name, type, group }) => ({ name, type, group })),
    null,
    2,
  )}\n`;
}

interface EffectiveNetwork extends InstanceNetwork {
  readonly defaults: readonly string[];
}

/** A lone network is the default for dns and gateway, whatever it says (BOSH `make_default_for`). */
function effectiveNetworks(networks: readonly InstanceNetwork[]): EffectiveNetwork[] {
  return networks.map((network) => {
    const given = networks.length === 1 ? ['dns', 'gateway'] : [...(network.default ?? [])];
    if (network.type === 'vip' && given.length > 0) {
      throw new BosunError('NETWORK_INVALID', "Can't provide any defaults since this is a VIP network", {
        hint: `Network '${network.name}' is a VIP network; add a manual or dynamic network to be the default.`,
      });
    }
    return { ...network, defaults: given.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
  });
}

/** `ip`: the addressable network's IP, else the first gateway default's, as given (before 127.0.0.1). */
function defaultIp(networks: readonly EffectiveNetwork[]): RubyValue {
  let ip: string | null = null;
  for (const network of networks) {
    if (network.defaults.includes('addressable') || (ip === null && network.defaults.includes('gateway'))) {
      ip = network.ip ?? null;
    }
  }
  return ip;
}

/** `address`: the default network's IP, or the instance's DNS name (dynamic network or DNS addresses). */
function instanceAddress(instance: InstanceFacts, networks: readonly EffectiveNetwork[]): RubyValue {
  const network =
    networks.find((n) => n.defaults.includes('addressable')) ??
    networks.find((n) => n.defaults.includes('gateway'));
  if (!network) return null;
  if (network.type === 'dynamic' || instance.useDnsAddresses) {
    return instanceDnsAddress(instance.id, placement(instance, network.name));
  }
  return network.ip ?? null;
}

function networksHash(instance: InstanceFacts, networks: readonly EffectiveNetwork[]): RubyHash {
  const out: RubyHash = new Map();
  for (const network of networks) {
    const settings: RubyHash = new Map();
    const put = (key: string, value: RubyValue | undefined): void => {
      if (value !== undefined) settings.set(key, value);
    };
    const defaults = network.defaults.length > 0 ? [...network.defaults] : undefined;
    put('type', network.type);
    if (network.type === 'dynamic') {
      put('cloud_properties', cloneRubyValue(network.cloudProperties));
      put('prefix', network.prefix);
      put('dns', network.dns && [...network.dns]);
      put('default', defaults);
      put('ip', network.ip);
      put('netmask', network.netmask);
      put('gateway', network.gateway);
    } else {
      put('ip', network.ip ?? null);
      put('prefix', network.prefix);
      if (network.type === 'manual') put('netmask', network.netmask);
      put('cloud_properties', cloneRubyValue(network.cloudProperties));
      put('default', defaults);
      put('nic_group', network.nicGroup);
      put('dns', network.dns && [...network.dns]);
      put('gateway', network.gateway);
    }
    if (instance.instanceGroupJobs.length > 0) {
      put('dns_record_name', dnsRecordName(instance.index, placement(instance, network.name)));
    }
    if (network.type === 'dynamic') {
      // Templates may render before the agent reports dynamic addresses (BOSH fills these in).
      for (const key of ['ip', 'netmask', 'gateway']) if (!settings.has(key)) settings.set(key, '127.0.0.1');
    }
    for (const [key, value] of network.extra ?? []) settings.set(key, cloneRubyValue(value));
    out.set(network.name, settings);
  }
  return out;
}

function legacyJobHash(instance: InstanceFacts): RubyValue {
  const [first] = instance.instanceGroupJobs;
  if (!first) return null;
  const withLogs = (hash: RubyHash, job: InstanceGroupJob): RubyHash => {
    // Ruby: `if job.logs`, so nil and false add nothing.
    if (job.logs !== undefined && job.logs !== null && job.logs !== false)
      hash.set('logs', cloneRubyValue(job.logs));
    return hash;
  };
  const templates = instance.instanceGroupJobs.map((job) =>
    withLogs(
      new Map<RubyValue, RubyValue>([
        ['name', job.name],
        ['version', job.version],
        ['sha1', job.sha1],
        ['blobstore_id', job.blobstoreId],
      ]),
      job,
    ),
  );
  const legacy = new Map<RubyValue, RubyValue>([
    ['name', instance.instanceGroup],
    ['templates', templates],
    ['template', first.name],
    ['version', first.version],
    ['sha1', first.sha1],
    ['blobstore_id', first.blobstoreId],
  ]);
  return withLogs(legacy, first);
}

function consumedLinks(job: JobFacts): RubyHash {
  const out: RubyHash = new Map();
  for (const consumed of job.consumedLinks) {
    const link = job.links.get(consumed.name);
    if (link === undefined) continue;
    if (!isRubyHash(link)) {
      throw new BosunError(
        'LINK_SPEC_INVALID',
        `Link '${consumed.name}' of job '${job.name}' must be a hash`,
      );
    }
    const kept: RubyHash = new Map();
    for (const [key, value] of link) if (LINK_SPEC_KEYS.has(key)) kept.set(key, cloneRubyValue(value));
    out.set(consumed.name, kept);
  }
  return out;
}

function placement(instance: InstanceFacts, network: string): DnsPlacement {
  const { instanceGroup, deployment, rootDomain } = instance;
  return { instanceGroup, network, deployment, rootDomain };
}
