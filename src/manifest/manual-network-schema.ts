import type { z } from 'zod';
import { describeError } from '../base/index.js';
import type { RubyValue } from '../yaml/index.js';
import type { ManualNetwork, ManualSubnet } from './cloud-config.js';
import {
  doRangesOverlap,
  formatIpv4,
  netmaskOf,
  parseCidr,
  parseIpRanges,
  type Cidr,
  type IpRange,
} from './ip-range.js';
import { anyRubyValue, rubyArray, rubyHash, rubyHashOrEmpty, rubyString } from './ruby-schema.js';

const subnetShape = rubyHash({
  range: rubyString,
  gateway: rubyString,
  dns: rubyArray(rubyString).optional(),
  reserved: anyRubyValue.optional(),
  static: anyRubyValue.optional(),
  az: rubyString.optional(),
  azs: rubyArray(rubyString).optional(),
  cloud_properties: rubyHashOrEmpty,
});

type RawSubnet = z.infer<typeof subnetShape>;
type Report = (message: string, path: Array<string | number>) => void;

/**
 * A manual network (`ManualNetwork.parse`, `ManualNetworkSubnet.parse`): ranges in CIDR,
 * gateway inside the range, reserved and static addresses inside it, static addresses not
 * reserved, subnets that do not overlap and all name AZs or none. BOSH's messages; whether the
 * AZs exist is checked with the whole cloud config.
 */
export const manualNetworkSchema = rubyHash({
  name: rubyString,
  subnets: rubyArray(subnetShape),
}).transform((raw, ctx): ManualNetwork => {
  const report: Report = (message, path) => ctx.addIssue({ code: 'custom', message, path });
  const subnets: ManualSubnet[] = [];
  raw.subnets.forEach((s, i) => {
    const subnet = toSubnet(raw.name, s, (message, path) => report(message, ['subnets', i, ...path]));
    if (subnet === undefined) return;
    if (subnets.some((other) => doRangesOverlap(other.range, subnet.range))) {
      report(`Network '${raw.name}' has overlapping subnets`, ['subnets', i, 'range']);
    }
    subnets.push(subnet);
  });
  const withAzs = subnets.filter((s) => s.azs !== undefined).length;
  if (withAzs > 0 && withAzs < subnets.length) {
    report(`Subnets on network '${raw.name}' must all either specify availability zone or not`, ['subnets']);
  }
  return { type: 'manual', name: raw.name, subnets };
});

function toSubnet(network: string, s: RawSubnet, report: Report): ManualSubnet | undefined {
  const range = parseRange(network, s.range, report);
  const azs = subnetAzs(network, s, report);
  const dns = (s.dns ?? []).map((d) => {
    if (!isSingleIp(d)) report(`Invalid DNS for network '${network}': must be a single IP`, ['dns']);
    return d;
  });
  if (range === undefined) return undefined;
  const gateway = parseGateway(network, s.gateway, range, report);
  const reserved = ranges(s.reserved, ['reserved'], report);
  for (const r of reserved) {
    const outside = firstOutside(r, range);
    if (outside !== undefined) {
      report(`Reserved IP '${formatIpv4(outside)}' is out of network '${network}' range`, ['reserved']);
    }
  }
  const restricted: IpRange[] = [
    { first: range.first, last: range.first },
    { first: range.last, last: range.last },
    ...(gateway === undefined ? [] : [{ first: gateway, last: gateway }]),
    ...reserved,
  ];
  const statics = ranges(s.static, ['static'], report);
  for (const r of statics) {
    const bad = firstRestrictedOrOutside(r, restricted, range);
    if (bad?.isRestricted === true)
      report(`Static IP '${formatIpv4(bad.ip)}' is in network '${network}' reserved range`, ['static']);
    if (bad?.isRestricted === false)
      report(`Static IP '${formatIpv4(bad.ip)}' is out of network '${network}' range`, ['static']);
  }
  return {
    range,
    netmask: netmaskOf(range.prefixLength),
    gateway,
    dns: s.dns === undefined ? undefined : dns,
    reserved,
    static: statics,
    azs,
    cloud_properties: s.cloud_properties,
  };
}

function parseRange(network: string, text: string, report: Report): Cidr | undefined {
  try {
    const range = parseCidr(text);
    if (range.last - range.first + 1 <= 1) {
      report(`Invalid network range '${text}', should include at least 2 IPs`, ['range']);
      return undefined;
    }
    return range;
  } catch (e) {
    report(`Invalid network range '${text}' for network '${network}': ${describeError(e)}`, ['range']);
    return undefined;
  }
}

function parseGateway(network: string, text: string, range: Cidr, report: Report): number | undefined {
  const invalid = (reason: string) =>
    report(`Invalid gateway for network '${network}': ${reason}`, ['gateway']);
  let gateway: Cidr;
  try {
    gateway = parseCidr(text);
  } catch {
    invalid('must be a single IP');
    return undefined;
  }
  if (gateway.first !== gateway.last) invalid('must be a single IP');
  else if (gateway.first < range.first || gateway.first > range.last) invalid('must be inside the range');
  else if (gateway.first === range.first) invalid("can't be the network id");
  else if (gateway.first === range.last) invalid("can't be the broadcast IP");
  else return gateway.first;
  return undefined;
}

function subnetAzs(network: string, s: RawSubnet, report: Report): string[] | undefined {
  if (s.az !== undefined && s.azs !== undefined) {
    report(`Network '${network}' contains both 'az' and 'azs'. Choose one.`, []);
  }
  if (s.azs !== undefined && s.azs.length === 0) {
    report(`Network '${network}' refers to an empty 'azs' array`, ['azs']);
  }
  if (s.azs !== undefined) return s.azs;
  return s.az === undefined ? undefined : [s.az];
}

function ranges(value: RubyValue | undefined, path: Array<string | number>, report: Report): IpRange[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  if (!items.every((item): item is string => typeof item === 'string')) {
    report('Unknown range type, must be list or a string', path);
    return [];
  }
  try {
    return parseIpRanges(items);
  } catch (e) {
    report(describeError(e), path);
    return [];
  }
}

function isSingleIp(text: string): boolean {
  try {
    const cidr = parseCidr(text);
    return cidr.first === cidr.last;
  } catch {
    return false;
  }
}

function firstOutside(r: IpRange, range: IpRange): number | undefined {
  if (r.first > r.last) return undefined;
  if (r.first < range.first || r.first > range.last) return r.first;
  return r.last > range.last ? range.last + 1 : undefined;
}

/** The first address of `r`, in order, that is restricted or outside `range`. */
function firstRestrictedOrOutside(
  r: IpRange,
  restricted: readonly IpRange[],
  range: IpRange,
): { ip: number; isRestricted: boolean } | undefined {
  const candidates: Array<{ ip: number; isRestricted: boolean }> = [];
  for (const x of restricted) {
    if (doRangesOverlap(r, x)) candidates.push({ ip: Math.max(r.first, x.first), isRestricted: true });
  }
  const outside = firstOutside(r, range);
  if (outside !== undefined) candidates.push({ ip: outside, isRestricted: false });
  return candidates.sort((a, b) => a.ip - b.ip)[0];
}
