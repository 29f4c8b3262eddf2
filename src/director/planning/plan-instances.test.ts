import { describe, expect, it } from 'vitest';
import {
  defaultLocalCloudConfig,
  parseCloudConfig,
  parseDeploymentManifest,
  type DeploymentManifest,
  type InstanceGroup,
} from '../../manifest/index.js';
import type { ExistingInstance } from './instance-placement.js';
import { planAllInstances, planInstances } from './plan-instances.js';

function manifest(groups: string): DeploymentManifest {
  return parseDeploymentManifest(
    `name: app
releases: [{name: app, version: latest}]
stemcells: [{alias: default, os: ubuntu-jammy, version: latest}]
update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}
instance_groups:
${groups}`,
    'manifest.yml',
  );
}

/** An instance group `web` with these instances, AZs and networks. */
function web(
  instances: number,
  azs: string | null = '[z1, z2, z3]',
  networks = '[{name: default}]',
): InstanceGroup {
  return manifest(`- name: web
  instances: ${instances}
${azs === null ? '' : `  azs: ${azs}\n`}  jobs: [{name: nginx, release: app}]
  vm_type: default
  stemcell: default
  networks: ${networks}`).instance_groups[0]!;
}

function existing(index: number, az: string | null, extra: Partial<ExistingInstance> = {}): ExistingInstance {
  return {
    id: `id-${index}`,
    group: 'web',
    index,
    az,
    isBootstrap: false,
    ips: {},
    hasPersistentDisk: false,
    ...extra,
  };
}

function ids() {
  let n = 0;
  return () => `new-${n++}`;
}

const CLOUD = defaultLocalCloudConfig();

function plan(group: InstanceGroup, instances: ExistingInstance[], usedIps: string[] = [], cloud = CLOUD) {
  return planInstances(group, instances, cloud, { newId: ids(), usedIps: new Set(usedIps) });
}

/** `index:az:id` of each planned instance, and `index:az` of each obsolete one. */
function summary(p: ReturnType<typeof plan>) {
  return {
    keep: p.instances.map((i) => `${i.index}:${i.az ?? '-'}:${i.id}${i.isBootstrap ? '*' : ''}`),
    delete: p.obsolete.map((i) => `${i.index}:${i.az ?? '-'}`),
  };
}

