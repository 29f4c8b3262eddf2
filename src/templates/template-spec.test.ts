import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/support/error-of.js';
import { isBosunError } from '../base/index.js';
import { fromRubyValue, toRubyValue } from '../yaml/index.js';
import type { RubyHash, RubyValue } from '../yaml/index.js';
import { buildTemplateSpec, linksJsonFor } from './template-spec.js';
import type { InstanceFacts, InstanceNetwork, JobFacts } from './template-spec.js';

const hash = (js: object): RubyHash => toRubyValue(js) as RubyHash;
const json = (v: RubyValue | undefined): string => JSON.stringify(fromRubyValue(v ?? null));

const manual: InstanceNetwork = {
  name: 'default',
  type: 'manual',
  ip: '10.0.0.10',
  netmask: '255.255.255.0',
  gateway: '10.0.0.1',
  dns: ['8.8.8.8'],
  cloudProperties: hash({ subnet: 's-1' }),
  prefix: '32',
};

const instance: InstanceFacts = {
  deployment: 'my-dep',
  instanceGroup: 'web_group',
  index: 2,
  id: 'uuid-1',
  az: 'z1',
  bootstrap: false,
  networks: [manual],
  persistentDiskMb: 0,
  rootDomain: 'bosh',
  useDnsAddresses: false,
  instanceGroupJobs: [
    { name: 'web', version: 'v1', sha1: 'abc', blobstoreId: 'b1' },
    { name: 'agent', version: 'v2', sha1: 'def', blobstoreId: 'b2', logs: toRubyValue(['x.log']) },
  ],
  overrides: new Map(),
};

const job: JobFacts = {
  name: 'web',
  release: { name: 'r', version: '1.0' },
  boundProperties: hash({ port: 80 }),
  consumedLinks: [],
  links: new Map(),
};

const spec = (i: Partial<InstanceFacts> = {}, j: Partial<JobFacts> = {}): RubyHash =>
  buildTemplateSpec({ ...instance, ...i }, { ...job, ...j });


