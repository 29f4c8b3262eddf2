import { BosunError } from '../../base/index.js';
import type { Cpi } from '../../cpi/index.js';
import type { InstanceFacts } from '../planning/index.js';
import type { DirectorStore, InstanceRecord, JsonObject, VmRecord } from '../store/index.js';
import { deleteDiskOf } from './vm-factory.js';

/**
 * Gives the instance's VM the persistent disk its facts ask for, before `apply` (reference
 * §4.2 step 6): creates it (recorded as soon as the CPI returns its CID) and attaches it, at
 * `/var/vcap/store` on local VMs; attaching an attached disk changes nothing. A disk the
 * manifest dropped is detached and deleted. A different size is refused for now: BOSH
 * migrates the data to a new disk, which Bosun does not do yet.
 */
export async function ensurePersistentDisk(
  cpi: Cpi,
  store: DirectorStore,
  record: InstanceRecord,
  vm: VmRecord,
  wanted: InstanceFacts['persistentDisk'],
  signal?: AbortSignal,
): Promise<void> {
  const options = signal === undefined ? {} : { signal };
  const disks = store.disks.listByInstance(record.id);
  if (wanted === null) {
    for (const disk of disks) {
      await cpi.detachDisk(vm.cid, disk.cid, options).catch(() => undefined);
      await deleteDiskOf(cpi, store, disk.cid, signal);
    }
    return;
  }
  let disk = disks.find((d) => d.isActive) ?? disks[0];
  if (disk !== undefined && disk.sizeMb !== wanted.sizeMb) {
    throw new BosunError(
      'PERSISTENT_DISK_CHANGE_UNSUPPORTED',
      `Changing the persistent disk of '${record.instanceGroup}/${record.uuid}' from ${disk.sizeMb} MB to ${wanted.sizeMb} MB is not supported yet`,
      { hint: 'Keep the size, or delete and redeploy the instance group (its data is lost).' },
    );
  }
  if (disk === undefined) {
    const cloudProperties = (wanted.cloudProperties ?? {}) as JsonObject;
    const cid = await cpi.createDisk(wanted.sizeMb, cloudProperties, vm.cid, options);
    disk = store.disks.create({ instanceId: record.id, cid, name: '', sizeMb: wanted.sizeMb, cloudProperties, isActive: true });
  }
  await cpi.attachDisk(vm.cid, disk.cid, options);
}
