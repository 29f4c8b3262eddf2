import { randomInt } from 'node:crypto';
import { BosunError, describeError } from '../base/index.js';
import type { CommandResult, CommandRunner } from './command-runner.js';
import type {
  CpiCallOptions,
  CpiHash,
  CpiInfo,
  CreatedVm,
  CreateVmRequest,
  DesiredInstanceSize,
  Cpi,
} from './cpi.js';
import { CPI_ERROR_TYPES, CpiError } from './cpi-error.js';
import { buildCpiContext, CPI_API_VERSION, redactCpiRequest, type CpiRequest } from './cpi-wire.js';
import { readCpiResponse } from './read-cpi-response.js';

/** What an external CPI call left for the debug log. */
export interface CpiCallRecord {
  readonly method: string;
  readonly requestId: string;
  /** The request JSON, redacted as the BOSH Director redacts it. */
  readonly redactedRequest: string;
  readonly exitCode: number | null;
  readonly exitSignal: string | null;
  readonly durationMs: number;
  readonly stdout: string;
  /** The CPI's stderr (its own debug output). */
  readonly stderr: string;
  /** The response's `log`. */
  readonly log: string;
}

/** Where external CPI calls are recorded; called once per finished process, never throws. */
export interface CpiDebugLog {
  record(call: CpiCallRecord): void;
}

/** How to run an external CPI, read once from the Director's config. */
export interface ExternalCpiOptions {
  /** The executable (BOSH: the CPI job's `bin/cpi`). */
  readonly path: string;
  readonly args?: readonly string[];
  readonly directorUuid: string;
  /** Merged into every request's `context` (the CPI config's `properties`); redacted in logs. */
  readonly properties?: Readonly<Record<string, unknown>>;
  /** The executable's whole environment; BOSH's `PATH` and nothing else when omitted. */
  readonly env?: Readonly<Record<string, string>>;
  /** Per call; default 10 minutes. */
  readonly timeoutMs?: number;
  readonly runner: CommandRunner;
  readonly debugLog?: CpiDebugLog;
  /** Request ids, `cpi-NNNNNN` like BOSH's when omitted; injectable for tests. */
  readonly nextRequestId?: () => string;
}

const DEFAULT_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };
const DEFAULT_TIMEOUT_MS = 600_000;

/**
 * A CPI that runs an executable per call with BOSH's CPI protocol: one JSON request on
 * stdin, one JSON response on stdout; the exit code is ignored, as the Director does.
 */
export class ExternalCpi implements Cpi {
  constructor(private readonly options: ExternalCpiOptions) {}