describe('buildTemplateSpec', () => {
  it('builds every key in order for a single manual network', () => {
    expect(json(spec())).toBe(
      JSON.stringify({
        deployment: 'my-dep',
        name: 'web_group',
        index: 2,
        id: 'uuid-1',
        az: 'z1',
        bootstrap: false,
        address: '10.0.0.10',
        ip: '10.0.0.10',
        networks: {
          default: {
            type: 'manual',
            ip: '10.0.0.10',
            prefix: '32',
            netmask: '255.255.255.0',
            cloud_properties: { subnet: 's-1' },
            default: ['dns', 'gateway'],
            dns: ['8.8.8.8'],
            gateway: '10.0.0.1',
            dns_record_name: '2.web-group.default.my-dep.bosh',
          },
        },
        dns_domain_name: 'bosh',
        persistent_disk: 0,
        job: {
          name: 'web_group',
          templates: [
            { name: 'web', version: 'v1', sha1: 'abc', blobstore_id: 'b1' },
            { name: 'agent', version: 'v2', sha1: 'def', blobstore_id: 'b2', logs: ['x.log'] },
          ],
          template: 'web',
          version: 'v1',
          sha1: 'abc',
          blobstore_id: 'b1',
        },
        properties_need_filtering: true,
        properties: { port: 80 },
        links: {},
        release: { name: 'r', version: '1.0' },
      }),
    );
    expect(spec().get('index')).toBe(2n);
    expect(spec().get('persistent_disk')).toBe(0n);
  });

  it('T85 gives the job its own bound properties and its release', () => {
    const s = spec(
      {},
      { name: 'fake-job-name', boundProperties: hash({ inside: 'insideValue', smurfs: { name: 'snoopy' } }) },
    );
    expect(json(s.get('properties'))).toBe('{"inside":"insideValue","smurfs":{"name":"snoopy"}}');
    expect(json(s.get('release'))).toBe('{"name":"r","version":"1.0"}');
    expect(s.get('properties_need_filtering')).toBe(true);
  });

  it('T87 gives the job its consumed links only, with whitelisted keys', () => {
    const links = hash({
      db_link: {
        instances: [{ address: 'a' }],
        properties: { p: 1 },
        networks: ['x'],
        use_dns_addresses: true,
      },
      backup_db: { address: 'manual.example', instances: [], deployment_name: 'd', domain: 'bosh', extra: 1 },
      other_link: { instances: [] },
    });
    const s = spec(
      {},
      {
        links,
        consumedLinks: [
          { name: 'db_link', optional: false },
          { name: 'backup_db', optional: true },
        ],
      },
    );
    expect(json(s.get('links'))).toBe(
      '{"db_link":{"instances":[{"address":"a"}],"properties":{"p":1}},' +
        '"backup_db":{"address":"manual.example","instances":[],"deployment_name":"d","domain":"bosh"}}',
    );
  });

  it('leaves out a missing optional link', () => {
    const s = spec({}, { consumedLinks: [{ name: 'maybe', optional: true }] });
    expect(json(s.get('links'))).toBe('{}');
  });

  it('leaves out a missing required link (resolution fails earlier, T76 renders without it)', () => {
    const s = spec({}, { consumedLinks: [{ name: 'db', optional: false }] });
    expect(json(s.get('links'))).toBe('{}');
  });

  it('rejects a link spec that is not a hash', () => {
    const e = errorOf(() =>
      spec({}, { links: hash({ db: 'x' }), consumedLinks: [{ name: 'db', optional: false }] }),
    );
    expect(isBosunError(e, 'LINK_SPEC_INVALID')).toBe(true);
    expect(e.message).toBe("Link 'db' of job 'web' must be a hash");
  });

  const net = (
    name: string,
    ip: string | undefined,
    dflt: string[] | undefined,
    type: InstanceNetwork['type'] = 'manual',
  ): InstanceNetwork => ({
    name,
    type,
    ip,
    default: dflt,
    cloudProperties: new Map(),
  });

  it.each<[string, InstanceNetwork[], RubyValue, RubyValue]>([
    [
      'uses the gateway network',
      [net('a', '1.1.1.1', ['dns', 'gateway']), net('b', '2.2.2.2', undefined)],
      '1.1.1.1',
      '1.1.1.1',
    ],
    [
      'prefers an addressable network listed later',
      [net('a', '1.1.1.1', ['dns', 'gateway']), net('b', '2.2.2.2', ['addressable'])],
      '2.2.2.2',
      '2.2.2.2',
    ],
    [
      'prefers an addressable network listed first',
      [net('b', '2.2.2.2', ['addressable']), net('a', '1.1.1.1', ['gateway', 'dns'])],
      '2.2.2.2',
      '2.2.2.2',
    ],
    [
      'gives nil without any default network',
      [net('a', '1.1.1.1', []), net('b', '2.2.2.2', undefined)],
      null,
      null,
    ],
    [
      'makes a lone network the default whatever it says',
      [net('a', '1.1.1.1', ['addressable'])],
      '1.1.1.1',
      '1.1.1.1',
    ],
    [
      'ignores a VIP network without defaults',
      [net('v', '9.9.9.9', undefined, 'vip'), net('a', '1.1.1.1', ['dns', 'gateway'])],
      '1.1.1.1',
      '1.1.1.1',
    ],
  ])('ip and address: %s', (_name, networks, ip, address) => {
    const s = spec({ networks });
    expect(s.get('ip')).toBe(ip);
    expect(s.get('address')).toBe(address);
  });

  it('sorts defaults and keeps a lone network default as [dns, gateway]', () => {
    const s = spec({
      networks: [net('a', '1.1.1.1', ['gateway', 'dns']), net('b', '2.2.2.2', ['addressable'])],
    });
    expect(json((s.get('networks') as RubyHash).get('a'))).toContain('"default":["dns","gateway"]');
    expect(
      json((spec({ networks: [net('a', '1.1.1.1', [])] }).get('networks') as RubyHash).get('a')),
    ).toContain('"default":["dns","gateway"]');
  });

  it('fills 127.0.0.1 for an unknown dynamic address and uses the DNS name as address', () => {
    const s = spec({
      networks: [{ name: 'Dyn_Net', type: 'dynamic', cloudProperties: new Map(), dns: ['1.1.1.1'] }],
    });
    expect(s.get('ip')).toBeNull();
    expect(s.get('address')).toBe('uuid-1.web-group.dyn-net.my-dep.bosh');
    expect(json((s.get('networks') as RubyHash).get('Dyn_Net'))).toBe(
      '{"type":"dynamic","cloud_properties":{},"dns":["1.1.1.1"],"default":["dns","gateway"],' +
        '"dns_record_name":"2.web-group.dyn-net.my-dep.bosh","ip":"127.0.0.1","netmask":"127.0.0.1","gateway":"127.0.0.1"}',
    );
  });

  it('keeps a known dynamic address', () => {
    const s = spec({
      networks: [
        {
          name: 'd',
          type: 'dynamic',
          ip: '10.1.1.1',
          netmask: '255.0.0.0',
          gateway: '10.0.0.1',
          cloudProperties: new Map(),
        },
      ],
    });
    expect(s.get('ip')).toBe('10.1.1.1');
    expect(json((s.get('networks') as RubyHash).get('d'))).toBe(
      '{"type":"dynamic","cloud_properties":{},"default":["dns","gateway"],"ip":"10.1.1.1","netmask":"255.0.0.0",' +
        '"gateway":"10.0.0.1","dns_record_name":"2.web-group.d.my-dep.bosh"}',
    );
  });

  it('uses the long DNS name as address when DNS addresses are on, with the root domain', () => {
    const s = spec({ useDnsAddresses: true, rootDomain: 'internal' });
    expect(s.get('address')).toBe('uuid-1.web-group.default.my-dep.internal');
    expect(s.get('ip')).toBe('10.0.0.10');
    expect(s.get('dns_domain_name')).toBe('internal');
  });

  it('prints a VIP network as type, ip, cloud_properties', () => {
    const s = spec({
      networks: [net('v', '9.9.9.9', undefined, 'vip'), net('a', '1.1.1.1', ['dns', 'gateway'])],
    });
    expect(json((s.get('networks') as RubyHash).get('v'))).toBe(
      '{"type":"vip","ip":"9.9.9.9","cloud_properties":{},"dns_record_name":"2.web-group.v.my-dep.bosh"}',
    );
  });

  it('rejects a VIP network that is a default', () => {
    const e = errorOf(() => spec({ networks: [net('v', '9.9.9.9', undefined, 'vip')] }));
    expect(isBosunError(e, 'NETWORK_INVALID')).toBe(true);
    expect(e.message).toBe("Can't provide any defaults since this is a VIP network");
  });

  it('drops persistent_disk for several disks', () => {
    expect(spec({ persistentDiskMb: undefined }).has('persistent_disk')).toBe(false);
    expect(spec({ persistentDiskMb: 1024 }).get('persistent_disk')).toBe(1024n);
  });

  it('makes job nil and skips dns_record_name when the group has no jobs', () => {
    const s = spec({ instanceGroupJobs: [] });
    expect(s.get('job')).toBeNull();
    expect(json(s.get('networks'))).not.toContain('dns_record_name');
  });

  it('applies overrides last: replacing keeps the place, new keys go at the end', () => {
    const s = spec({ overrides: hash({ address: 'my.bosh.com', bootstrap: true, resource_pool: 'small' }) });
    const keys = [...s.keys()];
    expect(keys.indexOf('address')).toBe(6);
    expect(keys.at(-1)).toBe('resource_pool');
    expect(s.get('address')).toBe('my.bosh.com');
    expect(s.get('bootstrap')).toBe(true);
  });

  it('shares nothing with its inputs', () => {
    const overrides = hash({ extra: { list: [1] } });
    const s = spec(
      { overrides },
      { links: hash({ l: { instances: [] } }), consumedLinks: [{ name: 'l', optional: false }] },
    );
    (s.get('properties') as RubyHash).set('port', 1n);
    (((s.get('networks') as RubyHash).get('default') as RubyHash).get('cloud_properties') as RubyHash).set(
      'x',
      1n,
    );
    ((s.get('extra') as RubyHash).get('list') as RubyValue[]).push(2n);
    expect(json(job.boundProperties)).toBe('{"port":80}');
    expect(json(manual.cloudProperties)).toBe('{"subnet":"s-1"}');
    expect(json(overrides)).toBe('{"extra":{"list":[1]}}');
  });
});

describe('linksJsonFor', () => {
  it('T88 prints the providers as Ruby JSON.pretty_generate does', () => {
    expect(linksJsonFor([{ name: 'my-link', type: 'conn', group: '10' }])).toBe(
      '[\n  {\n    "name": "my-link",\n    "type": "conn",\n    "group": "10"\n  }\n]\n',
    );
  });

  it('prints [] for no providers', () => {
    expect(linksJsonFor([])).toBe('[]\n');
  });

  it('sorts by group as strings', () => {
    const out = linksJsonFor([
      { name: 'b', type: 't', group: '9' },
      { name: 'a', type: 't', group: '10' },
    ]);
    expect(JSON.parse(out)).toEqual([
      { name: 'a', type: 't', group: '10' },
      { name: 'b', type: 't', group: '9' },
    ]);
  });

  it('escapes control characters as Ruby does and keeps UTF-8', () => {
    expect(linksJsonFor([{ name: 'x\u0001/é', type: 't', group: '1' }])).toContain('"name": "x\\u0001/é"');
  });
});
