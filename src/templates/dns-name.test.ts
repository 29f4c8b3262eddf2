import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/support/error-of.js';
import { isBosunError } from '../base/index.js';
import { canonicalDnsName, dnsRecordName, instanceDnsAddress } from './dns-name.js';


describe('canonicalDnsName', () => {
  it.each([
    ['web', 'web'],
    ['My_Service', 'my-service'],
    ['a.b c!d', 'abcd'],
    ['z1-Ünïcode', 'z1-ncode'],
    ['', ''],
  ])('turns %j into %j', (name, expected) => {
    expect(canonicalDnsName(name)).toBe(expected);
  });

  it.each([
    ['_web', "Invalid DNS canonical name '-web', cannot start with a hyphen"],
    ['-', "Invalid DNS canonical name '-', cannot start with a hyphen"],
    ['web_', "Invalid DNS canonical name 'web-', cannot end with a hyphen"],
    ['web-!', "Invalid DNS canonical name 'web-', cannot end with a hyphen"],
  ])('rejects %j', (name, message) => {
    const e = errorOf(() => canonicalDnsName(name));
    expect(isBosunError(e, 'DNS_INVALID_CANONICAL_NAME')).toBe(true);
    expect(e.message).toBe(message);
  });
});

describe('dnsRecordName and instanceDnsAddress', () => {
  const placement = {
    instanceGroup: 'Web_Server',
    network: 'my_net',
    deployment: 'Cf',
    rootDomain: 'My.Bosh',
  };

  it('builds <index>.<ig>.<network>.<deployment>.<root_domain> with canonical labels', () => {
    expect(dnsRecordName(3, placement)).toBe('3.web-server.my-net.cf.My.Bosh');
  });

  it('builds <uuid>.<ig>.<network>.<deployment>.<root_domain>', () => {
    expect(instanceDnsAddress('0a1b-2c', placement)).toBe('0a1b-2c.web-server.my-net.cf.My.Bosh');
  });
});
