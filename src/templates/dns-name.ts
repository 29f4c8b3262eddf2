/**
 * BOSH DNS names (reference §2.5, §2.3 `link.address`): canonical labels, per-network
 * `dns_record_name`, an instance's long DNS address, and the BOSH DNS query that
 * `link('x').address(...)` returns. Follows the Director's `Canonicalizer`,
 * `DnsNameGenerator` and `DnsEncoder`.
 */
import { BosunError } from '../base/index.js';
import { RubySymbol } from '../yaml/index.js';
import type { RubyHash, RubyValue } from '../yaml/index.js';

/**
 * A DNS label as BOSH makes it: lowercased, `_` turned into `-`, characters outside
 * `[a-z0-9-]` dropped. Throws DNS_INVALID_CANONICAL_NAME when the result starts or ends with a
 * hyphen; like BOSH, the message quotes the canonicalized text.
 */
export function canonicalDnsName(name: string): string {
  const canonical = name
    .toLowerCase()
    .replaceAll('_', '-')
    .replace(/[^a-z0-9-]/g, '');
  const hyphenAt = canonical.startsWith('-') ? 'start' : canonical.endsWith('-') ? 'end' : undefined;
  if (hyphenAt !== undefined) {
    throw new BosunError(
      'DNS_INVALID_CANONICAL_NAME',
      `Invalid DNS canonical name '${canonical}', cannot ${hyphenAt} with a hyphen`,
    );
  }
  return canonical;
}

/** Where an instance is, for its DNS names. */
export interface DnsPlacement {
  readonly instanceGroup: string;
  readonly network: string;
  readonly deployment: string;
  /** The Director's root domain, `bosh` by default; used as is, not canonicalized. */
  readonly rootDomain: string;
}

/** `dns_record_name` of one network: `<index>.<ig>.<network>.<deployment>.<root_domain>`. */
export function dnsRecordName(index: number | string, placement: DnsPlacement): string {
  return [String(index), ...canonicalLabels(placement), placement.rootDomain].join('.');
}

/** The long-form DNS address of an instance: `<uuid>.<ig>.<network>.<deployment>.<root_domain>`. */
export function instanceDnsAddress(id: string, placement: DnsPlacement): string {
  return [id, ...canonicalLabels(placement), placement.rootDomain].join('.');
}

/** What `link.address(criteria)` asks for, merged with the link's own facts (§2.3). */
export interface LinkQueryCriteria {
  /** The provider instance group, or the link's group name when `use_link_dns_names`. */
  readonly groupName: string;
  /** `instance-group` or `link`. */
  readonly groupType: string;
  readonly deploymentName: string;
  readonly defaultNetwork: string;
  /** The link's `domain`. */
  readonly rootDomain: string;
  /** AZ filter; each becomes `a<index>`. */
  readonly azs?: ReadonlyArray<string | null> | undefined;
  /** `default` (s0), `healthy` (s3), `unhealthy` (s1), `all` (s4); anything else is s0. */
  readonly status?: string | undefined;
  /** One instance; long form puts it first instead of a query, short form encodes `m<n>`. */
  readonly uuid?: string | undefined;
}

/** The Director's numbering that encoded queries refer to. */
export interface LinkQueryOptions {
  readonly useShortDnsAddresses: boolean;
  /** AZ name → index, as the Director numbers AZs. */
  readonly azIndices: ReadonlyMap<string, number>;
  /** Network name → id; needed for short addresses. */
  readonly networkIds?: ReadonlyMap<string, number> | undefined;
  /** Instance UUID → number; needed for short addresses with a `uuid`. */
  readonly instanceNumbers?: ReadonlyMap<string, number> | undefined;
  /** Encoded groups; needed for short addresses. */
  readonly groups?: ReadonlyArray<DnsGroup> | undefined;
}

/** One encoded group of the Director (`local_dns_encoded_groups`). */
export interface DnsGroup {
  readonly groupType: string;
  readonly groupName: string;
  readonly deployment: string;
  readonly id: number;
}

const HEALTH: Readonly<Record<string, number>> = { healthy: 3, unhealthy: 1, all: 4, default: 0 };

