import { rm } from 'node:fs/promises';
import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';
import { writeRecord } from './cpi-dir.js';
import { releaseIps } from './ip-reservations.js';
import { findDisk, type LocalCpiContext } from './local-cpi-context.js';
import type { VmRecord } from './local-records.js';
import { stopVmSandbox } from './local-vm-sandbox.js';
import { listMountsUnder } from './mount-table.js';

/**
 * Removes everything of a VM, in an order that is safe to repeat after a partial failure:
 * its processes (SIGTERM, grace, SIGKILL, wait), its disks' attachments, its network
 * namespace and host interfaces, its addresses and finally its directory, which is deleted
 * only when nothing is mounted below it on the host.
 */
export async function teardownVm(ctx: LocalCpiContext, vm: VmRecord): Promise<void> {
  await stopVmSandbox(ctx, vm);
  for (const d of vm.disks) {
    const disk = await findDisk(ctx, d.cid);
    if (disk !== null && disk.vm_cid === vm.cid)
      await writeRecord(ctx.dir.diskRecord(d.cid), { ...disk, vm_cid: null });
  }
  await ctx.network.deleteNamespace(vm.netns);
  for (const vif of vm.interfaces) await ctx.network.deleteLink(vif.host_interface);
  await releaseIps(
    ctx.dir,
    vm.interfaces.map((i) => i.ip),
    vm.cid,
  );
  const vmDir = ctx.dir.vmDir(vm.cid);
  const mounts = await listMountsUnder(vmDir);
  if (mounts.length > 0) {
    throw new CpiError(
      CPI_ERROR_TYPES.cloud,
      `Not deleting ${vmDir}: ${mounts.join(', ')} still mounted on the host`,
      { isOkToRetry: true },
    );
  }
  await rm(vmDir, { recursive: true, force: true });
  ctx.log.write(`VM ${vm.cid} deleted`);
}
