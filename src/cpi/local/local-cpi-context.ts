import type { Clock } from '../../base/index.js';
import type { CommandRunner } from '../command-runner.js';
import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';
import type { CpiLog } from '../cpi-log.js';
import { isSafeCid, readRecord, type CpiDir } from './cpi-dir.js';
import type { LocalCpiConfig } from './local-cpi-config.js';
import { diskRecordSchema, vmRecordSchema, type DiskRecord, type VmRecord } from './local-records.js';
import type { SandboxNetwork } from './sandbox-network.js';

/** What the local CPI's operations share; built once by `LocalCpi`. */
export interface LocalCpiContext {
  readonly config: LocalCpiConfig;
  readonly dir: CpiDir;
  readonly network: SandboxNetwork;
  readonly runner: CommandRunner;
  readonly clock: Clock;
  readonly log: CpiLog;
  /** The environment of commands the CPI runs (`PATH` only). */
  readonly commandEnv: Readonly<Record<string, string>>;
}

/** The VM's record, or null when there is no such VM. */
export async function findVm(ctx: LocalCpiContext, vmCid: string): Promise<VmRecord | null> {
  return isSafeCid(vmCid) ? readRecord(ctx.dir.vmRecord(vmCid), vmRecordSchema) : null;
}

/** The VM's record; a `Bosh::Clouds::VMNotFound` CpiError when there is none. */
export async function requireVm(ctx: LocalCpiContext, vmCid: string): Promise<VmRecord> {
  const vm = await findVm(ctx, vmCid);
  if (vm === null) throw new CpiError(CPI_ERROR_TYPES.vmNotFound, `VM '${vmCid}' not found`);
  return vm;
}

/** The disk's record, or null when there is no such disk. */
export async function findDisk(ctx: LocalCpiContext, diskCid: string): Promise<DiskRecord | null> {
  return isSafeCid(diskCid) ? readRecord(ctx.dir.diskRecord(diskCid), diskRecordSchema) : null;
}

/** The disk's record; a `Bosh::Clouds::DiskNotFound` CpiError when there is none. */
export async function requireDisk(ctx: LocalCpiContext, diskCid: string): Promise<DiskRecord> {
  const disk = await findDisk(ctx, diskCid);
  if (disk === null) throw new CpiError(CPI_ERROR_TYPES.diskNotFound, `Disk '${diskCid}' not found`);
  return disk;
}
