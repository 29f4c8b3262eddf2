import { z } from 'zod';

const hash = z.record(z.string(), z.unknown());

/** The running sandbox of a VM, as recorded when it started. */
export const sandboxStateSchema = z.object({
  /** The detached `unshare` process (outside the VM); killing it kills the VM. */
  launcher_pid: z.number().int().positive(),
  /** The VM's PID 1 as the host sees it. */
  init_pid: z.number().int().positive(),
  /** `/proc/<pid>/stat` start time of the init, to tell it from a later process with the same pid. */
  init_start_ticks: z.number().int().nonnegative(),
  /** `readlink /proc/<init>/ns/pid`, e.g. `pid:[4026532317]`. */
  pid_namespace: z.string().min(1),
  started_at: z.string(),
});
export type SandboxState = z.infer<typeof sandboxStateSchema>;

/** One network interface of a VM: a veth pair from the VM's network namespace to a bridge. */
export const vmInterfaceSchema = z.object({
  network: z.string(),
  guest_interface: z.string(),
  host_interface: z.string(),
  bridge: z.string(),
  ip: z.string(),
  prefix_length: z.number().int().min(0).max(32),
  gateway: z.string().nullable(),
  is_default_gateway: z.boolean(),
});
export type VmInterface = z.infer<typeof vmInterfaceSchema>;

/** A persistent disk attached to a VM and where it is mounted inside. */
export const vmDiskSchema = z.object({ cid: z.string(), mount_point: z.string() });
export type VmDisk = z.infer<typeof vmDiskSchema>;

/**
 * `<cpiDir>/vms/<cid>/vm.json`: everything needed to manage the VM from any process, since
 * an external CPI runs one process per call.
 */
export const vmRecordSchema = z.object({
  cid: z.string(),
  agent_id: z.string(),
  stemcell_cid: z.string(),
  created_at: z.string(),
  hostname: z.string(),
  cloud_properties: hash,
  /** `create_vm`'s networks as returned (with dynamic addresses filled in). */
  networks: z.record(z.string(), hash),
  netns: z.string(),
  interfaces: z.array(vmInterfaceSchema),
  command: z.array(z.string()).min(1),
  command_env: z.record(z.string(), z.string()),
  disks: z.array(vmDiskSchema),
  metadata: hash,
  sandbox: sandboxStateSchema.nullable(),
});
export type VmRecord = z.infer<typeof vmRecordSchema>;

/** `<cpiDir>/disks/<cid>.json`; the disk's data is the directory `<cpiDir>/disks/<cid>/`. */
export const diskRecordSchema = z.object({
  cid: z.string(),
  size_mb: z.number().int().nonnegative(),
  cloud_properties: hash,
  metadata: hash,
  vm_cid: z.string().nullable(),
  created_at: z.string(),
});
export type DiskRecord = z.infer<typeof diskRecordSchema>;

/** `<cpiDir>/stemcells/<cid>.json`. */
export const stemcellRecordSchema = z.object({
  cid: z.string(),
  name: z.string().nullable(),
  operating_system: z.string().nullable(),
  version: z.string().nullable(),
  api_version: z.number().nullable(),
  image_path: z.string(),
  cloud_properties: hash,
  created_at: z.string(),
});
export type StemcellRecord = z.infer<typeof stemcellRecordSchema>;
