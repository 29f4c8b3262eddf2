import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/support/error-of.js';
import type { JobSource } from '../../release/index.js';
import { fromRubyValue, isRubyHash } from '../../yaml/index.js';
import { collectLinkConsumers } from './collect-link-consumers.js';
import { collectLinkProviders } from './collect-link-providers.js';
import { jobFrom, lookupOf, planned } from './rendering-test-bed.js';
import { resolveLinks, type ResolvedLinks } from './resolve-links.js';

const POSTGRES = jobFrom(
  `
name: postgres
templates: {}
provides: [{name: conn, type: database, properties: [port, tls.enabled]}]
properties:
  port: {default: 5432}
  tls.enabled: {default: false}
  password: {}
`,
  '',
);
const MYSQL = jobFrom('{name: mysql, templates: {}, provides: [{name: db, type: database}]}', '');
const APP = jobFrom(
  `
name: app
templates: {}
consumes: [{name: database, type: database}, {name: cache, type: redis, optional: true}]
`,
  '',
);

function group(name: string, jobs: string, more = ''): string {
  return `
- name: ${name}
  azs: [z1]
  instances: ${name === 'db' ? 2 : 1}
  jobs: ${jobs}
  vm_type: default
  stemcell: default
  networks: [{name: default}]${more}`;
}

function resolve(groupsYaml: string, ...jobs: JobSource[]): ResolvedLinks {
  const { manifest, placements } = planned(`instance_groups:${groupsYaml}`);
  const jobOf = lookupOf(...jobs);
  return resolveLinks(
    manifest,
    new Map(placements.map((p) => [p.group, p])),
    collectLinkProviders(manifest, jobOf),
    collectLinkConsumers(manifest, jobOf),
    { deployment: manifest.name, rootDomain: 'bosh', useDnsAddresses: false, useShortDnsAddresses: false },
  );
}

function linkOf(links: ResolvedLinks, ig: string, job: string, name: string): unknown {
  const spec = links.get(ig)?.get(job)?.get(name);
  return spec === undefined ? undefined : fromRubyValue(spec);
}

const DB = group('db', '[{name: postgres, release: app, properties: {port: 6543}}]');

