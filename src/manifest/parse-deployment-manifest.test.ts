import { describe, expect, it } from 'vitest';
import { BosunError } from '../base/index.js';
import { fromRubyValue } from '../yaml/index.js';
import { FILE, lineOf, manifest, problemsOf, TOP } from './manifest-test-bed.js';
import { parseDeploymentManifest } from './parse-deployment-manifest.js';

describe('parseDeploymentManifest', () => {
  it('reads a manifest into typed values, with the group update inherited and defaults applied', () => {
    const m = parseDeploymentManifest(
      `${manifest({
        update: '{max_in_flight: 50%, serial: false}',
        env: '{bosh: {password: secret}}',
        networks: '[{name: default, static_ips: [10.245.0.10 - 10.245.0.11]}]',
      })}
- name: db
  lifecycle: errand
  instances: 1
  jobs:
  - name: pg
    release: app
    properties: {port: 5432, ratio: 1.0}
  vm_resources: {cpu: 2, ram: 1024, ephemeral_disk_size: 2048}
  stemcell: default
  persistent_disk_type: large
  networks:
  - {name: a, default: [dns, gateway]}
  - {name: b}
features: {use_dns_addresses: true}
variables: [{name: pw, type: password}]
tags: {team: web}`,
      FILE,
    );
    expect(m.name).toBe('app');
    expect(m.releases).toEqual([{ name: 'app', version: 'latest', url: undefined, sha1: undefined }]);
    expect(m.stemcells).toEqual([
      { alias: 'default', os: 'ubuntu-jammy', name: undefined, version: 'latest' },
    ]);
    expect(m.update).toEqual({
      canaries: '1',
      max_in_flight: '2',
      canary_watch_time: { minMs: 1000, maxMs: 30000 },
      update_watch_time: { minMs: 5000, maxMs: 5000 },
      serial: true,
      vm_strategy: 'delete-create',
      initial_deploy_az_update_strategy: 'serial',
    });
    const [web, db] = m.instance_groups;
    expect(web).toMatchObject({
      name: 'web',
      lifecycle: 'service',
      azs: ['z1'],
      instances: 2,
      vm_type: 'default',
      vm_resources: undefined,
      stemcell: 'default',
      networks: [
        { name: 'default', static_ips: ['10.245.0.10', '10.245.0.11'], default: ['dns', 'gateway'] },
      ],
      update: { ...m.update, max_in_flight: '50%', serial: false },
    });
    expect(fromRubyValue(web!.env)).toEqual({ bosh: { password: 'secret' } });
    expect(web!.jobs[0]).toMatchObject({ name: 'nginx', release: 'app', properties: undefined });
    expect(db).toMatchObject({
      lifecycle: 'errand',
      azs: undefined,
      vm_type: undefined,
      vm_resources: { cpu: 2, ram: 1024, ephemeral_disk_size: 2048 },
      persistent_disk_type: 'large',
      networks: [
        { name: 'a', static_ips: undefined, default: ['dns', 'gateway'] },
        { name: 'b', static_ips: undefined, default: [] },
      ],
      update: m.update,
    });
    // Job properties stay Ruby values: templates see 1.0 as a Float.
    expect(db!.jobs[0]!.properties!.get('ratio')).toBe(1.0);
    expect(db!.jobs[0]!.properties!.get('port')).toBe(5432n);
    expect(m.features.use_dns_addresses).toBe(true);
    expect(m.features.randomize_az_placement).toBeUndefined();
    expect(m.variables).toEqual([
      { name: 'pw', type: 'password', options: undefined, update_mode: undefined, consumes: undefined },
    ]);
    expect(fromRubyValue(m.tags)).toEqual({ team: 'web' });
    expect(m.source?.lineOf(['instance_groups', 1, 'jobs'])).toBe(18);
  });

  it('converts Numerics to Strings where BOSH reads Strings', () => {
    const m = parseDeploymentManifest(
      manifest({}, [...TOP.slice(0, 1), 'releases: [{name: app, version: 1.10}]', ...TOP.slice(2)]),
      FILE,
    );
    expect(m.releases[0]!.version).toBe('1.1');
  });

  it('warns, as BOSH does, that global properties are deprecated', () => {
    expect(parseDeploymentManifest(manifest(), FILE).warnings).toEqual([]);
    expect(parseDeploymentManifest(`${manifest()}\nproperties: {a: 1}`, FILE).warnings).toEqual([
      "Global 'properties' are deprecated. Please define 'properties' at the job level.",
    ]);
  });

  it('makes a single network the default for dns and gateway whatever it says', () => {
    const m = parseDeploymentManifest(
      manifest({ networks: '[{name: default, default: [addressable]}]' }),
      FILE,
    );
    expect(m.instance_groups[0]!.networks[0]!.default).toEqual(['dns', 'gateway']);
  });

  // prettier-ignore
  it.each<[string, (top: string[]) => void, string, number, string]>([
    ['v1 networks', (t) => t.push('networks: []'), 'networks', 5, "Deployment 'networks' are no longer supported. Network definitions must now be provided in a cloud-config."],
    ['vm_types', (t) => t.push('vm_types: []'), 'vm_types', 5, "Deployment manifest contains 'vm_types' section, but this can only be set in a cloud-config."],
    ['compilation', (t) => t.push('compilation: {}'), 'compilation', 5, "Deployment manifest contains 'compilation' section, but this can only be set in a cloud-config."],
    ['v1 jobs', (t) => t.push('jobs: []'), 'jobs', 5, 'Jobs are no longer supported, please use instance groups instead'],
    ['release and releases', (t) => t.push('release: {name: app, version: 1}'), 'release', 5, "Deployment manifest contains both 'release' and 'releases' sections, please use one of the two."],
    ['a missing update key', (t) => (t[3] = 'update: {canaries: 1, max_in_flight: 2, canary_watch_time: 1000-30000}'), 'update.update_watch_time', 4, `Required property 'update_watch_time' was not specified in object ({"canaries" => 1, "max_in_flight" => 2, "canary_watch_time" => "1000-30000"})`],
    ['update not a Hash', (t) => (t[3] = 'update: fast'), 'update', 4, `Property 'update' value ("fast") did not match the required type 'Hash'`],
    ['a release without version', (t) => (t[1] = 'releases: [{name: app}]'), 'releases[0].version', 2, `Required property 'version' was not specified in object ({"name" => "app"})`],
    ['two releases of one name', (t) => (t[1] = 'releases: [{name: app, version: 1}, {name: app, version: 2}]'), 'releases[1].name', 2, "Duplicate release name 'app'"],
    ['a stemcell with os and name', (t) => (t[2] = 'stemcells: [{alias: default, os: jammy, name: bosh-jammy, version: 1}]'), 'stemcells[0]', 3, `Properties 'os' and 'name' are both specified for stemcell, choose one. ({"alias" => "default", "os" => "jammy", "name" => "bosh-jammy", "version" => 1})`],
    ['a stemcell with neither os nor name', (t) => (t[2] = 'stemcells: [{alias: default, version: 1}]'), 'stemcells[0]', 3, `Required property 'os' or 'name' was not specified in object ({"alias" => "default", "version" => 1})`],
    ['a duplicate stemcell alias', (t) => (t[2] = 'stemcells: [{alias: default, os: a, version: 1}, {alias: default, os: b, version: 1}]'), 'stemcells[1].alias', 3, "Duplicate stemcell alias 'default'"],
    ['a non-boolean feature', (t) => t.push('features: {use_dns_addresses: maybe}'), 'features.use_dns_addresses', 5, "Key 'use_dns_addresses' in 'features' expected to be a boolean, but received 'String'"],
    ['features not a Hash', (t) => t.push('features: [a]'), 'features', 5, "Key 'features' expects a Hash, but received 'Array'"],
    ['a variable without type', (t) => t.push('variables: [{name: pw}]'), 'variables[0]', 5, "Type for variable 'pw' is missing; 'type' must be specified"],
    ['two variables of one name', (t) => t.push('variables: [{name: pw, type: password}, {name: pw, type: password}]'), 'variables[1].name', 5, "Some of the variables have duplicate names, eg: 'pw'"],
  ])('reports %s with BOSH message', (_what, edit, path, line, message) => {
    const top = [...TOP];
    edit(top);
    expect(problemsOf(manifest({}, top))).toEqual([{ path, line, message }]);
  });

  it('reports every problem of every instance group, not only the first', () => {
    const text = `${manifest({ instances: 'two', lifecycle: 'batch' })}
- name: db
  instances: 1
  jobs: [{name: pg, release: app}, {name: pg, release: app}]
  stemcell: default
  networks: [{name: default}]`;
    expect(problemsOf(text).map((p) => p.message)).toEqual([
      `Property 'instances' value ("two") did not match the required type 'Integer'`,
      "Colocated job 'pg' is already added to the instance group 'db'",
      "Instance group 'db' is missing either 'vm_type' or 'vm_resources' section.",
    ]);
  });

  it('throws MANIFEST_INVALID naming file, line and path of each problem', () => {
    let error: unknown;
    try {
      parseDeploymentManifest(manifest({ instances: 'two', vm_type: null }), FILE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BosunError);
    expect((error as BosunError).code).toBe('MANIFEST_INVALID');
    expect((error as BosunError).message).toBe(
      [
        'Deployment manifest manifest.yml is invalid:',
        `  manifest.yml:${lineOf('instances')}: instance_groups[0].instances: Property 'instances' value ("two") did not match the required type 'Integer'`,
      ].join('\n'),
    );
  });

  it('reports a manifest that is not a Hash', () => {
    expect(problemsOf('- a')).toEqual([
      { path: '(top level)', line: 1, message: `Object (["a"]) did not match the required type 'Hash'` },
    ]);
  });

  it('passes YAML syntax errors through', () => {
    expect(() => parseDeploymentManifest('name: [', FILE)).toThrow(
      expect.objectContaining({ code: 'YAML_INVALID' }),
    );
  });
});
