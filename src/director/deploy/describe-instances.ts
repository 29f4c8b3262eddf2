import type { InstanceProcessView, InstanceView, VmView } from '../../protocol/index.js';
import type { InstanceRecord, JsonObject } from '../store/index.js';
import { ipsByNetwork } from './actual-instances.js';
import type { VmFactory } from './vm-factory.js';

interface AgentState {
  job_state?: unknown;
  processes?: unknown;
}

/**
 * Every instance of a deployment with its agent's state (`get_state full`, asked of all
 * agents at once, each within `timeoutMs`): `bosun instances [--ps]`.
 */
export async function describeInstances(
  records: readonly InstanceRecord[],
  vms: VmFactory,
  timeoutMs = 5_000,
): Promise<InstanceView[]> {
  return Promise.all(
    records.map(async (record): Promise<InstanceView> => {
      const state = await agentStateOf(record, vms, timeoutMs);
      return {
        ...identityOf(record),
        bootstrap: record.isBootstrap,
        state: record.state,
        process_state: state.processState,
        vm_cid: record.vm?.cid ?? null,
        agent_id: record.vm?.agentId ?? null,
        update_completed: record.isUpdateCompleted,
        processes: state.processes,
      };
    }),
  );
}

/** Every VM of a deployment's instances with its agent's `job_state`: `bosun vms`. */
export async function describeVms(
  records: readonly InstanceRecord[],
  vms: VmFactory,
  timeoutMs = 5_000,
): Promise<VmView[]> {
  const withVm = records.filter((r) => r.vm !== undefined);
  return Promise.all(
    withVm.map(async (record): Promise<VmView> => {
      const vm = record.vm!;
      const state = await agentStateOf(record, vms, timeoutMs);
      const vmType = (record.spec?.['vm_type'] as JsonObject | undefined)?.['name'];
      return {
        ...identityOf(record),
        process_state: state.processState,
        vm_cid: vm.cid,
        agent_id: vm.agentId,
        vm_type: typeof vmType === 'string' ? vmType : null,
        active: vm.isActive,
        created_at: Math.floor(vm.createdAtMs / 1000),
      };
    }),
  );
}

/** What the instance and VM views share: which instance, where, at which addresses. */
function identityOf(record: InstanceRecord): Pick<InstanceView, 'instance_group' | 'id' | 'index' | 'az' | 'ips'> {
  return {
    instance_group: record.instanceGroup,
    id: record.uuid,
    index: record.index,
    az: record.az,
    ips: Object.values(ipsByNetwork(record)),
  };
}

async function agentStateOf(
  record: InstanceRecord,
  vms: VmFactory,
  timeoutMs: number,
): Promise<{ processState: string; processes: InstanceProcessView[] }> {
  if (record.vm === undefined) return { processState: '', processes: [] };
  const name = `${record.instanceGroup}/${record.uuid} (${record.index})`;
  try {
    const state = (await vms.agentFor(record.vm, name, timeoutMs).call('get_state', ['full'])) as AgentState;
    const processes = Array.isArray(state.processes) ? (state.processes as Array<Record<string, unknown>>) : [];
    return {
      processState: typeof state.job_state === 'string' ? state.job_state : 'unknown',
      processes: processes.map((p) => ({
        name: String(p['name']),
        state: String(p['state']),
        uptime_seconds: numberAt(p, 'uptime', 'secs'),
        cpu_percent: numberAt(p, 'cpu', 'total'),
        mem_kb: numberAt(p, 'mem', 'kb'),
      })),
    };
  } catch {
    return { processState: 'unresponsive agent', processes: [] };
  }
}

function numberAt(value: Record<string, unknown>, key: string, inner: string): number | null {
  const nested = value[key];
  if (typeof nested !== 'object' || nested === null) return null;
  const n = (nested as Record<string, unknown>)[inner];
  return typeof n === 'number' ? n : null;
}
