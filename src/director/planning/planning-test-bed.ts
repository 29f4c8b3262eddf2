import type { UpdateConfig } from '../../manifest/index.js';
import type { ActualInstance, DesiredInstance, InstanceFacts } from './deployment-plan.js';

/** Facts of a typical instance, for tests. */
export const FACTS: InstanceFacts = {
  stemcell: { name: 'bosh-warden-boshlite-ubuntu-jammy-go_agent', version: '1.1' },
  cloudProperties: { ram: 512 },
  env: { bosh: { password: 'secret' } },
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
  persistentDisk: null,
  jobs: [{ name: 'nginx', version: 'v1', sha1: 'j1' }],
  packages: { nginx: { version: 'p1', sha1: 'k1' } },
  configurationHash: 'c1',
  dns: ['web-0.default'],
  tags: { team: 'web' },
};

/** The update block used by tests unless they say otherwise. */
export const UPDATE: UpdateConfig = {
  canaries: '1',
  max_in_flight: '1',
  canary_watch_time: { minMs: 1000, maxMs: 30000 },
  update_watch_time: { minMs: 1000, maxMs: 30000 },
  serial: true,
  vm_strategy: 'delete-create',
  initial_deploy_az_update_strategy: 'serial',
};

/** A desired instance `<group>/<id>`, started, with FACTS. */
export function desiredInstance(id: string, more: Partial<DesiredInstance> = {}): DesiredInstance {
  return { id, group: 'web', index: 0, az: 'z1', isBootstrap: false, facts: FACTS, ...more };
}

/** A running instance with a VM whose last apply had FACTS. */
export function actualInstance(id: string, more: Partial<ActualInstance> = {}): ActualInstance {
  return {
    id,
    group: 'web',
    index: 0,
    az: 'z1',
    isBootstrap: false,
    ips: { default: '10.245.0.100' },
    hasPersistentDisk: false,
    vmCid: `vm-${id}`,
    isUpdateCompleted: true,
    state: 'started',
    applied: FACTS,
    ...more,
  };
}
