import { systemClock, type Clock } from '../../base/index.js';
import { nodeCommandRunner, type CommandRunner } from '../command-runner.js';
import type {
  Cpi,
  CpiCallOptions,
  CpiHash,
  CpiInfo,
  CreatedVm,
  CreateVmRequest,
  DesiredInstanceSize,
} from '../cpi.js';
import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';
import { silentCpiLog, type CpiLog } from '../cpi-log.js';
import { CPI_API_VERSION } from '../cpi-wire.js';
import { CpiDir, writeRecord } from './cpi-dir.js';
import { createLocalVm } from './create-local-vm.js';
import {
  attachLocalDisk,
  createLocalDisk,
  deleteLocalDisk,
  detachLocalDisk,
  resizeLocalDisk,
} from './local-disks.js';
import type { LocalCpiConfig } from './local-cpi-config.js';
import { findDisk, findVm, requireDisk, requireVm, type LocalCpiContext } from './local-cpi-context.js';
import { createLocalStemcell, deleteLocalStemcell } from './local-stemcells.js';
import { startVmSandbox, stopVmSandbox } from './local-vm-sandbox.js';
import { checkSandboxPrivileges } from './sandbox-privileges.js';
import { SandboxNetwork } from './sandbox-network.js';
import { teardownVm } from './teardown-local-vm.js';

/** What LocalCpi needs from its surroundings; all optional, the real ones by default. */
export interface LocalCpiPorts {
  readonly runner?: CommandRunner;
  readonly clock?: Clock;
  readonly log?: CpiLog;
  /** `process.getuid()`, for the privilege check. */
  readonly uid?: number;
}

/**
 * The local CPI (DESIGN decision 5): each VM is a Linux sandbox on this machine with its own
 * `/var/vcap` (a directory bind-mounted in a private mount namespace), PID namespace, hostname
 * and network namespace with an address on a bridge; persistent disks are directories
 * bind-mounted at `/var/vcap/store`. The sandbox shares the host's OS and filesystem (it is
 * isolation for BOSH jobs, not a security boundary); stemcells are only recorded.
 *
 * All state lives in `cpi_dir`, so one process may manage what another created (the
 * `bosun cpi local` executable runs one process per call). VMs outlive the process that
 * created them. Calls that create sandboxes fail at once, saying what is missing, without
 * root, `unshare`, `nsenter` or `ip`.
 */
export class LocalCpi implements Cpi {
  private readonly ctx: LocalCpiContext;
  private privileges: Promise<void> | undefined;

  constructor(
    config: LocalCpiConfig,
    private readonly ports: LocalCpiPorts = {},
  ) {
    const runner = ports.runner ?? nodeCommandRunner;
    const log = ports.log ?? silentCpiLog;
    const commandEnv = { PATH: config.path };
    this.ctx = {
      config,
      dir: new CpiDir(config.cpi_dir),
      network: new SandboxNetwork(runner, commandEnv, log),
      runner,
      clock: ports.clock ?? systemClock,
      log,
      commandEnv,
    };
  }

