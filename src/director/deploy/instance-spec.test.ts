import { describe, expect, it } from 'vitest';
import { defaultLocalCloudConfig, parseDeploymentManifest } from '../../manifest/index.js';
import type { StemcellRecord } from '../store/index.js';
import { applySpecOf, instanceFactsOf, type InstanceSpecInput } from './instance-spec.js';

const MANIFEST = `
name: shop
releases: [{name: shop, version: '1'}]
stemcells: [{alias: default, os: ubuntu-jammy, version: latest}]
update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}
instance_groups:
- name: web
  instances: 1
  azs: [z1]
  vm_type: default
  stemcell: default
  persistent_disk: 1024
  env: {bosh: {password: x}}
  networks: [{name: default}]
  jobs: [{name: nginx, release: shop}, {name: app, release: shop}]
`;

const STEMCELL: StemcellRecord = {
  id: 1,
  name: 'bosh-local-ubuntu-jammy',
  os: 'ubuntu-jammy',
  version: '1.5',
  cid: 'sc-1',
  cpi: '',
  sha1: 'abc',
  apiVersion: 2,
  createdAtMs: 0,
};

function input(): InstanceSpecInput {
  const manifest = parseDeploymentManifest(MANIFEST, 'manifest.yml');
  const group = manifest.instance_groups[0]!;
  return {
    deployment: 'shop',
    group,
    placement: {
      id: 'uuid-1',
      group: 'web',
      index: 0,
      az: 'z1',
      isBootstrap: true,
      isNew: true,
      networks: {
        default: {
          type: 'manual',
          ip: '10.245.0.100',
          netmask: '255.255.240.0',
          cloud_properties: {},
          default: ['dns', 'gateway'],
          gateway: '10.245.0.1',
        },
      },
    },
    cloudConfig: defaultLocalCloudConfig(),
    stemcell: STEMCELL,
    jobs: [
      { name: 'nginx', version: 'v-n', sha1: 's-n', blobstoreId: 'b-n' },
      { name: 'app', version: 'v-a', sha1: 's-a', blobstoreId: 'b-a' },
    ],
    packages: new Map([
      ['ruby', { name: 'ruby', version: 'r1', sha1: 'rs', blobstoreId: 'rb' }],
      ['nginx', { name: 'nginx', version: 'n1', sha1: 'ns', blobstoreId: 'nb' }],
    ]),
    configurationHash: 'cfg',
    templateHashes: { nginx: 'h-n', app: 'h-a' },
  };
}

describe('applySpecOf (§7.3)', () => {
  it("has BOSH's keys: the job list in manifest order, packages by name, hashes and the rendered archive", () => {
    const spec = applySpecOf(input(), { blobstoreId: 'rendered', sha1: 'rsha' });
    expect(spec).toEqual({
      deployment: 'shop',
      name: 'web',
      index: 0,
      id: 'uuid-1',
      az: 'z1',
      job: {
        name: 'web',
        templates: [
          { name: 'nginx', version: 'v-n', sha1: 's-n', blobstore_id: 'b-n' },
          { name: 'app', version: 'v-a', sha1: 's-a', blobstore_id: 'b-a' },
        ],
        template: 'nginx',
        version: 'v-n',
        sha1: 's-n',
        blobstore_id: 'b-n',
      },
      networks: input().placement.networks,
      vm_type: { name: 'default', cloud_properties: {} },
      packages: {
        nginx: { name: 'nginx', version: 'n1', sha1: 'ns', blobstore_id: 'nb' },
        ruby: { name: 'ruby', version: 'r1', sha1: 'rs', blobstore_id: 'rb' },
      },
      dns_domain_name: 'bosh',
      configuration_hash: 'cfg',
      persistent_disk: 1024,
      template_hashes: { nginx: 'h-n', app: 'h-a' },
      rendered_templates_archive: { blobstore_id: 'rendered', sha1: 'rsha' },
    });
    expect(Object.keys(spec.packages as object)).toEqual(['nginx', 'ruby']);
  });
});

describe('instanceFactsOf (§5.4)', () => {
  it('records what decides restart and recreate: stemcell, env, networks, disk, jobs, packages, configuration', () => {
    expect(instanceFactsOf(input())).toEqual({
      stemcell: { name: 'bosh-local-ubuntu-jammy', version: '1.5' },
      cloudProperties: {},
      env: { bosh: { password: 'x' } },
      networks: input().placement.networks,
      persistentDisk: { sizeMb: 1024 },
      jobs: [
        { name: 'nginx', version: 'v-n', sha1: 's-n' },
        { name: 'app', version: 'v-a', sha1: 's-a' },
      ],
      packages: { ruby: { version: 'r1', sha1: 'rs' }, nginx: { version: 'n1', sha1: 'ns' } },
      configurationHash: 'cfg',
    });
  });
});
