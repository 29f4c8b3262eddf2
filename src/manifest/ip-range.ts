import { BosunError } from '../base/index.js';

/**
 * IPv4 addresses, CIDR blocks and BOSH's IP range strings (`IpUtil#each_ip`), as numbers so
 * that planners compare and count them cheaply. Bosun's networks are IPv4 only.
 */

/** An inclusive range of IPv4 addresses as unsigned 32-bit numbers. */
export interface IpRange {
  readonly first: number;
  readonly last: number;
}

/** A CIDR block: its network address, prefix length and every address it holds. */
export interface Cidr extends IpRange {
  readonly prefixLength: number;
}

/** The code of a bad address or range string; the message is BOSH's (`NetworkInvalidIpRangeFormat`). */
export const IP_RANGE_INVALID = 'IP_RANGE_INVALID';

function invalidRange(message: string): BosunError {
  return new BosunError(IP_RANGE_INVALID, message);
}

/** A dotted quad as a number; undefined when `text` is not one (`10.0.0.256`, `10.0.0`). */
export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (m === null) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

/** A number as a dotted quad. */
export function formatIpv4(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

/**
 * `10.0.0.0/24` or a single address (a /32), as BOSH's `IpAddrOrCidr` reads it: host bits are
 * masked off (`10.0.0.5/24` is `10.0.0.0/24`). Throws BosunError `IP_RANGE_INVALID` on anything else.
 */
export function parseCidr(text: string): Cidr {
  const [address, prefix, extra] = text.trim().split('/');
  const ip = parseIpv4(address ?? '');
  const prefixLength = prefix === undefined ? 32 : /^\d{1,2}$/.test(prefix) ? Number(prefix) : NaN;
  if (ip === undefined || extra !== undefined || !(prefixLength >= 0 && prefixLength <= 32)) {
    throw invalidRange(`invalid address: ${text}`);
  }
  const size = 2 ** (32 - prefixLength);
  const first = ip - (ip % size);
  return { first, last: first + size - 1, prefixLength };
}

/** The dotted netmask of a prefix length (`24` → `255.255.255.0`). */
export function netmaskOf(prefixLength: number): string {
  return formatIpv4(prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0);
}

/**
 * BOSH's range strings (`IpUtil#each_ip`): each item is `a.b.c.d`, a CIDR block, or
 * `a.b.c.d - e.f.g.h`; a single string or a list of them. A range whose end comes before its
 * start holds nothing, as in Ruby. Throws BosunError `IP_RANGE_INVALID` with BOSH's texts.
 */
export function parseIpRanges(value: string | readonly string[]): IpRange[] {
  const items = typeof value === 'string' ? [value] : value;
  return items.map((item) => {
    const parts = item.split('-').map((p) => p.trim());
    if (parts.length === 1) return parseCidr(parts[0]!);
    if (parts.length !== 2) throw invalidRange(`Invalid IP range format: ${item}`);
    const first = parseCidr(parts[0]!);
    const last = parseCidr(parts[1]!);
    if (first.first !== first.last || last.first !== last.last) {
      throw invalidRange(`Invalid IP range format: ${item}`);
    }
    return { first: first.first, last: last.last };
  });
}

/** Every address of the ranges, in order (duplicates kept). */
export function expandIpRanges(ranges: readonly IpRange[]): number[] {
  const out: number[] = [];
  for (const r of ranges) for (let ip = r.first; ip <= r.last; ip++) out.push(ip);
  return out;
}

/** The number of addresses the ranges hold, overlaps counted twice. */
export function countIps(ranges: readonly IpRange[]): number {
  return ranges.reduce((n, r) => n + Math.max(0, r.last - r.first + 1), 0);
}

/** True when `ip` is in one of the ranges. */
export function isIpInRanges(ip: number, ranges: readonly IpRange[]): boolean {
  return ranges.some((r) => ip >= r.first && ip <= r.last);
}

/** True when two ranges share an address. */
export function doRangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}
