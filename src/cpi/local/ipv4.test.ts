import { describe, expect, it } from 'vitest';
import {
  formatIpv4,
  hostsOfSubnet,
  isInSubnet,
  netmaskOfPrefixLength,
  parseCidr,
  parseIpv4,
  prefixLengthOfNetmask,
} from './ipv4.js';

describe('ipv4', () => {
  it.each([
    ['10.244.99.1', 0x0af46301],
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
  ])('parses and formats %s', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(formatIpv4(value)).toBe(text);
  });

  it.each(['10.0.0', '10.0.0.256', 'a.b.c.d', '10.0.0.1/24', ''])('rejects %j', (text) => {
    expect(() => parseIpv4(text)).toThrow(`'${text}' is not an IPv4 address`);
  });

  it.each([
    ['255.255.255.0', 24],
    ['255.255.0.0', 16],
    ['255.255.255.255', 32],
    ['0.0.0.0', 0],
    ['255.255.255.252', 30],
  ])('converts netmask %s to /%i and back', (mask, length) => {
    expect(prefixLengthOfNetmask(mask)).toBe(length);
    expect(netmaskOfPrefixLength(length)).toBe(mask);
  });

  it('rejects a netmask with holes', () => {
    expect(() => prefixLengthOfNetmask('255.0.255.0')).toThrow("'255.0.255.0' is not a netmask");
  });

  it('masks a CIDR to its network and lists its hosts without network and broadcast addresses', () => {
    const subnet = parseCidr('10.244.99.77/29');
    expect(formatIpv4(subnet.network)).toBe('10.244.99.72');
    expect([...hostsOfSubnet(subnet)].map(formatIpv4)).toEqual([
      '10.244.99.73',
      '10.244.99.74',
      '10.244.99.75',
      '10.244.99.76',
      '10.244.99.77',
      '10.244.99.78',
    ]);
    expect(isInSubnet(parseIpv4('10.244.99.79'), subnet)).toBe(true);
    expect(isInSubnet(parseIpv4('10.244.99.80'), subnet)).toBe(false);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0.0/x', '10.0.0.0/24/1'])('rejects CIDR %j', (text) => {
    expect(() => parseCidr(text)).toThrow(`'${text}' is not a subnet in CIDR notation (like 10.244.0.0/24)`);
  });
});
