import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../base/index.js';
import { DirectorStore } from './director-store.js';
import type { VmInput } from './vm-repo.js';

describe('deployments, instances, VMs and disks', () => {
  let dataDir: string;
  let clock: FakeClock;
  let store: DirectorStore;
  let deploymentId: number;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bosun-store-'));
    clock = new FakeClock(1000);
    store = DirectorStore.open({ dataDir, clock });
    const stemcell = store.stemcells.create({
      name: 'bosh-warden',
      os: 'ubuntu-jammy',
      version: '1.1',
      cid: 'sc-1',
      cpi: '',
      sha1: 'x',
      apiVersion: 2,
    });
    deploymentId = store.deployments.save({
      name: 'web',
      manifest: 'name: web',
      cloudConfigId: store.cloudConfigs.create('azs: []').id,
      releaseVersionIds: [],
      stemcellIds: [stemcell.id],
    }).id;
  });
  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const vm = (cid: string, instanceId: number | null): VmInput => ({
    deploymentId,
    instanceId,
    cid,
    agentId: `agent-${cid}`,
    agentCredentials: { user: 'agent', password: `pw-${cid}` },
    stemcellId: null,
    networkSettings: { default: { ip: '10.0.0.2', type: 'manual' } },
    cloudProperties: {},
    isActive: false,
  });

  it('lists instances by group and index with their active VM', () => {
    const b = store.instances.create({
      deploymentName: 'web',
      instanceGroup: 'web',
      index: 1,
      uuid: 'u-b',
      az: 'z1',
      isBootstrap: false,
      state: 'started',
    });
    const a = store.instances.create({
      deploymentName: 'web',
      instanceGroup: 'web',
      index: 0,
      uuid: 'u-a',
      az: 'z1',
      isBootstrap: true,
      state: 'started',
    });
    store.instances.create({
      deploymentName: 'web',
      instanceGroup: 'db',
      index: 0,
      uuid: 'u-c',
      az: null,
      isBootstrap: true,
      state: 'stopped',
    });
    const old = store.vms.create({ ...vm('vm-old', a.id), isActive: true });
    const replacement = store.vms.create(vm('vm-new', a.id));
    store.vms.activate(replacement.id);

    const listed = store.instances.listByDeployment('web');
    expect(listed.map((i) => `${i.instanceGroup}/${i.index}`)).toEqual(['db/0', 'web/0', 'web/1']);
    expect(listed[1]?.vm?.cid).toBe('vm-new');
    expect(listed[1]?.vm?.agentCredentials).toEqual({ user: 'agent', password: 'pw-vm-new' });
    expect(listed[2]?.vm).toBeUndefined();
    expect(store.vms.findByCid(old.cid)?.isActive).toBe(false);
    expect(b).toMatchObject({
      isUpdateCompleted: false,
      ips: [],
      spec: null,
      renderedTemplates: null,
      deploymentName: 'web',
    });
  });

  it('updates the fields given and nothing else', async () => {
    const i = store.instances.create({
      deploymentName: 'web',
      instanceGroup: 'web',
      index: 0,
      uuid: 'u',
      az: 'z1',
      isBootstrap: true,
      state: 'started',
    });
    await clock.advance(10);
    const updated = store.instances.update(i.id, {
      ips: ['10.0.0.2'],
      spec: { name: 'web', index: 0 },
      renderedTemplates: { blobstoreId: 'rt', sha1: 'abc' },
      configurationHash: 'cfg',
      isUpdateCompleted: true,
    });
    expect(updated).toMatchObject({
      az: 'z1',
      isBootstrap: true,
      ips: ['10.0.0.2'],
      spec: { name: 'web', index: 0 },
      renderedTemplates: { blobstoreId: 'rt', sha1: 'abc' },
      configurationHash: 'cfg',
      isUpdateCompleted: true,
      updatedAtMs: 1010,
    });
    expect(store.instances.update(i.id, { renderedTemplates: null }).renderedTemplates).toBeNull();
    expect(() => store.instances.update(999, { state: 'stopped' })).toThrow('Instance 999 not found');
  });

  it('refuses to forget a deployment whose VMs or disks are still recorded', () => {
    const i = store.instances.create({
      deploymentName: 'web',
      instanceGroup: 'web',
      index: 0,
      uuid: 'u',
      az: null,
      isBootstrap: true,
      state: 'started',
    });
    store.vms.create(vm('compilation-vm', null));
    const disk = store.disks.create({
      instanceId: i.id,
      cid: 'disk-1',
      name: '',
      sizeMb: 1024,
      cloudProperties: {},
      isActive: true,
    });
    expect(store.vms.listByDeployment('web').map((v) => v.cid)).toEqual(['compilation-vm']);
    expect(store.disks.listByDeployment('web')).toEqual([disk]);
    expect(() => store.deployments.delete('web')).toThrow(
      "Deployment 'web' still has 1 VM(s) and 1 persistent disk(s) recorded",
    );
    expect(store.vms.delete('compilation-vm')).toBe(true);
    expect(store.disks.delete('disk-1')).toBe(true);
    expect(store.deployments.delete('web')).toBe(true);
    expect(store.instances.findByUuid('u')).toBeUndefined();
    expect(store.deployments.delete('web')).toBe(false);
  });

  it('replaces a deployment manifest and its joins when saved again', async () => {
    await clock.advance(5);
    const saved = store.deployments.save({
      name: 'web',
      manifest: 'name: web\n# v2',
      cloudConfigId: null,
      releaseVersionIds: [],
      stemcellIds: [],
    });
    expect(saved).toMatchObject({
      id: deploymentId,
      manifest: 'name: web\n# v2',
      cloudConfigId: null,
      stemcellIds: [],
      createdAtMs: 1000,
      updatedAtMs: 1005,
    });
    expect(store.deployments.list().map((d) => d.name)).toEqual(['web']);
  });
});
