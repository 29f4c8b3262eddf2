import { mkdir, rm } from 'node:fs/promises';
import type { CpiHash } from '../cpi.js';
import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';
import { newCid, writeRecord } from './cpi-dir.js';
import { findDisk, findVm, requireDisk, requireVm, type LocalCpiContext } from './local-cpi-context.js';
import type { VmRecord } from './local-records.js';
import { isSandboxRunning } from './sandbox-process.js';
import { runInVmMountNamespace } from './mount-table.js';
import { updatePersistentDiskSettings } from './vm-agent-files.js';
import { VM_MIGRATION_STORE_PATH, VM_STORE_PATH } from './vm-env.js';

/** `create_disk`: a directory; its size is recorded, not enforced. */
export async function createLocalDisk(
  ctx: LocalCpiContext,
  sizeMb: number,
  cloudProperties: CpiHash,
): Promise<string> {
  const cid = newCid('disk');
  await mkdir(ctx.dir.diskDir(cid), { recursive: true });
  const createdAt = new Date(ctx.clock.nowMs()).toISOString();
  await writeRecord(ctx.dir.diskRecord(cid), {
    cid,
    size_mb: sizeMb,
    cloud_properties: cloudProperties,
    metadata: {},
    vm_cid: null,
    created_at: createdAt,
  });
  ctx.log.write(`disk ${cid} created (${sizeMb} MiB) in ${ctx.dir.diskDir(cid)}`);
  return cid;
}

/** `delete_disk`: refuses an attached disk; a disk that does not exist is already deleted. */
export async function deleteLocalDisk(ctx: LocalCpiContext, diskCid: string): Promise<void> {
  const disk = await findDisk(ctx, diskCid);
  if (disk === null) return;
  if (disk.vm_cid !== null && (await findVm(ctx, disk.vm_cid)) !== null) {
    throw new CpiError(
      CPI_ERROR_TYPES.cloud,
      `Disk '${diskCid}' is attached to VM '${disk.vm_cid}'; detach it first`,
    );
  }
  await rm(ctx.dir.diskDir(diskCid), { recursive: true, force: true });
  await rm(ctx.dir.diskRecord(diskCid), { force: true });
  ctx.log.write(`disk ${diskCid} deleted`);
}

/**
 * `attach_disk`: bind-mounts the disk's directory at `/var/vcap/store` (or, when a disk is
 * there already, at `/var/vcap/store_migration_target`), at once inside a running VM and on
 * every later start. Attaching an attached disk again is a no-op. Returns the disk hint
 * `{path: <mount point>}`, also written to the agent's settings.
 */
export async function attachLocalDisk(
  ctx: LocalCpiContext,
  vmCid: string,
  diskCid: string,
): Promise<unknown> {
  const vm = await requireVm(ctx, vmCid);
  const disk = await requireDisk(ctx, diskCid);
  const existing = vm.disks.find((d) => d.cid === diskCid);
  if (existing !== undefined) return { path: existing.mount_point };
  if (disk.vm_cid !== null && disk.vm_cid !== vmCid && (await findVm(ctx, disk.vm_cid)) !== null) {
    throw new CpiError(CPI_ERROR_TYPES.cloud, `Disk '${diskCid}' is attached to VM '${disk.vm_cid}'`);
  }
  const used = new Set(vm.disks.map((d) => d.mount_point));
  const mountPoint = [VM_STORE_PATH, VM_MIGRATION_STORE_PATH].find((p) => !used.has(p));
  if (mountPoint === undefined)
    throw new CpiError(
      CPI_ERROR_TYPES.notSupported,
      `VM '${vmCid}' has two persistent disks attached already`,
    );
  if (vm.sandbox !== null && (await isSandboxRunning(vm.sandbox))) {
    await runInVmMountNamespace(ctx.runner, ctx.commandEnv, vm.sandbox.init_pid, ['mkdir', '-p', mountPoint]);
    await runInVmMountNamespace(ctx.runner, ctx.commandEnv, vm.sandbox.init_pid, [
      'mount',
      '--bind',
      ctx.dir.diskDir(diskCid),
      mountPoint,
    ]);
  }
  const updated: VmRecord = { ...vm, disks: [...vm.disks, { cid: diskCid, mount_point: mountPoint }] };
  await writeRecord(ctx.dir.diskRecord(diskCid), { ...disk, vm_cid: vmCid });
  await writeRecord(ctx.dir.vmRecord(vmCid), updated);
  await updatePersistentDiskSettings(ctx.dir.vmVcapDir(vmCid), updated);
  ctx.log.write(`disk ${diskCid} attached to VM ${vmCid} at ${mountPoint}`);
  return { path: mountPoint };
}

/** `detach_disk`: unmounts the disk inside a running VM (fails while it is busy) and forgets the attachment. */
export async function detachLocalDisk(ctx: LocalCpiContext, vmCid: string, diskCid: string): Promise<void> {
  const vm = await requireVm(ctx, vmCid);
  const attached = vm.disks.find((d) => d.cid === diskCid);
  if (attached === undefined)
    throw new CpiError(CPI_ERROR_TYPES.diskNotAttached, `Disk '${diskCid}' is not attached to VM '${vmCid}'`);
  if (vm.sandbox !== null && (await isSandboxRunning(vm.sandbox))) {
    await runInVmMountNamespace(ctx.runner, ctx.commandEnv, vm.sandbox.init_pid, [
      'umount',
      attached.mount_point,
    ]);
  }
  const updated: VmRecord = { ...vm, disks: vm.disks.filter((d) => d.cid !== diskCid) };
  await writeRecord(ctx.dir.vmRecord(vmCid), updated);
  const disk = await findDisk(ctx, diskCid);
  if (disk !== null) await writeRecord(ctx.dir.diskRecord(diskCid), { ...disk, vm_cid: null });
  await updatePersistentDiskSettings(ctx.dir.vmVcapDir(vmCid), updated);
  ctx.log.write(`disk ${diskCid} detached from VM ${vmCid}`);
}

/** `resize_disk`: records the new size; a disk does not shrink. */
export async function resizeLocalDisk(
  ctx: LocalCpiContext,
  diskCid: string,
  newSizeMb: number,
  cloudProperties?: CpiHash,
): Promise<void> {
  const disk = await requireDisk(ctx, diskCid);
  if (newSizeMb < disk.size_mb) {
    throw new CpiError(
      CPI_ERROR_TYPES.notSupported,
      `Disk '${diskCid}' cannot shrink from ${disk.size_mb} MiB to ${newSizeMb} MiB`,
    );
  }
  await writeRecord(ctx.dir.diskRecord(diskCid), {
    ...disk,
    size_mb: newSizeMb,
    ...(cloudProperties === undefined ? {} : { cloud_properties: cloudProperties }),
  });
}
