/**
 * The `--instance` file of `bosun render`: which instance to render a job for. Every field is
 * optional; docs/render-instance.md lists the fields and their defaults. Problems are reported
 * all at once, each with its path: `instance.yml: networks.default.ip: expected a string, got Integer`.
 */
import { BosunError } from '../base/index.js';
import { isRubyHash, rubyClassName, RubySymbol } from '../yaml/index.js';
import type { RubyHash, RubyValue } from '../yaml/index.js';
import type { InstanceFacts, InstanceNetwork } from './template-spec.js';

/** The instance id used when the file gives none: fixed, so that output is reproducible. */
export const DEFAULT_INSTANCE_ID = '00000000-0000-4000-8000-000000000000';
/** The deployment name used when the file gives none. */
export const DEFAULT_DEPLOYMENT = 'bosun-render';

/** The network an instance gets when the file lists none (a fresh copy each time). */
const defaultNetwork = (): InstanceNetwork => ({
  name: 'default',
  type: 'manual',
  ip: '10.0.0.10',
  prefix: '32',
  netmask: '255.255.255.0',
  gateway: '10.0.0.1',
  default: ['dns', 'gateway'],
  cloudProperties: new Map<RubyValue, RubyValue>(),
});

/** Template-spec keys that are passed through unchanged, replacing what Bosun computes. */
const OVERRIDE_KEYS = ['address', 'ip', 'job', 'release', 'properties_need_filtering', 'resource_pool'];
const FACT_KEYS = [
  ...['deployment', 'name', 'index', 'id', 'az', 'bootstrap', 'networks', 'persistent_disk'],
  ...['dns_domain_name', 'root_domain', 'use_dns_addresses'],
];
const NETWORK_KEYS = [
  'type',
  'ip',
  'netmask',
  'gateway',
  'dns',
  'default',
  'cloud_properties',
  'prefix',
  'nic_group',
];
const DEFAULT_PROPERTIES = ['dns', 'gateway', 'addressable'];

/**
 * The instance facts described by the parsed `--instance` file `value` (null for an empty
 * file), for rendering job `jobName`. `file` only labels error messages. The instance group's
 * job list is just `jobName`, with nil version, sha1 and blobstore_id (callers that know the
 * job's version may fill it in). Throws INPUT_INVALID listing every problem.
 */
export function parseInstanceInput(value: RubyValue, file: string, jobName: string): InstanceFacts {
  const problems: string[] = [];
  const report = (path: string, what: string): void => {
    problems.push(`${file}: ${path}: ${what}`);
  };
  const input: RubyHash = isRubyHash(value) ? value : new Map<RubyValue, RubyValue>();
  if (value !== null && !isRubyHash(value)) {
    report('(top level)', `expected a map, got ${rubyClassName(value)}`);
  }

  const read = new FieldReader(input, '', report);
  const overrides: RubyHash = new Map();
  for (const [key, v] of input) {
    if (key === 'properties' || key === 'links') {
      report(key, `set ${key} with --${key}`);
    } else if (typeof key !== 'string') {
      report(keyLabel(key), 'field names must be strings');
    } else if (OVERRIDE_KEYS.includes(key) || !FACT_KEYS.includes(key)) {
      // Any other template-spec key is used as given (the render command's contract).
      overrides.set(key, v);
    }
  }
  checkOverrides(overrides, report);

  const deployment = read.text('deployment') ?? DEFAULT_DEPLOYMENT;
  const instanceGroup = read.text('name') ?? jobName;
  const index = read.count('index') ?? 0;
  const id = read.text('id') ?? DEFAULT_INSTANCE_ID;
  const az = input.get('az') === null ? null : (read.text('az') ?? 'z1');
  const bootstrap = read.flag('bootstrap') ?? index === 0;
  const persistentDiskMb =
    input.get('persistent_disk') === null ? undefined : (read.count('persistent_disk') ?? 0);
  if (read.has('dns_domain_name') && read.has('root_domain')) {
    report('root_domain', 'give either dns_domain_name or root_domain, not both');
  }
  const rootDomain = read.text('dns_domain_name') ?? read.text('root_domain') ?? 'bosh';
  const useDnsAddresses = read.flag('use_dns_addresses') ?? false;
  const networks = readNetworks(input.get('networks'), report);
  checkNetworkDefaults(instanceGroup, networks, report);
  const facts: InstanceFacts = {
    deployment,
    instanceGroup,
    index,
    id,
    az,
    bootstrap,
    networks,
    persistentDiskMb,
    rootDomain,
    useDnsAddresses,
    instanceGroupJobs: [{ name: jobName, version: null, sha1: null, blobstoreId: null }],
    overrides,
  };
  if (problems.length > 0) throw new BosunError('INPUT_INVALID', problems.join('\n'));
  return facts;
}