describe('resolveLinks', () => {
  it('§2.3 links a consumer to the one provider of its type in another instance group', () => {
    const links = resolve(`${DB}${group('web', '[{name: app, release: app}]')}`, POSTGRES, APP);
    const spec = links.get('web')?.get('app')?.get('database');
    expect(isRubyHash(spec) ? [...spec.keys()] : spec).toEqual([
      'deployment_name',
      'domain',
      'default_network',
      'networks',
      'instance_group',
      'properties',
      'use_short_dns_addresses',
      'use_dns_addresses',
      'use_link_dns_names',
      'instances',
    ]);
    expect(linkOf(links, 'web', 'app', 'database')).toEqual({
      deployment_name: 'shop',
      domain: 'bosh',
      default_network: 'default',
      networks: ['default'],
      instance_group: 'db',
      // §2.5: the provider's raw manifest value when set, else the spec default.
      properties: { port: 6543, tls: { enabled: false } },
      use_short_dns_addresses: false,
      use_dns_addresses: false,
      use_link_dns_names: false,
      instances: [
        {
          name: 'db',
          id: '00000000-0000-4000-8000-000000000000',
          index: 0,
          bootstrap: true,
          az: 'z1',
          address: '10.0.0.10',
        },
        {
          name: 'db',
          id: '00000000-0000-4000-8000-000000000001',
          index: 1,
          bootstrap: false,
          az: 'z1',
          address: '10.0.0.11',
        },
      ],
    });
    // An optional link with no provider is simply absent.
    expect(links.get('web')?.get('app')?.has('cache')).toBe(false);
  });

  it('§2.3 reports a required link without provider with BOSH words', () => {
    const error = errorOf(() => resolve(group('web', '[{name: app, release: app}]'), APP));
    expect(error.message).toBe(
      [
        "Failed to resolve links from deployment 'shop'. See errors below:",
        "  - Failed to resolve link 'database' with type 'database' from job 'app' in instance group 'web'. Details below:",
        '    - No link providers found',
      ].join('\n'),
    );
    expect(error).toMatchObject({ code: 'LINK_RESOLUTION_FAILED' });
  });

  it('§2.3 reports two providers of the type as ambiguous, for every consumer', () => {
    const yaml = `${DB}${group('db2', '[{name: mysql, release: app}]')}${group('web', '[{name: app, release: app}]')}${group('web2', '[{name: app, release: app}]')}`;
    const error = errorOf(() => resolve(yaml, POSTGRES, MYSQL, APP));
    const ambiguous = (ig: string): string[] => [
      `  - Failed to resolve link 'database' with type 'database' from job 'app' in instance group '${ig}'. Details below:`,
      "    - Link provider 'conn' from job 'postgres' in instance group 'db' in deployment 'shop'",
      "    - Link provider 'db' from job 'mysql' in instance group 'db2' in deployment 'shop'",
    ];
    expect(error.message).toBe(
      [
        "Failed to resolve links from deployment 'shop'. See errors below:",
        ...ambiguous('web'),
        ...ambiguous('web2'),
      ].join('\n'),
    );
  });

  it('§6.1 picks the provider named by `from`, matching its `as` alias', () => {
    const yaml = `${group('db', '[{name: postgres, release: app, provides: {conn: {as: primary}}}]')}${group('db2', '[{name: mysql, release: app}]')}${group('web', '[{name: app, release: app, consumes: {database: {from: primary}}}]')}`;
    const links = resolve(yaml, POSTGRES, MYSQL, APP);
    expect(linkOf(links, 'web', 'app', 'database')).toMatchObject({ instance_group: 'db' });
  });

  it('§6.1 reports an explicit link whose `from` names no provider, with the alias', () => {
    const yaml = `${DB}${group('web', '[{name: app, release: app, consumes: {cache: {from: redis}}}]')}`;
    const error = errorOf(() => resolve(yaml, POSTGRES, APP));
    expect(error.message).toBe(
      [
        "Failed to resolve links from deployment 'shop'. See errors below:",
        "  - Failed to resolve link 'cache' with alias 'redis' and type 'redis' from job 'app' in instance group 'web'. Details below:",
        '    - No link providers found',
      ].join('\n'),
    );
  });

  it('§6.1 `<link>: nil` blocks a link; a blocked required link has no provider', () => {
    const optional = resolve(
      `${DB}${group('web', '[{name: app, release: app, consumes: {cache: nil}}]')}`,
      POSTGRES,
      APP,
    );
    expect(optional.get('web')?.get('app')?.has('cache')).toBe(false);
    const error = errorOf(() =>
      resolve(
        `${DB}${group('web', '[{name: app, release: app, consumes: {database: nil}}]')}`,
        POSTGRES,
        APP,
      ),
    );
    expect(error.message).toContain("Failed to resolve link 'database' with type 'database' from job 'app'");
    expect(error.message).toContain('    - No link providers found');
  });

  it('§6.1 `provides: {<link>: nil}` makes a provider unconsumable', () => {
    const yaml = `${group('db', '[{name: postgres, release: app, provides: {conn: nil}}]')}${group('db2', '[{name: mysql, release: app}]')}${group('web', '[{name: app, release: app}]')}`;
    expect(linkOf(resolve(yaml, POSTGRES, MYSQL, APP), 'web', 'app', 'database')).toMatchObject({
      instance_group: 'db2',
    });
  });

  it('§6.1 reports a `network:` the provider is not on with BOSH words', () => {
    const yaml = `${DB}${group('web', '[{name: app, release: app, consumes: {database: {from: conn, network: other}}}]')}`;
    const error = errorOf(() => resolve(yaml, POSTGRES, APP));
    expect(error.message.split('\n').slice(1)).toEqual([
      "  - Failed to resolve link 'database' with alias 'conn' and type 'database' from job 'app' in instance group 'web'. Details below:",
      "    - Link provider 'conn' from job 'postgres' in instance group 'db' in deployment 'shop' does not belong to network 'other'",
    ]);
  });

  it('§2.3 keeps a manual link as the manifest gives it', () => {
    const yaml = group(
      'web',
      '[{name: app, release: app, consumes: {database: {instances: [{address: db.example.com}], properties: {port: 1}, address: db.example.com}}}]',
    );
    expect(linkOf(resolve(yaml, APP), 'web', 'app', 'database')).toEqual({
      instances: [{ address: 'db.example.com' }],
      properties: { port: 1 },
      address: 'db.example.com',
      deployment_name: 'shop',
    });
  });

  it.each([
    [
      '{database: {from: conn, instances: []}}',
      "Cannot specify both 'instances' and 'from' keys for link 'database' in job 'app' in instance group 'web'.",
    ],
    [
      '{database: [conn]}',
      "Consumer 'database' in job 'app' in instance group 'web' specified in the manifest should only be a hash or string 'nil'",
    ],
    [
      '{nope: {from: conn}}',
      "Manifest defines unknown consumers:\n - Job 'app' does not define consumer 'nope' in the release spec",
    ],
  ])('§6.1 rejects consumes %s', (consumes, message) => {
    const error = errorOf(() =>
      resolve(group('web', `[{name: app, release: app, consumes: ${consumes}}]`), APP),
    );
    expect(error).toMatchObject({ code: 'LINK_CONSUMER_INVALID', message });
  });

  it('§2.5 rejects a provided link property the provider spec does not declare', () => {
    const broken = jobFrom(
      '{name: redis, templates: {}, provides: [{name: r, type: redis, properties: [nope]}]}',
      '',
    );
    const error = errorOf(() => resolve(group('web', '[{name: redis, release: app}]'), broken));
    expect(error).toMatchObject({
      code: 'LINK_PROVIDER_INVALID',
      message: 'Link property nope in template redis is not defined in release spec',
    });
  });
});
