import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/support/error-of.js';
import { isBosunError } from '../base/index.js';
import { fromRubyValue, toRubyValue } from '../yaml/index.js';
import type { RubyValue } from '../yaml/index.js';
import { DEFAULT_INSTANCE_ID, parseInstanceInput } from './instance-input.js';
import { buildTemplateSpec } from './template-spec.js';

const rb = (js: unknown): RubyValue => toRubyValue(js);
const parse = (v: RubyValue) => parseInstanceInput(v, 'instance.yml', 'web');


describe('parseInstanceInput', () => {
  it('fills every default for an empty file', () => {
    const facts = parse(null);
    expect(facts).toEqual({
      deployment: 'bosun-render',
      instanceGroup: 'web',
      index: 0,
      id: DEFAULT_INSTANCE_ID,
      az: 'z1',
      bootstrap: true,
      networks: [
        {
          name: 'default',
          type: 'manual',
          ip: '10.0.0.10',
          prefix: '32',
          netmask: '255.255.255.0',
          gateway: '10.0.0.1',
          default: ['dns', 'gateway'],
          cloudProperties: new Map(),
        },
      ],
      persistentDiskMb: 0,
      rootDomain: 'bosh',
      useDnsAddresses: false,
      instanceGroupJobs: [{ name: 'web', version: null, sha1: null, blobstoreId: null }],
      overrides: new Map(),
    });
    expect(parse(rb({}))).toEqual(facts);
  });

  it('renders a spec with the default instance', () => {
    const spec = buildTemplateSpec(parse(null), {
      name: 'web',
      release: { name: 'r', version: '1' },
      boundProperties: new Map(),
      consumedLinks: [],
      links: new Map(),
    });
    expect(spec.get('address')).toBe('10.0.0.10');
    expect(JSON.stringify(fromRubyValue(spec.get('networks') ?? null))).toContain(
      '"dns_record_name":"0.web.default.bosun-render.bosh"',
    );
  });

  it('reads every field', () => {
    const facts = parse(
      rb({
        deployment: 'cf',
        name: 'router',
        index: 3,
        id: 'abc',
        az: null,
        bootstrap: true,
        networks: {
          public: {
            type: 'manual',
            ip: 'fd00::5',
            netmask: 'ffff::',
            gateway: 'fd00::1',
            dns: ['fd00::2'],
            default: ['gateway', 'dns'],
            cloud_properties: { a: 1 },
            nic_group: 1,
          },
          private: { type: 'dynamic', default: ['addressable'] },
        },
        persistent_disk: 1024,
        dns_domain_name: 'internal',
        use_dns_addresses: true,
        address: 'router.example.com',
        job: { name: 'router', templates: [] },
        release: { name: 'routing', version: '0.1' },
      }),
    );
    expect(facts).toMatchObject({
      deployment: 'cf',
      instanceGroup: 'router',
      index: 3,
      id: 'abc',
      az: null,
      bootstrap: true,
      persistentDiskMb: 1024,
      rootDomain: 'internal',
      useDnsAddresses: true,
    });
    expect(facts.networks).toEqual([
      {
        name: 'public',
        type: 'manual',
        ip: 'fd00::5',
        netmask: 'ffff::',
        gateway: 'fd00::1',
        dns: ['fd00::2'],
        default: ['gateway', 'dns'],
        cloudProperties: rb({ a: 1 }),
        prefix: '128',
        nicGroup: '1',
      },
      { name: 'private', type: 'dynamic', default: ['addressable'], cloudProperties: new Map() },
    ]);
    expect([...facts.overrides.keys()]).toEqual(['address', 'job', 'release']);
  });

  it.each<[string, object, Partial<ReturnType<typeof parse>>]>([
    ['bootstrap is false by default for index > 0', { index: 1 }, { bootstrap: false }],
    ['root_domain is an alias of dns_domain_name', { root_domain: 'x' }, { rootDomain: 'x' }],
    ['persistent_disk null drops the key', { persistent_disk: null }, { persistentDiskMb: undefined }],
    ['explicit bootstrap wins', { index: 4, bootstrap: true }, { bootstrap: true }],
  ])('%s', (_name, input, expected) => {
    expect(parse(rb(input))).toMatchObject(expected);
  });

  it('reports every problem with its path', () => {
    const e = errorOf(() =>
      parse(
        rb({
          index: -1,
          id: 5,
          bootstrap: 'yes',
          properties: {},
          networks: {
            a: { type: 'manual', dns: 'x', mtu: 1 },
            b: { type: 'floating', ip: '1.1.1.1', default: ['dns', 'nope'] },
          },
          dns_domain_name: 'a',
          root_domain: 'b',
          release: { name: 'r' },
        }),
      ),
    );
    expect(isBosunError(e, 'INPUT_INVALID')).toBe(true);
    expect(e.message.split('\n')).toEqual([
      'instance.yml: properties: set properties with --properties',
      'instance.yml: release.version: required',
      'instance.yml: index: expected a non-negative integer, got Integer',
      'instance.yml: id: expected a string, got Integer',
      'instance.yml: bootstrap: expected true or false, got String',
      'instance.yml: root_domain: give either dns_domain_name or root_domain, not both',
      'instance.yml: networks.a.ip: required for a manual network',
      'instance.yml: networks.a.dns: expected a list of strings, got String',
      "instance.yml: networks.b.type: expected manual, dynamic or vip, got 'floating'",
      "instance.yml: networks.b.default[1]: expected dns, gateway or addressable, got 'nope'",
      "instance.yml: networks: Instance group 'web' must specify which network is default for gateway, since it has more than one network configured",
    ]);
  });

  it('passes other network fields into the spec, after the computed ones (T76)', () => {
    const facts = parse(rb({ networks: { network1: { foo: 'bar', ip: '192.168.0.0', mtu: 1500, dns_record_name: 'mine' } } }));
    expect(facts.networks[0]?.extra).toEqual(rb({ foo: 'bar', mtu: 1500, dns_record_name: 'mine' }));
    const spec = buildTemplateSpec(facts, {
      name: 'web',
      release: { name: 'r', version: '1' },
      boundProperties: new Map(),
      consumedLinks: [],
      links: new Map(),
    });
    expect(fromRubyValue(spec.get('networks') ?? null)).toEqual({
      network1: {
        type: 'manual',
        ip: '192.168.0.0',
        prefix: '32',
        cloud_properties: {},
        default: ['dns', 'gateway'],
        dns_record_name: 'mine',
        foo: 'bar',
        mtu: 1500,
      },
    });
  });

  it('reads a network without other fields as before', () => {
    expect(parse(rb({ networks: { n: { ip: '10.0.0.1' } } })).networks[0]).not.toHaveProperty('extra');
  });

  it.each<[string, object, string]>([
    ['a non-map file', [], 'instance.yml: (top level): expected a map, got Array'],
    ['no networks', { networks: {} }, 'instance.yml: networks: at least one network is required'],
    [
      'two networks default for dns',
      {
        networks: {
          a: { ip: '1.1.1.1', default: ['dns', 'gateway'] },
          b: { ip: '2.2.2.2', default: ['dns'] },
        },
      },
      "instance.yml: networks: Instance group 'web' specified more than one network to contain default. 'dns' has default networks: 'a', 'b'.",
    ],
    [
      'a lone VIP network',
      { networks: { v: { type: 'vip', ip: '1.1.1.1' } } },
      "instance.yml: networks.v: Can't provide any defaults since this is a VIP network",
    ],
    ['a bad job override', { job: 'web' }, 'instance.yml: job: expected a map, got String'],
  ])('rejects %s', (_name, input, message) => {
    expect(errorOf(() => parse(rb(input))).message).toBe(message);
  });

  it('rejects a network field name that is not a string', () => {
    const network = new Map<RubyValue, RubyValue>([['ip', '10.0.0.1'], [1n, 'x']]);
    const input = new Map<RubyValue, RubyValue>([['networks', new Map<RubyValue, RubyValue>([['n', network]])]]);
    expect(errorOf(() => parse(input)).message).toBe('instance.yml: networks.n.1: field names must be strings');
  });
});
