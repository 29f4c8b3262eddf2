import { z } from 'zod';
import type { Cpi, CpiCallOptions } from './cpi.js';

const cid = z.string().min(1);
const hash = z.record(z.string(), z.unknown());
const optionalHash = z.union([hash, z.null()]).transform((h) => h ?? {});
const sizeMb = z.number().int().nonnegative();

interface CpiMethod {
  readonly args: z.ZodType<unknown[]>;
  /** Calls the method with validated arguments and returns the wire `result`. */
  readonly invoke: (cpi: Cpi, args: never, options: CpiCallOptions) => Promise<unknown>;
}

function method<A extends unknown[]>(
  args: z.ZodType<A>,
  invoke: (cpi: Cpi, args: A, options: CpiCallOptions) => Promise<unknown>,
): CpiMethod {
  return { args, invoke };
}

const done = (): null => null;

/**
 * Every CPI API v2 method by wire name: its arguments' schema and how it maps onto `Cpi`.
 * Results are encoded as the wire expects them (`create_vm` → `[vm_cid, networks]`,
 * methods without a result → `null`).
 */
export const CPI_METHODS: Readonly<Record<string, CpiMethod>> = {
  info: method(z.tuple([]), (cpi, [], o) => cpi.info(o)),
  create_stemcell: method(z.tuple([z.string().min(1), optionalHash]), (cpi, [path, cp], o) =>
    cpi.createStemcell(path, cp, o),
  ),
  delete_stemcell: method(z.tuple([cid]), (cpi, [c], o) => cpi.deleteStemcell(c, o).then(done)),
  create_vm: method(
    z.tuple([
      cid,
      cid,
      optionalHash,
      z.record(z.string(), hash),
      z.union([z.array(z.string()), z.null()]),
      optionalHash,
    ]),
    async (cpi, [agentId, stemcellCid, cloudProperties, networks, diskCids, env], o) => {
      const vm = await cpi.createVm(
        { agentId, stemcellCid, cloudProperties, networks: networks, diskCids: diskCids ?? [], env },
        o,
      );
      return [vm.vmCid, vm.networks];
    },
  ),
  delete_vm: method(z.tuple([cid]), (cpi, [c], o) => cpi.deleteVm(c, o).then(done)),
  has_vm: method(z.tuple([cid]), (cpi, [c], o) => cpi.hasVm(c, o)),
  reboot_vm: method(z.tuple([cid]), (cpi, [c], o) => cpi.rebootVm(c, o).then(done)),
  set_vm_metadata: method(z.tuple([cid, hash]), (cpi, [c, m], o) => cpi.setVmMetadata(c, m, o).then(done)),
  calculate_vm_cloud_properties: method(
    z.tuple([z.object({ cpu: z.number(), ram: z.number(), ephemeral_disk_size: z.number() })]),
    (cpi, [d], o) => cpi.calculateVmCloudProperties(d, o),
  ),
  create_disk: method(
    z.tuple([sizeMb, optionalHash, z.union([cid, z.null()]).optional()]),
    (cpi, [s, p, vm], o) => cpi.createDisk(s, p, vm ?? null, o),
  ),
  delete_disk: method(z.tuple([cid]), (cpi, [c], o) => cpi.deleteDisk(c, o).then(done)),
  has_disk: method(z.tuple([cid]), (cpi, [c], o) => cpi.hasDisk(c, o)),
  attach_disk: method(z.tuple([cid, cid]), (cpi, [vm, disk], o) => cpi.attachDisk(vm, disk, o)),
  detach_disk: method(z.tuple([cid, cid]), (cpi, [vm, disk], o) => cpi.detachDisk(vm, disk, o).then(done)),
  get_disks: method(z.tuple([cid]), (cpi, [vm], o) => cpi.getDisks(vm, o)),
  set_disk_metadata: method(z.tuple([cid, hash]), (cpi, [c, m], o) =>
    cpi.setDiskMetadata(c, m, o).then(done),
  ),
  resize_disk: method(z.tuple([cid, sizeMb]), (cpi, [c, s], o) => cpi.resizeDisk(c, s, o).then(done)),
  update_disk: method(z.tuple([cid, sizeMb, optionalHash]), (cpi, [c, s, p], o) =>
    cpi.updateDisk(c, s, p, o),
  ),
  snapshot_disk: method(z.tuple([cid, optionalHash]), (cpi, [c, m], o) => cpi.snapshotDisk(c, m, o)),
  delete_snapshot: method(z.tuple([cid]), (cpi, [c], o) => cpi.deleteSnapshot(c, o).then(done)),
};