type Report = (path: string, what: string) => void;

/** Typed reads of one map's fields; a wrong type is reported and read as absent. */
class FieldReader {
  constructor(
    private readonly map: RubyHash,
    private readonly prefix: string,
    private readonly report: Report,
  ) {}

  has(key: string): boolean {
    return this.map.has(key);
  }

  text(key: string): string | undefined {
    return this.typed(key, 'a string', (v): v is string => typeof v === 'string');
  }

  flag(key: string): boolean | undefined {
    return this.typed(key, 'true or false', (v): v is boolean => typeof v === 'boolean');
  }

  count(key: string): number | undefined {
    const v = this.typed(key, 'a non-negative integer', (x): x is bigint => typeof x === 'bigint' && x >= 0n);
    return v === undefined ? undefined : Number(v);
  }

  /** A String, or an Integer printed as one (BOSH prints prefix and nic_group as strings). */
  label(key: string): string | undefined {
    const v = this.typed(
      key,
      'a string',
      (x): x is string | bigint => typeof x === 'string' || typeof x === 'bigint',
    );
    return v === undefined ? undefined : String(v);
  }

  strings(key: string): string[] | undefined {
    const isList = (v: RubyValue): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
    return this.typed(key, 'a list of strings', isList);
  }

  hash(key: string): RubyHash | undefined {
    return this.typed(key, 'a map', isRubyHash);
  }

  private typed<T extends RubyValue>(key: string, what: string, is: (v: RubyValue) => v is T): T | undefined {
    const v = this.map.get(key);
    if (v === undefined || v === null) return undefined;
    if (is(v)) return v;
    this.report(`${this.prefix}${key}`, `expected ${what}, got ${rubyClassName(v)}`);
    return undefined;
  }
}

function readNetworks(value: RubyValue | undefined, report: Report): InstanceNetwork[] {
  if (value === undefined || value === null) return [defaultNetwork()];
  if (!isRubyHash(value)) {
    report('networks', `expected a map of network name to settings, got ${rubyClassName(value)}`);
    return [defaultNetwork()];
  }
  if (value.size === 0) report('networks', 'at least one network is required');
  const networks: InstanceNetwork[] = [];
  for (const [name, settings] of value) {
    const path = `networks.${keyLabel(name)}`;
    if (typeof name !== 'string') report(path, 'network names must be strings');
    else if (settings !== null && !isRubyHash(settings))
      report(path, `expected a map, got ${rubyClassName(settings)}`);
    else networks.push(readNetwork(name, settings ?? new Map<RubyValue, RubyValue>(), `${path}.`, report));
  }
  return networks;
}

