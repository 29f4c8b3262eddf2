/**
 * BOSH's Cloud Provider Interface, API version 2 (docs-bosh `cpi-api-v2.md`, `cpi-api-rpc.md`).
 *
 * Method names are the wire names in camelCase (`createVm` is `create_vm`). Hashes that BOSH
 * passes through unchanged (cloud_properties, networks, env, metadata, the info result) keep
 * BOSH's JSON keys, so that what the Director sends is what an external CPI receives.
 */

/** A JSON object as BOSH passes it: cloud_properties, env, metadata. */
export type CpiHash = Record<string, unknown>;

/**
 * One network of a VM as the Director describes it (`create_vm`'s `networks[name]`).
 * `manual` networks carry the IP the Director chose; `dynamic` networks get one from the CPI.
 */
export interface CpiNetwork {
  type?: 'manual' | 'dynamic' | 'vip';
  ip?: string;
  netmask?: string;
  gateway?: string;
  dns?: string[];
  /** Which of this network's settings are the VM's defaults: `dns`, `gateway`. */
  default?: string[];
  cloud_properties?: CpiHash;
  [key: string]: unknown;
}

/** `create_vm`'s `networks`: network name to its settings. */
export type CpiNetworks = Record<string, CpiNetwork>;

/** `info`'s result. */
export interface CpiInfo {
  /** The highest CPI API version the CPI speaks. */
  api_version: number;
  stemcell_formats: string[];
  [key: string]: unknown;
}

/** `create_vm`'s arguments, in wire order. */
export interface CreateVmRequest {
  /** `agent_id`: chosen by the Director for the VM's agent. */
  agentId: string;
  /** `stemcell_cid`: from `create_stemcell`. */
  stemcellCid: string;
  /** `cloud_properties`: the vm_type's (resource pool's) cloud properties. */
  cloudProperties: CpiHash;
  networks: CpiNetworks;
  /** `disk_cids`: disks the VM will most likely attach (a placement hint). */
  diskCids: string[];
  /** `environment`: the vm_type's env, with `bosh` (group, groups, tags) added by the Director. */
  env: CpiHash;
}

/** `create_vm`'s v2 result: `[vm_cid, networks]`. */
export interface CreatedVm {
  vmCid: string;
  /** The networks as configured, with addresses the CPI chose filled in. */
  networks: CpiNetworks;
}

/** `calculate_vm_cloud_properties`' argument. */
export interface DesiredInstanceSize {
  cpu: number;
  /** MiB. */
  ram: number;
  /** MiB. */
  ephemeral_disk_size: number;
}

/**
 * Per-call options. Every method may take seconds to minutes on an IaaS: `signal` cancels
 * it (an external CPI process is killed with its process group; a local operation stops at
 * the next step and reports the abort reason).
 */
export interface CpiCallOptions {
  signal?: AbortSignal;
  /** The stemcell's API version, sent as `context.vm.stemcell.api_version` when known. */
  stemcellApiVersion?: number;
}

/**
 * A CPI. Every method resolves when the IaaS has done the work, or rejects with a
 * `CpiError` (code `CPI_ERROR`) whose `cpiType` is BOSH's error class name
 * (`Bosh::Clouds::VMNotFound`, ...). Calls on different VMs may run concurrently; the
 * caller serialises calls on one VM or disk, as the Director does.
 */
export interface Cpi {
  /** `info`: API version and stemcell formats. */
  info(options?: CpiCallOptions): Promise<CpiInfo>;
  /** `create_stemcell(image_path, cloud_properties)` → `stemcell_cid`. */
  createStemcell(imagePath: string, cloudProperties: CpiHash, options?: CpiCallOptions): Promise<string>;
  /** `delete_stemcell(stemcell_cid)`. */
  deleteStemcell(stemcellCid: string, options?: CpiCallOptions): Promise<void>;
  /** `create_vm(agent_id, stemcell_cid, cloud_properties, networks, disk_cids, environment)`; the VM runs when this resolves. */
  createVm(request: CreateVmRequest, options?: CpiCallOptions): Promise<CreatedVm>;
  /** `delete_vm(vm_cid)`: also called with disks attached; disassociates them. */
  deleteVm(vmCid: string, options?: CpiCallOptions): Promise<void>;
  /** `has_vm(vm_cid)`. */
  hasVm(vmCid: string, options?: CpiCallOptions): Promise<boolean>;
  /** `reboot_vm(vm_cid)`. */
  rebootVm(vmCid: string, options?: CpiCallOptions): Promise<void>;
  /** `set_vm_metadata(vm_cid, metadata)`: replaces the VM's tags. */
  setVmMetadata(vmCid: string, metadata: CpiHash, options?: CpiCallOptions): Promise<void>;
  /** `calculate_vm_cloud_properties(desired_instance_size)`. */
  calculateVmCloudProperties(desired: DesiredInstanceSize, options?: CpiCallOptions): Promise<CpiHash>;
  /** `create_disk(size, cloud_properties, vm_cid)` → `disk_cid`; `sizeMb` is MiB. */
  createDisk(
    sizeMb: number,
    cloudProperties: CpiHash,
    vmCid: string | null,
    options?: CpiCallOptions,
  ): Promise<string>;
  /** `delete_disk(disk_cid)`. */
  deleteDisk(diskCid: string, options?: CpiCallOptions): Promise<void>;
  /** `has_disk(disk_cid)`. */
  hasDisk(diskCid: string, options?: CpiCallOptions): Promise<boolean>;
  /** `attach_disk(vm_cid, disk_cid)` → disk hint (string or hash) for the agent's settings. */
  attachDisk(vmCid: string, diskCid: string, options?: CpiCallOptions): Promise<unknown>;
  /** `detach_disk(vm_cid, disk_cid)`. */
  detachDisk(vmCid: string, diskCid: string, options?: CpiCallOptions): Promise<void>;
  /** `get_disks(vm_cid)` → the disk CIDs attached to the VM. */
  getDisks(vmCid: string, options?: CpiCallOptions): Promise<string[]>;
  /** `set_disk_metadata(disk_cid, metadata)`. */
  setDiskMetadata(diskCid: string, metadata: CpiHash, options?: CpiCallOptions): Promise<void>;
  /** `resize_disk(disk_cid, new_size)`; `newSizeMb` is MiB. */
  resizeDisk(diskCid: string, newSizeMb: number, options?: CpiCallOptions): Promise<void>;
  /** `update_disk(disk_cid, new_size, cloud_properties)` → a new disk CID, or null when updated in place. */
  updateDisk(
    diskCid: string,
    newSizeMb: number,
    cloudProperties: CpiHash,
    options?: CpiCallOptions,
  ): Promise<string | null>;
  /** `snapshot_disk(disk_cid, metadata)` → `snapshot_cid`. */
  snapshotDisk(diskCid: string, metadata: CpiHash, options?: CpiCallOptions): Promise<string>;
  /** `delete_snapshot(snapshot_cid)`. */
  deleteSnapshot(snapshotCid: string, options?: CpiCallOptions): Promise<void>;
}