/**
 * The BOSH DNS query for a link address: long form `q-<slug>.<group>.<network>.<deployment>.<domain>`
 * (or `<uuid>.…` when `uuid` is set), short form `q-<slug>.q-g<group id>.<domain>`. The slug
 * sorts `a<az>`, `m<instance>`, `n<network>` (short form only) and `s<status>` bytewise.
 * Throws DNS_ENCODE_FAILED for an AZ, network, instance or group the options do not know.
 */
export function encodeLinkQuery(criteria: LinkQueryCriteria, options: LinkQueryOptions): string {
  const short = options.useShortDnsAddresses;
  const first = criteria.uuid === undefined || short ? `q-${querySlug(criteria, options)}` : criteria.uuid;
  const middle = short
    ? [`q-g${groupId(criteria, options)}`]
    : [criteria.groupName, criteria.defaultNetwork, criteria.deploymentName].map(canonicalDnsName);
  return [first, ...middle, criteria.rootDomain].join('.');
}

/**
 * Link query criteria from the Ruby hash a template passes (`{azs: [...], status: 'healthy'}`
 * merged with `group_name`, `group_type`, `default_network`, `deployment_name`,
 * `root_domain`); keys may be Symbols or Strings.
 */
export function linkQueryCriteriaFromRuby(hash: RubyHash): LinkQueryCriteria {
  const get = (key: string): RubyValue | undefined => {
    for (const [k, v] of hash) if ((k instanceof RubySymbol ? k.name : k) === key) return v;
    return undefined;
  };
  const text = (key: string): string => {
    const v = get(key);
    if (typeof v !== 'string') throw encodeError(`key not found: :${key}`);
    return v;
  };
  const optionalText = (key: string): string | undefined => {
    const v = get(key);
    return typeof v === 'string' ? v : undefined;
  };
  const azs = get('azs') ?? null;
  if (azs !== null && (!Array.isArray(azs) || azs.some((az) => az !== null && typeof az !== 'string'))) {
    throw encodeError('azs must be an array of AZ names');
  }
  return {
    groupName: text('group_name'),
    groupType: text('group_type'),
    deploymentName: text('deployment_name'),
    defaultNetwork: text('default_network'),
    rootDomain: text('root_domain'),
    azs: azs === null ? undefined : (azs as Array<string | null>),
    status: optionalText('status'),
    uuid: optionalText('uuid'),
  };
}

function querySlug(criteria: LinkQueryCriteria, options: LinkQueryOptions): string {
  const parts: string[] = [];
  for (const az of criteria.azs ?? []) {
    // Ruby interpolates a nil AZ id as an empty string.
    parts.push(`a${az === null ? '' : known(options.azIndices, az, `Unknown AZ: '${az}'`)}`);
  }
  if (options.useShortDnsAddresses) {
    if (criteria.uuid !== undefined) {
      parts.push(
        `m${known(options.instanceNumbers, criteria.uuid, `Unknown instance UUID: '${criteria.uuid}'`)}`,
      );
    }
    parts.push(
      `n${known(options.networkIds, criteria.defaultNetwork, `Unknown Network: '${criteria.defaultNetwork}'`)}`,
    );
  }
  parts.push(`s${HEALTH[criteria.status ?? 'default'] ?? 0}`);
  // Every part is ASCII, so code-unit order is Ruby's byte order.
  return parts.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).join('');
}

function groupId(criteria: LinkQueryCriteria, options: LinkQueryOptions): number {
  const group = options.groups?.find(
    (g) =>
      g.groupType === criteria.groupType &&
      g.groupName === criteria.groupName &&
      g.deployment === criteria.deploymentName,
  );
  if (!group) {
    throw encodeError(
      `Unknown DNS group: ${criteria.groupType} '${criteria.groupName}' in deployment '${criteria.deploymentName}'`,
    );
  }
  return group.id;
}

function known(map: ReadonlyMap<string, number> | undefined, key: string, message: string): number {
  const value = map?.get(key);
  if (value === undefined) throw encodeError(message);
  return value;
}

function canonicalLabels(p: DnsPlacement): string[] {
  return [p.instanceGroup, p.network, p.deployment].map(canonicalDnsName);
}

function encodeError(message: string): BosunError {
  return new BosunError('DNS_ENCODE_FAILED', message);
}
