import { BosunError } from '../../base/index.js';

/** An IPv4 address as an unsigned 32-bit number. */
export type Ipv4 = number;

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses dotted-quad notation; throws `CPI_IP_INVALID` on anything else. */
export function parseIpv4(text: string): Ipv4 {
  const m = QUAD.exec(text);
  const parts = m?.slice(1).map(Number);
  if (parts === undefined || parts.some((p) => p > 255)) {
    throw new BosunError('CPI_IP_INVALID', `'${text}' is not an IPv4 address`);
  }
  return parts.reduce((n, p) => n * 256 + p, 0);
}

export function formatIpv4(ip: Ipv4): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(ip / 2 ** shift) % 256).join('.');
}

/** `255.255.255.0` → 24; throws `CPI_IP_INVALID` when the ones are not contiguous. */
export function prefixLengthOfNetmask(netmask: string): number {
  const bits = parseIpv4(netmask).toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bits)) throw new BosunError('CPI_IP_INVALID', `'${netmask}' is not a netmask`);
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}

/** 24 → `255.255.255.0`. */
export function netmaskOfPrefixLength(prefixLength: number): string {
  return formatIpv4(prefixLength === 0 ? 0 : 2 ** 32 - 2 ** (32 - prefixLength));
}

/** A subnet in CIDR notation. */
export interface Ipv4Subnet {
  readonly network: Ipv4;
  readonly prefixLength: number;
}

/** Parses `10.244.0.0/24`; the address is masked to its network. */
export function parseCidr(text: string): Ipv4Subnet {
  const [address, length, ...rest] = text.split('/');
  const prefixLength = Number(length);
  if (address === undefined || rest.length > 0 || !/^\d{1,2}$/.test(length ?? '') || prefixLength > 32) {
    throw new BosunError('CPI_IP_INVALID', `'${text}' is not a subnet in CIDR notation (like 10.244.0.0/24)`);
  }
  const size = 2 ** (32 - prefixLength);
  return { network: Math.floor(parseIpv4(address) / size) * size, prefixLength };
}

/** The subnet's usable host addresses, lowest first (without network and broadcast addresses). */
export function* hostsOfSubnet(subnet: Ipv4Subnet): Generator<Ipv4> {
  const size = 2 ** (32 - subnet.prefixLength);
  if (size <= 2) {
    for (let i = 0; i < size; i += 1) yield subnet.network + i;
    return;
  }
  for (let i = 1; i < size - 1; i += 1) yield subnet.network + i;
}

export function isInSubnet(ip: Ipv4, subnet: Ipv4Subnet): boolean {
  const size = 2 ** (32 - subnet.prefixLength);
  return ip >= subnet.network && ip < subnet.network + size;
}