  async info(o?: CpiCallOptions): Promise<CpiInfo> {
    return (await this.call('info', [], o)) as CpiInfo;
  }
  async createStemcell(imagePath: string, cloudProperties: CpiHash, o?: CpiCallOptions): Promise<string> {
    return String(await this.call('create_stemcell', [imagePath, cloudProperties], o));
  }
  async deleteStemcell(stemcellCid: string, o?: CpiCallOptions): Promise<void> {
    await this.call('delete_stemcell', [stemcellCid], o);
  }
  async createVm(r: CreateVmRequest, o?: CpiCallOptions): Promise<CreatedVm> {
    const args = [r.agentId, r.stemcellCid, r.cloudProperties, r.networks, r.diskCids, r.env];
    const result = await this.call('create_vm', args, o);
    // API v1 CPIs answer with the CID alone.
    if (typeof result === 'string') return { vmCid: result, networks: r.networks };
    if (Array.isArray(result) && typeof result[0] === 'string') {
      const networks = (result[1] ?? r.networks) as CreatedVm['networks'];
      return { vmCid: result[0], networks };
    }
    throw new CpiError(
      CPI_ERROR_TYPES.cpi,
      `Invalid CPI response - create_vm returned ${JSON.stringify(result)}, expected [vm_cid, networks]`,
    );
  }
  async deleteVm(vmCid: string, o?: CpiCallOptions): Promise<void> {
    await this.call('delete_vm', [vmCid], o);
  }
  async hasVm(vmCid: string, o?: CpiCallOptions): Promise<boolean> {
    return (await this.call('has_vm', [vmCid], o)) === true;
  }
  async rebootVm(vmCid: string, o?: CpiCallOptions): Promise<void> {
    await this.call('reboot_vm', [vmCid], o);
  }
  async setVmMetadata(vmCid: string, metadata: CpiHash, o?: CpiCallOptions): Promise<void> {
    await this.call('set_vm_metadata', [vmCid, metadata], o);
  }
  async calculateVmCloudProperties(desired: DesiredInstanceSize, o?: CpiCallOptions): Promise<CpiHash> {
    return (await this.call('calculate_vm_cloud_properties', [desired], o)) as CpiHash;
  }
  async createDisk(
    sizeMb: number,
    cloudProperties: CpiHash,
    vmCid: string | null,
    o?: CpiCallOptions,
  ): Promise<string> {
    return String(await this.call('create_disk', [sizeMb, cloudProperties, vmCid], o));
  }
  async deleteDisk(diskCid: string, o?: CpiCallOptions): Promise<void> {
    await this.call('delete_disk', [diskCid], o);
  }
  async hasDisk(diskCid: string, o?: CpiCallOptions): Promise<boolean> {
    return (await this.call('has_disk', [diskCid], o)) === true;
  }
  async attachDisk(vmCid: string, diskCid: string, o?: CpiCallOptions): Promise<unknown> {
    return this.call('attach_disk', [vmCid, diskCid], o);
  }
  async detachDisk(vmCid: string, diskCid: string, o?: CpiCallOptions): Promise<void> {
    await this.call('detach_disk', [vmCid, diskCid], o);
  }
  async getDisks(vmCid: string, o?: CpiCallOptions): Promise<string[]> {
    const result = await this.call('get_disks', [vmCid], o);
    return Array.isArray(result) ? result.map(String) : [];
  }
  async setDiskMetadata(diskCid: string, metadata: CpiHash, o?: CpiCallOptions): Promise<void> {
    await this.call('set_disk_metadata', [diskCid, metadata], o);
  }
  async resizeDisk(diskCid: string, newSizeMb: number, o?: CpiCallOptions): Promise<void> {
    await this.call('resize_disk', [diskCid, newSizeMb], o);
  }
  async updateDisk(
    diskCid: string,
    newSizeMb: number,
    cloudProperties: CpiHash,
    o?: CpiCallOptions,
  ): Promise<string | null> {
    const result = await this.call('update_disk', [diskCid, newSizeMb, cloudProperties], o);
    return typeof result === 'string' ? result : null;
  }
  async snapshotDisk(diskCid: string, metadata: CpiHash, o?: CpiCallOptions): Promise<string> {
    return String(await this.call('snapshot_disk', [diskCid, metadata], o));
  }
  async deleteSnapshot(snapshotCid: string, o?: CpiCallOptions): Promise<void> {
    await this.call('delete_snapshot', [snapshotCid], o);
  }

  /** Runs the executable once for `method` and returns the response's `result`. */
  private async call(method: string, args: unknown[], o: CpiCallOptions = {}): Promise<unknown> {
    const { path, directorUuid, properties = {}, runner } = this.options;
    const requestId = this.options.nextRequestId?.() ?? `cpi-${randomInt(100000, 1000000)}`;
    const request: CpiRequest = {
      method,
      arguments: args,
      context: buildCpiContext(directorUuid, requestId, properties, o.stemcellApiVersion),
      api_version: CPI_API_VERSION,
    };
    let result: CommandResult;
    try {
      result = await runner.run({
        argv: [path, ...(this.options.args ?? [])],
        stdin: JSON.stringify(request),
        env: this.options.env ?? DEFAULT_ENV,
        timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        ...(o.signal === undefined ? {} : { signal: o.signal }),
      });
    } catch (e) {
      const code = e instanceof BosunError ? e.code : undefined;
      const message =
        code === 'COMMAND_NOT_STARTED'
          ? `Failed to run cpi: '${path}' is not executable (${describeError(e)})`
          : `CPI '${method}' call failed (CPI request ID: '${requestId}'): ${describeError(e)}`;
      throw new CpiError(CPI_ERROR_TYPES.cpi, message, { cause: e });
    }
    const { response, failure } = readCpiResponse(method, requestId, result);
    this.record(method, requestId, request, result, response?.log ?? '');
    if (failure !== null) throw failure;
    return response?.result ?? null;
  }

  private record(
    method: string,
    requestId: string,
    request: CpiRequest,
    result: CommandResult,
    log: string,
  ): void {
    const debugLog = this.options.debugLog;
    if (debugLog === undefined) return;
    debugLog.record({
      method,
      requestId,
      redactedRequest: JSON.stringify(redactCpiRequest(request, Object.keys(this.options.properties ?? {}))),
      exitCode: result.exitCode,
      exitSignal: result.exitSignal,
      durationMs: result.durationMs,
      stdout: result.stdout,
      stderr: result.stderr,
      log,
    });
  }
}
