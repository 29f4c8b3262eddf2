import { describe, expect, it } from 'vitest';
import {
  countIps,
  expandIpRanges,
  formatIpv4,
  netmaskOf,
  parseCidr,
  parseIpRanges,
  parseIpv4,
} from './ip-range.js';

describe('parseIpv4', () => {
  it.each([
    ['10.245.0.1', 0x0af50001],
    ['255.255.255.255', 0xffffffff],
    ['0.0.0.0', 0],
  ])('reads %s', (text, n) => {
    expect(parseIpv4(text)).toBe(n);
    expect(formatIpv4(n)).toBe(text);
  });

  it.each(['10.0.0', '10.0.0.256', 'a.b.c.d', '10.0.0.1/24', ''])('rejects %j', (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('masks host bits off as IpAddrOrCidr does', () => {
    const cidr = parseCidr('10.0.0.5/24');
    expect([formatIpv4(cidr.first), formatIpv4(cidr.last), cidr.prefixLength]).toEqual([
      '10.0.0.0',
      '10.0.0.255',
      24,
    ]);
  });

  it('reads a single address as a /32', () => {
    expect(parseCidr('10.0.0.5')).toEqual({ first: 0x0a000005, last: 0x0a000005, prefixLength: 32 });
  });

  it.each(['10.0.0.0/33', '10.0.0/24', '10.0.0.0/', '10.0.0.0/24/1'])('rejects %j', (text) => {
    expect(() => parseCidr(text)).toThrow(
      expect.objectContaining({ code: 'IP_RANGE_INVALID', message: `invalid address: ${text}` }),
    );
  });

  it.each([
    [24, '255.255.255.0'],
    [20, '255.255.240.0'],
    [32, '255.255.255.255'],
    [0, '0.0.0.0'],
  ])('netmask of /%d is %s', (prefix, mask) => {
    expect(netmaskOf(prefix)).toBe(mask);
  });
});

describe('parseIpRanges', () => {
  it.each([
    ['10.0.0.2', ['10.0.0.2']],
    ['10.0.0.2 - 10.0.0.4', ['10.0.0.2', '10.0.0.3', '10.0.0.4']],
    ['10.0.0.2-10.0.0.3', ['10.0.0.2', '10.0.0.3']],
    ['10.0.0.4/31', ['10.0.0.4', '10.0.0.5']],
    [
      ['10.0.0.9', '10.0.0.1 - 10.0.0.2'],
      ['10.0.0.9', '10.0.0.1', '10.0.0.2'],
    ],
    ['10.0.0.5 - 10.0.0.3', []],
  ])('expands %j as each_ip does', (value, ips) => {
    expect(expandIpRanges(parseIpRanges(value)).map(formatIpv4)).toEqual(ips);
  });

  it.each([
    ['10.0.0.1 - 10.0.0.2 - 10.0.0.3', 'Invalid IP range format: 10.0.0.1 - 10.0.0.2 - 10.0.0.3'],
    ['10.0.0.0/30 - 10.0.0.9', 'Invalid IP range format: 10.0.0.0/30 - 10.0.0.9'],
    ['10.0.0.x', 'invalid address: 10.0.0.x'],
  ])('rejects %j with %j', (value, message) => {
    expect(() => parseIpRanges(value)).toThrow(
      expect.objectContaining({ code: 'IP_RANGE_INVALID', message: message }),
    );
  });

  it('counts without expanding', () => {
    expect(countIps(parseIpRanges(['10.0.0.0/16', '10.1.0.0 - 10.1.0.9']))).toBe(65536 + 10);
  });
});