function readNetwork(name: string, settings: RubyHash, prefix: string, report: Report): InstanceNetwork {
  // Other fields are the template's to read (BOSH's test harness passes `networks` as given).
  const extra: RubyHash = new Map();
  for (const [key, value] of settings) {
    if (typeof key !== 'string') report(`${prefix}${keyLabel(key)}`, 'field names must be strings');
    else if (!NETWORK_KEYS.includes(key)) extra.set(key, value);
  }
  const read = new FieldReader(settings, prefix, report);
  const type = read.text('type') ?? 'manual';
  if (type !== 'manual' && type !== 'dynamic' && type !== 'vip') {
    report(`${prefix}type`, `expected manual, dynamic or vip, got '${type}'`);
  }
  const ip = read.text('ip');
  if (ip === undefined && type !== 'dynamic') report(`${prefix}ip`, `required for a ${type} network`);
  const defaults = read.strings('default');
  for (const [i, d] of (defaults ?? []).entries()) {
    if (!DEFAULT_PROPERTIES.includes(d)) {
      report(`${prefix}default[${i}]`, `expected dns, gateway or addressable, got '${d}'`);
    }
  }
  const manualPrefix = type === 'manual' && ip !== undefined ? (ip.includes(':') ? '128' : '32') : undefined;
  return {
    name,
    type: type === 'dynamic' || type === 'vip' ? type : 'manual',
    ip,
    netmask: read.text('netmask'),
    gateway: read.text('gateway'),
    dns: read.strings('dns'),
    default: defaults,
    cloudProperties: read.hash('cloud_properties') ?? new Map<RubyValue, RubyValue>(),
    prefix: read.label('prefix') ?? manualPrefix,
    nicGroup: read.label('nic_group'),
    ...(extra.size > 0 ? { extra } : {}),
  };
}

/** The Director's checks of `default` across an instance group's networks, with its messages. */
function checkNetworkDefaults(ig: string, networks: readonly InstanceNetwork[], report: Report): void {
  for (const n of networks) {
    if (n.type === 'vip' && (networks.length === 1 || (n.default ?? []).length > 0)) {
      report(`networks.${n.name}`, "Can't provide any defaults since this is a VIP network");
    }
  }
  if (networks.length < 2) return;
  const holders = (p: string): string[] =>
    networks.filter((n) => (n.default ?? []).includes(p)).map((n) => n.name);
  const multiple = DEFAULT_PROPERTIES.filter((p) => holders(p).length > 1);
  if (multiple.length > 0) {
    const each = multiple.map(
      (p) =>
        `'${p}' has default networks: ${holders(p)
          .map((n) => `'${n}'`)
          .join(', ')}.`,
    );
    report(
      'networks',
      `Instance group '${ig}' specified more than one network to contain default. ${each.join(' ')}`,
    );
  }
  const missing = ['dns', 'gateway'].filter((p) => holders(p).length === 0);
  if (missing.length > 0) {
    report(
      'networks',
      `Instance group '${ig}' must specify which network is default for ${missing.join(', ')}, ` +
        'since it has more than one network configured',
    );
  }
}

function checkOverrides(overrides: RubyHash, report: Report): void {
  const expect = (key: string, what: string, ok: (v: RubyValue) => boolean): void => {
    const v = overrides.get(key);
    if (v !== undefined && !ok(v)) report(key, `expected ${what}, got ${rubyClassName(v)}`);
  };
  expect('address', 'a string', (v) => v === null || typeof v === 'string');
  expect('ip', 'a string', (v) => v === null || typeof v === 'string');
  expect('job', 'a map', (v) => v === null || isRubyHash(v));
  const release = overrides.get('release');
  if (release === undefined) return;
  if (!isRubyHash(release)) return report('release', `expected a map, got ${rubyClassName(release)}`);
  new FieldReader(release, 'release.', report).text('name');
  new FieldReader(release, 'release.', report).text('version');
  for (const key of ['name', 'version']) if (!release.has(key)) report(`release.${key}`, 'required');
}

/** A map key as a path segment. */
function keyLabel(key: RubyValue): string {
  if (key instanceof RubySymbol) return `:${key.name}`;
  if (key === null || typeof key !== 'object') return String(key);
  return `(${rubyClassName(key)} key)`;
}
