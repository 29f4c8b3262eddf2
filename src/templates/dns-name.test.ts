import { describe, expect, it } from 'vitest';
import { isBosunError } from '../base/index.js';
import { RubySymbol, toRubyValue } from '../yaml/index.js';
import type { RubyHash, RubyValue } from '../yaml/index.js';
import {
  canonicalDnsName,
  dnsRecordName,
  encodeLinkQuery,
  instanceDnsAddress,
  linkQueryCriteriaFromRuby,
} from './dns-name.js';
import type { LinkQueryCriteria, LinkQueryOptions } from './dns-name.js';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

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

describe('encodeLinkQuery', () => {
  const base: LinkQueryCriteria = {
    groupName: 'potato_group',
    groupType: 'spud',
    deploymentName: 'fake_deployment',
    defaultNetwork: 'potato_net',
    rootDomain: 'sub.bosh',
  };
  const options: LinkQueryOptions = {
    useShortDnsAddresses: false,
    azIndices: new Map([
      ['zone1', 0],
      ['z1', 1],
      ['z2', 2],
      ['z10', 10],
    ]),
    networkIds: new Map([['potato_net', 3]]),
    instanceNumbers: new Map([['uuid-1', 42]]),
    groups: [{ groupType: 'spud', groupName: 'potato_group', deployment: 'fake_deployment', id: 7 }],
  };
  const short = { ...options, useShortDnsAddresses: true };

  it.each<[string, Partial<LinkQueryCriteria>, LinkQueryOptions, string]>([
    [
      'T50 encodes an AZ filter',
      { azs: ['zone1'] },
      options,
      'q-a0s0.potato-group.potato-net.fake-deployment.sub.bosh',
    ],
    [
      'T51 encodes status default as s0',
      { status: 'default' },
      options,
      'q-s0.potato-group.potato-net.fake-deployment.sub.bosh',
    ],
    [
      'encodes healthy as s3',
      { status: 'healthy' },
      options,
      'q-s3.potato-group.potato-net.fake-deployment.sub.bosh',
    ],
    [
      'encodes unhealthy as s1',
      { status: 'unhealthy' },
      options,
      'q-s1.potato-group.potato-net.fake-deployment.sub.bosh',
    ],
    [
      'encodes all as s4',
      { status: 'all' },
      options,
      'q-s4.potato-group.potato-net.fake-deployment.sub.bosh',
    ],
    [
      'encodes an unknown status as s0',
      { status: 'bogus' },
      options,
      'q-s0.potato-group.potato-net.fake-deployment.sub.bosh',
    ],
    [
      'sorts AZ parts bytewise',
      { azs: ['z2', 'z10', 'z1'] },
      options,
      'q-a1a10a2s0.potato-group.potato-net.fake-deployment.sub.bosh',
    ],
    [
      'puts a uuid first in the long form',
      { uuid: 'uuid-1' },
      options,
      'uuid-1.potato-group.potato-net.fake-deployment.sub.bosh',
    ],
    ['T52 uses the short form with network and group ids', {}, short, 'q-n3s0.q-g7.sub.bosh'],
    [
      'short form with AZs and status',
      { azs: ['zone1'], status: 'healthy' },
      short,
      'q-a0n3s3.q-g7.sub.bosh',
    ],
    ['short form encodes a uuid as m<n>', { uuid: 'uuid-1' }, short, 'q-m42n3s0.q-g7.sub.bosh'],
    [
      'encodes a nil AZ as a bare a',
      { azs: [null] },
      options,
      'q-as0.potato-group.potato-net.fake-deployment.sub.bosh',
    ],
  ])('%s', (_name, extra, opts, expected) => {
    expect(encodeLinkQuery({ ...base, ...extra }, opts)).toBe(expected);
  });

  it.each<[string, Partial<LinkQueryCriteria>, LinkQueryOptions, string]>([
    ['an unknown AZ', { azs: ['nowhere'] }, options, "Unknown AZ: 'nowhere'"],
    ['an unknown network', { defaultNetwork: 'other' }, { ...short, groups: [] }, "Unknown Network: 'other'"],
    ['an unknown instance', { uuid: 'nope' }, short, "Unknown instance UUID: 'nope'"],
    [
      'an unknown group',
      { groupType: 'link' },
      short,
      "Unknown DNS group: link 'potato_group' in deployment 'fake_deployment'",
    ],
  ])('throws for %s', (_name, extra, opts, message) => {
    const e = errorOf(() => encodeLinkQuery({ ...base, ...extra }, opts));
    expect(isBosunError(e, 'DNS_ENCODE_FAILED')).toBe(true);
    expect(e.message).toBe(message);
  });
});

describe('linkQueryCriteriaFromRuby', () => {
  it('reads Symbol and String keys', () => {
    const hash: RubyHash = new Map<RubyValue, RubyValue>([
      [new RubySymbol('azs'), ['z1']],
      [new RubySymbol('status'), 'healthy'],
      [new RubySymbol('group_name'), 'db'],
      ['group_type', 'instance-group'],
      [new RubySymbol('deployment_name'), 'cf'],
      [new RubySymbol('default_network'), 'default'],
      [new RubySymbol('root_domain'), 'bosh'],
    ]);
    expect(linkQueryCriteriaFromRuby(hash)).toEqual({
      groupName: 'db',
      groupType: 'instance-group',
      deploymentName: 'cf',
      defaultNetwork: 'default',
      rootDomain: 'bosh',
      azs: ['z1'],
      status: 'healthy',
      uuid: undefined,
    });
  });

  it('reports a missing key the way Ruby fetch does', () => {
    const e = errorOf(() => linkQueryCriteriaFromRuby(toRubyValue({ group_type: 'x' }) as RubyHash));
    expect(e.message).toBe('key not found: :group_name');
  });

  it('rejects azs that is not an array', () => {
    const hash = toRubyValue({
      azs: 'z1',
      group_name: 'a',
      group_type: 'b',
      deployment_name: 'c',
      default_network: 'd',
      root_domain: 'e',
    }) as RubyHash;
    expect(errorOf(() => linkQueryCriteriaFromRuby(hash)).message).toBe('azs must be an array of AZ names');
  });
});
