/**
 * BOSH DNS names (reference §2.5): canonical labels, per-network `dns_record_name` and an
 * instance's long DNS address, as the Director's `Canonicalizer` and `DnsNameGenerator`
 * build them. The query encoder behind `link('x').address(...)` runs inside Ruby
 * (`ruby/bosun_host.rb`, `Bosun::LinkDnsEncoder`), where templates call it.
 */
import { BosunError } from '../base/index.js';

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

function canonicalLabels(p: DnsPlacement): string[] {
  return [p.instanceGroup, p.network, p.deployment].map(canonicalDnsName);
}