describe('planInstances', () => {
  // prettier-ignore
  it.each<[string, InstanceGroup, ExistingInstance[], { keep: string[]; delete: string[] }]>([
    ['a fresh group spreads over the AZs from index 0, bootstrap on the lowest', web(3), [], { keep: ['0:z1:new-0*', '1:z2:new-1', '2:z3:new-2'], delete: [] }],
    ['more instances than AZs fill the AZ with fewest, ties to the smallest name', web(5, '[z2, z1]'), [], { keep: ['0:z1:new-0*', '1:z2:new-1', '2:z1:new-2', '3:z2:new-3', '4:z1:new-4'], delete: [] }],
    ['existing instances keep id, index and AZ; a new one fills the empty AZ', web(3), [existing(0, 'z1'), existing(1, 'z2')], { keep: ['0:z1:id-0*', '1:z2:id-1', '2:z3:new-0'], delete: [] }],
    ['a new instance takes the smallest free index', web(3), [existing(0, 'z1'), existing(2, 'z3')], { keep: ['0:z1:id-0*', '1:z2:new-0', '2:z3:id-2'], delete: [] }],
    ['indexes of obsolete instances are not reused in the same deploy', web(3, '[z1, z2]'), [existing(0, 'z1'), existing(1, 'z1'), existing(2, 'z1')], { keep: ['0:z1:id-0*', '1:z1:id-1', '3:z2:new-0'], delete: ['2:z1'] }],
    ['scale-in keeps one per AZ and removes the highest indexes', web(2, '[z1, z2]'), [existing(0, 'z1'), existing(1, 'z2'), existing(2, 'z1'), existing(3, 'z2')], { keep: ['0:z1:id-0*', '1:z2:id-1'], delete: ['2:z1', '3:z2'] }],
    ['scale-in removes from the AZ that has too many', web(2, '[z1, z2]'), [existing(0, 'z1'), existing(1, 'z1'), existing(2, 'z2')], { keep: ['0:z1:id-0*', '2:z2:id-2'], delete: ['1:z1'] }],
    ['instances of a dropped AZ are replaced in the remaining ones', web(3, '[z1, z2]'), [existing(0, 'z1'), existing(1, 'z2'), existing(2, 'z3')], { keep: ['0:z1:id-0*', '1:z2:id-1', '3:z1:new-0'], delete: ['2:z3'] }],
    ['an instance with a persistent disk stays in its AZ', web(1, '[z1, z2]'), [existing(0, 'z1'), existing(1, 'z2', { hasPersistentDisk: true })], { keep: ['1:z2:id-1*'], delete: ['0:z1'] }],
    ['without AZs the lowest indexes are kept', web(1, null, '[{name: flat}]'), [existing(0, null), existing(1, null)], { keep: ['0:-:id-0*'], delete: ['1:-'] }],
    ['the bootstrap flag stays on its instance', web(3), [existing(0, 'z1'), existing(1, 'z2', { isBootstrap: true }), existing(2, 'z3')], { keep: ['0:z1:id-0', '1:z2:id-1*', '2:z3:id-2'], delete: [] }],
    ['a deleted bootstrap passes the flag to the lowest index', web(1, '[z1]'), [existing(0, 'z1'), existing(1, 'z2', { isBootstrap: true })], { keep: ['0:z1:id-0*'], delete: ['1:z2'] }],
    ['two bootstraps give the flag to the lowest index', web(2, '[z1, z2]'), [existing(0, 'z1', { isBootstrap: true }), existing(1, 'z2', { isBootstrap: true })], { keep: ['0:z1:id-0*', '1:z2:id-1'], delete: [] }],
  ])('%s', (_what, group, instances, expected) => {
    const cloud = parseCloudConfig(
      `azs: [{name: z1}, {name: z2}, {name: z3}]
networks:
- {name: default, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1, azs: [z1, z2, z3]}]}
- {name: flat, subnets: [{range: 10.0.1.0/24, gateway: 10.0.1.1}]}
vm_types: [{name: default}]
compilation: {workers: 1, az: z1, vm_type: default, network: default}`,
      'cloud.yml',
    );
    expect(summary(plan(group, instances, [], cloud))).toEqual(expected);
  });

  it('gives manual network settings as the agent takes them', () => {
    const p = plan(web(1, '[z1]'), []);
    expect(p.instances[0]!.networks).toEqual({
      default: {
        type: 'manual',
        ip: '10.245.0.100',
        netmask: '255.255.240.0',
        cloud_properties: {},
        default: ['dns', 'gateway'],
        gateway: '10.245.0.1',
      },
    });
    expect(p.allocatedIps).toEqual(['10.245.0.100']);
  });

  it('keeps the address of an existing instance and skips used, reserved, static and gateway addresses', () => {
    const cloud = parseCloudConfig(
      `networks: [{name: net, subnets: [{range: 10.0.0.0/29, gateway: 10.0.0.1, reserved: [10.0.0.2], static: [10.0.0.3]}]}]
vm_types: [{name: default}]
compilation: {workers: 1, vm_type: default, network: net}`,
      'cloud.yml',
    );
    const p = plan(
      web(2, null, '[{name: net}]'),
      [existing(0, null, { ips: { net: '10.0.0.6' } })],
      ['10.0.0.4'],
      cloud,
    );
    expect(p.instances.map((i) => i.networks['net']!.ip)).toEqual(['10.0.0.6', '10.0.0.5']);
    expect(p.allocatedIps).toEqual(['10.0.0.5']);
    expect(() =>
      plan(
        web(3, null, '[{name: net}]'),
        [existing(0, null, { ips: { net: '10.0.0.6' } })],
        ['10.0.0.4'],
        cloud,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'IP_RESERVATION_FAILED',
        message: "Failed to reserve IP for 'web/new-1 (2)' for manual network 'net': no more available",
      }),
    );
  });

  it('gives a new address to an instance whose address is now reserved', () => {
    const p = plan(web(1, '[z1]'), [existing(0, 'z1', { ips: { default: '10.245.0.5' } })]);
    expect(p.instances[0]!.networks['default']!.ip).toBe('10.245.0.100');
    expect(p.allocatedIps).toEqual(['10.245.0.100']);
  });

  it('never hands out an address held by an obsolete instance', () => {
    const p = plan(web(1, '[z1]'), [
      existing(0, 'z2', { ips: { default: '10.245.0.100' } }),
      existing(1, 'z2', { ips: { default: '10.245.0.101' } }),
    ]);
    expect(summary(p).delete).toEqual(['0:z2', '1:z2']);
    expect(p.instances[0]!.networks['default']!.ip).toBe('10.245.0.102');
  });

  it('places static IPs evenly over the AZs and keeps an existing holder in place', () => {
    const group = web(3, '[z1, z2]', '[{name: default, static_ips: [10.245.0.10 - 10.245.0.12]}]');
    const fresh = plan(group, []);
    expect(fresh.instances.map((i) => `${i.index}:${i.az}:${i.networks['default']!.ip}`)).toEqual([
      '0:z1:10.245.0.10',
      '1:z2:10.245.0.11',
      '2:z1:10.245.0.12',
    ]);
    const moved = plan(web(2, '[z1, z2]', '[{name: default, static_ips: [10.245.0.11, 10.245.0.20]}]'), [
      existing(0, 'z1', { ips: { default: '10.245.0.10' } }),
      existing(1, 'z2', { ips: { default: '10.245.0.11' } }),
    ]);
    expect(moved.instances.map((i) => `${i.index}:${i.az}:${i.networks['default']!.ip}`)).toEqual([
      '0:z1:10.245.0.20',
      '1:z2:10.245.0.11',
    ]);
    expect(moved.obsolete).toEqual([]);
  });

  it('refuses a static IP that an instance of another group or deployment holds', () => {
    const group = web(1, '[z1]', '[{name: default, static_ips: [10.245.0.10]}]');
    expect(() => plan(group, [], ['10.245.0.10'])).toThrow(
      expect.objectContaining({
        code: 'IP_RESERVATION_FAILED',
        message:
          "Failed to reserve IP '10.245.0.10' for instance 'web/new-0 (0)': already reserved by another instance",
      }),
    );
    const kept = plan(group, [existing(0, 'z1', { ips: { default: '10.245.0.10' } })], ['10.245.0.10']);
    expect(kept.instances[0]!.networks['default']!.ip).toBe('10.245.0.10');
  });

  it("refuses an existing instance whose static IP serves another AZ, in BOSH's words", () => {
    const cloud = parseCloudConfig(
      `azs: [{name: z1}, {name: z2}]
networks:
- name: split
  subnets:
  - {range: 10.0.1.0/24, gateway: 10.0.1.1, static: [10.0.1.10], az: z1}
  - {range: 10.0.2.0/24, gateway: 10.0.2.1, static: [10.0.2.10], az: z2}
vm_types: [{name: default}]
compilation: {workers: 1, az: z1, vm_type: default, network: split}`,
      'cloud.yml',
    );
    const group = web(1, '[z1, z2]', '[{name: split, static_ips: [10.0.1.10]}]');
    expect(() => plan(group, [existing(0, 'z2', { ips: { split: '10.0.1.10' } })], [], cloud)).toThrow(
      expect.objectContaining({
        code: 'PLACEMENT_FAILED',
        message: "Existing instance 'web/0' is using IP '10.0.1.10' in availability zone 'z2'",
      }),
    );
  });
});

describe('planAllInstances', () => {
  it('threads new addresses from group to group and lists instances of dropped groups', () => {
    const m =
      manifest(`- {name: a, instances: 1, azs: [z1], jobs: [{name: x, release: app}], vm_type: default, stemcell: default, networks: [{name: default}]}
- {name: b, instances: 1, azs: [z1], jobs: [{name: x, release: app}], vm_type: default, stemcell: default, networks: [{name: default}]}`);
    const gone = { ...existing(0, 'z1'), group: 'old' };
    const { placements, removed } = planAllInstances(m, [gone], CLOUD, { newId: ids(), usedIps: new Set() });
    expect(placements.map((p) => p.instances[0]!.networks['default']!.ip)).toEqual([
      '10.245.0.100',
      '10.245.0.101',
    ]);
    expect(removed).toEqual([gone]);
  });
});