  info(): Promise<CpiInfo> {
    return Promise.resolve({ api_version: CPI_API_VERSION, stemcell_formats: ['warden-tar', 'general-tar'] });
  }
  createStemcell(imagePath: string, cloudProperties: CpiHash): Promise<string> {
    return createLocalStemcell(this.ctx, imagePath, cloudProperties);
  }
  deleteStemcell(stemcellCid: string): Promise<void> {
    return deleteLocalStemcell(this.ctx, stemcellCid);
  }
  async createVm(request: CreateVmRequest, options: CpiCallOptions = {}): Promise<CreatedVm> {
    await this.checkPrivileges();
    return createLocalVm(this.ctx, request, options);
  }
  /** Idempotent: deleting a VM that does not exist succeeds. */
  async deleteVm(vmCid: string): Promise<void> {
    const vm = await findVm(this.ctx, vmCid);
    if (vm === null) return;
    await this.checkPrivileges();
    await teardownVm(this.ctx, vm);
  }
  async hasVm(vmCid: string): Promise<boolean> {
    return (await findVm(this.ctx, vmCid)) !== null;
  }
  /** Stops the sandbox (SIGTERM, grace, SIGKILL) and starts it again with the same command, `/var/vcap`, disks and address. */
  async rebootVm(vmCid: string, options: CpiCallOptions = {}): Promise<void> {
    const vm = await requireVm(this.ctx, vmCid);
    await this.checkPrivileges();
    await stopVmSandbox(this.ctx, vm);
    const sandbox = await startVmSandbox(this.ctx, vm, options);
    await writeRecord(this.ctx.dir.vmRecord(vmCid), { ...vm, sandbox });
  }
  async setVmMetadata(vmCid: string, metadata: CpiHash): Promise<void> {
    const vm = await requireVm(this.ctx, vmCid);
    await writeRecord(this.ctx.dir.vmRecord(vmCid), { ...vm, metadata });
  }
  /** Local VMs have no instance types: any size fits, so the cloud properties are empty. */
  calculateVmCloudProperties(_desired: DesiredInstanceSize): Promise<CpiHash> {
    return Promise.resolve({});
  }
  /** `vmCid` (a placement hint) does not matter on one machine. */
  createDisk(sizeMb: number, cloudProperties: CpiHash, _vmCid: string | null): Promise<string> {
    return createLocalDisk(this.ctx, sizeMb, cloudProperties);
  }
  deleteDisk(diskCid: string): Promise<void> {
    return deleteLocalDisk(this.ctx, diskCid);
  }
  async hasDisk(diskCid: string): Promise<boolean> {
    return (await findDisk(this.ctx, diskCid)) !== null;
  }
  async attachDisk(vmCid: string, diskCid: string): Promise<unknown> {
    await this.checkPrivileges();
    return attachLocalDisk(this.ctx, vmCid, diskCid);
  }
  async detachDisk(vmCid: string, diskCid: string): Promise<void> {
    await this.checkPrivileges();
    await detachLocalDisk(this.ctx, vmCid, diskCid);
  }
  async getDisks(vmCid: string): Promise<string[]> {
    return (await requireVm(this.ctx, vmCid)).disks.map((d) => d.cid);
  }
  async setDiskMetadata(diskCid: string, metadata: CpiHash): Promise<void> {
    const disk = await requireDisk(this.ctx, diskCid);
    await writeRecord(this.ctx.dir.diskRecord(diskCid), { ...disk, metadata });
  }
  resizeDisk(diskCid: string, newSizeMb: number): Promise<void> {
    return resizeLocalDisk(this.ctx, diskCid, newSizeMb);
  }
  /** Updates size and cloud properties in place (a directory has no type to change). */
  async updateDisk(diskCid: string, newSizeMb: number, cloudProperties: CpiHash): Promise<string | null> {
    await resizeLocalDisk(this.ctx, diskCid, newSizeMb, cloudProperties);
    return null;
  }
  snapshotDisk(_diskCid: string, _metadata: CpiHash): Promise<string> {
    return Promise.reject(
      new CpiError(CPI_ERROR_TYPES.notImplemented, 'The local CPI does not take disk snapshots'),
    );
  }
  deleteSnapshot(_snapshotCid: string): Promise<void> {
    return Promise.reject(
      new CpiError(CPI_ERROR_TYPES.notImplemented, 'The local CPI does not take disk snapshots'),
    );
  }

  private checkPrivileges(): Promise<void> {
    // Checked once per instance; a failed check is checked again next time.
    this.privileges ??= checkSandboxPrivileges(
      this.ctx.runner,
      this.ctx.commandEnv,
      this.ports.uid ?? process.getuid?.(),
    ).catch((e: unknown) => {
      this.privileges = undefined;
      throw e;
    });
    return this.privileges;
  }
}
