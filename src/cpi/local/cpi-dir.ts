import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { BosunError, describeError } from '../../base/index.js';
import { formatSchemaIssues } from '../../protocol/index.js';

/**
 * Where the local CPI keeps its state, so that any process can manage what another created:
 *
 * ```
 * <cpiDir>/stemcells/<cid>.json
 * <cpiDir>/disks/<cid>.json        record;  <cpiDir>/disks/<cid>/   the disk's data
 * <cpiDir>/vms/<cid>/vm.json       record;  vcap/ (the VM's /var/vcap), console.log, init.sh, ready
 * <cpiDir>/ips/<ip>                one file per address in use, holding the VM's CID
 * ```
 */
export class CpiDir {
  constructor(readonly root: string) {}

  get vmsDir(): string {
    return join(this.root, 'vms');
  }
  vmDir(cid: string): string {
    return join(this.root, 'vms', cid);
  }
  vmRecord(cid: string): string {
    return join(this.vmDir(cid), 'vm.json');
  }
  vmVcapDir(cid: string): string {
    return join(this.vmDir(cid), 'vcap');
  }
  vmConsoleLog(cid: string): string {
    return join(this.vmDir(cid), 'console.log');
  }
  vmInitScript(cid: string): string {
    return join(this.vmDir(cid), 'init.sh');
  }
  vmReadyFile(cid: string): string {
    return join(this.vmDir(cid), 'ready');
  }
  diskDir(cid: string): string {
    return join(this.root, 'disks', cid);
  }
  diskRecord(cid: string): string {
    return join(this.root, 'disks', `${cid}.json`);
  }
  stemcellRecord(cid: string): string {
    return join(this.root, 'stemcells', `${cid}.json`);
  }
  get ipsDir(): string {
    return join(this.root, 'ips');
  }
  ipReservation(ip: string): string {
    return join(this.root, 'ips', ip);
  }
}

/** A new CID: `<prefix>-` and 12 hex digits (short enough for interface names). */
export function newCid(prefix: 'vm' | 'disk' | 'sc'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** CIDs become path components: refuse anything that could escape the CPI directory. */
export function isSafeCid(cid: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(cid);
}

/** Reads a JSON record; null when the file does not exist. */
export async function readRecord<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BosunError('CPI_STATE_UNREADABLE', `Cannot read ${file}: ${describeError(e)}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    throw new BosunError('CPI_STATE_INVALID', `${file} is not JSON: ${describeError(e)}`, { cause: e });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new BosunError(
      'CPI_STATE_INVALID',
      `${file} is invalid: ${formatSchemaIssues(parsed.error).join('; ')}`,
    );
  return parsed.data;
}

/** Writes a JSON record atomically (temporary file, then rename). */
export async function writeRecord(file: string, value: unknown, mode = 0o644): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  await rename(tmp, file);
}
