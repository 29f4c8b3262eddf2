import { randomBytes, randomUUID } from 'node:crypto';
import { BosunError, describeError, type Clock } from '../../base/index.js';
import { CpiError, type Cpi, type CpiHash, type CpiNetworks } from '../../cpi/index.js';
import { AgentClient } from '../agent-client/index.js';
import type { InstanceNetworkSettings } from '../planning/index.js';
import type { DirectorStore, JsonObject, StemcellRecord, VmRecord } from '../store/index.js';

/** The port every agent listens on inside its VM (each VM has an address of its own). */
export const AGENT_PORT = 6868;

/** How the Director starts agents and reaches them. */
export interface VmFactoryOptions {
  readonly cpi: Cpi;
  readonly store: DirectorStore;
  readonly clock: Clock;
  /** The VM's first process: the agent (`[node, bin/bosun.js, agent, --config, /var/vcap/bosh/agent.json]`). */
  readonly agentCommand: readonly string[];
  /** The blobstore settings agents get (the Director's blobstore directory). */
  readonly agentBlobstore: { provider: 'local'; options: { blobstore_path: string } };
  /** How long a new VM's agent has to answer `ping`; BOSH waits 600 s, local VMs need far less. */
  readonly agentReadyTimeoutMs?: number;
  /** `get_task` polling; BOSH polls every second, local agents answer in milliseconds. */
  readonly agentPollIntervalMs?: number;
}

/** What `createVm` needs to know about the VM. */
export interface VmRequest {
  readonly deploymentId: number;
  /** Null for a compilation VM. */
  readonly instanceId: number | null;
  /** For messages and the hostname: `web/<uuid> (0)` or `compilation-<uuid>`. */
  readonly name: string;
  readonly hostname: string;
  /** `bosh.group(s)` of the CPI environment: `<director>-<deployment>-<group>` style names. */
  readonly groups: readonly string[];
  readonly stemcell: StemcellRecord;
  readonly networks: Readonly<Record<string, InstanceNetworkSettings>>;
  readonly cloudProperties: CpiHash;
  /** The instance group's `env` as JSON. */
  readonly env: CpiHash;
  readonly signal?: AbortSignal | undefined;
}

/** A VM whose agent answered. */
export interface ReadyVm {
  readonly record: VmRecord;
  readonly agent: AgentClient;
}

/**
 * Creates VMs through the CPI with an agent of their own (fresh credentials per VM), records
 * each in the store as soon as the CPI returns its CID (so nothing is orphaned), waits for
 * its agent; and deletes them again. Used for instance and compilation VMs alike.
 */
export class VmFactory {
  constructor(private readonly options: VmFactoryOptions) {}

  async createVm(request: VmRequest): Promise<ReadyVm> {
    const agentId = randomUUID();
    const credentials = { user: `agent-${agentId.slice(0, 8)}`, password: randomBytes(18).toString('base64url') };
    const env: CpiHash = {
      ...request.env,
      bosh: {
        ...(isHash(request.env['bosh']) ? request.env['bosh'] : {}),
        group: request.groups[request.groups.length - 1] ?? request.name,
        groups: [...request.groups],
      },
      bosun: {
        agent_command: [...this.options.agentCommand],
        agent_config: {
          agent_id: agentId,
          listen: `0.0.0.0:${AGENT_PORT}`,
          credentials,
          base_dir: '/var/vcap',
          blobstore: this.options.agentBlobstore,
        },
        hostname: request.hostname,
      },
    };
    let created;
    try {
      created = await this.options.cpi.createVm(
        {
          agentId,
          stemcellCid: request.stemcell.cid,
          cloudProperties: request.cloudProperties,
          networks: request.networks as unknown as CpiNetworks,
          diskCids: [],
          env,
        },
        { ...(request.signal === undefined ? {} : { signal: request.signal }), ...apiVersion(request.stemcell) },
      );
    } catch (e) {
      throw new BosunError('VM_CREATE_FAILED', `Creating VM for '${request.name}': ${describeError(e)}`, { cause: e });
    }
    const record = this.options.store.vms.create({
      deploymentId: request.deploymentId,
      instanceId: request.instanceId,
      cid: created.vmCid,
      agentId,
      agentCredentials: credentials,
      stemcellId: request.stemcell.id,
      networkSettings: created.networks as unknown as JsonObject,
      cloudProperties: request.cloudProperties as JsonObject,
      isActive: false,
    });
    const agent = this.agentFor(record, request.name);
    try {
      await agent.waitUntilReady(this.options.agentReadyTimeoutMs ?? 60_000, request.signal);
    } catch (e) {
      await this.deleteVm(record).catch(() => undefined);
      throw e;
    }
    return { record, agent };
  }

  /** A client for the agent of a recorded VM. */
  agentFor(vm: VmRecord, instanceName: string, requestTimeoutMs?: number): AgentClient {
    return new AgentClient({
      endpoint: { address: `${agentIpOf(vm)}:${AGENT_PORT}`, ...vm.agentCredentials },
      instanceName,
      agentId: vm.agentId,
      clock: this.options.clock,
      pollIntervalMs: this.options.agentPollIntervalMs ?? 100,
      ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    });
  }

  /** The CPI the VMs are made with (for their disks). */
  get cpi(): Cpi {
    return this.options.cpi;
  }

  /** Deletes a persistent disk through the CPI, then forgets it. */
  deleteDisk(diskCid: string, signal?: AbortSignal): Promise<void> {
    return deleteDiskOf(this.options.cpi, this.options.store, diskCid, signal);
  }

  /** Deletes the VM through the CPI (one already gone counts as deleted), then forgets it. */
  async deleteVm(vm: VmRecord, signal?: AbortSignal): Promise<void> {
    try {
      await this.options.cpi.deleteVm(vm.cid, signal === undefined ? {} : { signal });
    } catch (e) {
      if (!(e instanceof CpiError && e.cpiType === 'Bosh::Clouds::VMNotFound')) throw e;
    }
    this.options.store.vms.delete(vm.cid);
  }
}

/** Deletes a persistent disk through the CPI (one already gone counts as deleted), then forgets it. */
export async function deleteDiskOf(cpi: Cpi, store: DirectorStore, diskCid: string, signal?: AbortSignal): Promise<void> {
  try {
    await cpi.deleteDisk(diskCid, signal === undefined ? {} : { signal });
  } catch (e) {
    if (!(e instanceof CpiError && e.cpiType === 'Bosh::Clouds::DiskNotFound')) throw e;
  }
  store.disks.delete(diskCid);
}

/** The address the Director reaches the agent at: the default-gateway network's IP, else the first IP. */
export function agentIpOf(vm: Pick<VmRecord, 'networkSettings' | 'cid'>): string {
  const networks = (Object.values(vm.networkSettings) as unknown[]).filter(isHash);
  const withIp = networks.filter((n) => typeof n['ip'] === 'string');
  const preferred =
    withIp.find((n) => Array.isArray(n['default']) && (n['default'] as unknown[]).includes('gateway')) ?? withIp[0];
  if (preferred === undefined) {
    throw new BosunError('VM_HAS_NO_ADDRESS', `VM '${vm.cid}' has no IP address in its network settings`);
  }
  return preferred['ip'] as string;
}

function apiVersion(stemcell: StemcellRecord): { stemcellApiVersion?: number } {
  return stemcell.apiVersion === null ? {} : { stemcellApiVersion: stemcell.apiVersion };
}

function isHash(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
