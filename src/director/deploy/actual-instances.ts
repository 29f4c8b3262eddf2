import type { ActualInstance, ExistingInstance, InstanceFacts } from '../planning/index.js';
import type { InstanceRecord } from '../store/index.js';
import type { VmFactory } from './vm-factory.js';

/** The agent `job_state`s the planner knows; anything else counts as failing. */
const JOB_STATES = new Set(['running', 'starting', 'failing', 'stopped']);

/** An instance's addresses by network: from its last apply, else from its VM's network settings. */
export function ipsByNetwork(record: InstanceRecord): Record<string, string> {
  const networks = (record.appliedFacts?.['networks'] ?? record.vm?.networkSettings ?? {}) as Record<string, unknown>;
  const ips: Record<string, string> = {};
  for (const [name, settings] of Object.entries(networks)) {
    const ip = (settings as { ip?: unknown } | null)?.ip;
    if (typeof ip === 'string') ips[name] = ip;
  }
  return ips;
}

/** The store's instance as identity planning sees it. */
export function existingInstanceOf(record: InstanceRecord, hasPersistentDisk: boolean): ExistingInstance {
  return {
    id: record.uuid,
    group: record.instanceGroup,
    index: record.index,
    az: record.az,
    isBootstrap: record.isBootstrap,
    ips: ipsByNetwork(record),
    hasPersistentDisk,
  };
}

/**
 * The store's instance as change planning sees it, with the agent's `job_state` when asked.
 * An instance whose first update never finished has no applied facts; its VM's stemcell
 * (`vmStemcell`) and cloud properties stand in for them, as BOSH compares those against the VM,
 * so the next deploy updates it in place instead of recreating it.
 */
export function actualInstanceOf(
  record: InstanceRecord,
  hasPersistentDisk: boolean,
  jobState: ActualInstance['jobState'],
  vmStemcell?: { readonly name: string; readonly version: string },
): ActualInstance {
  const vmFacts =
    record.appliedFacts === null && record.vm !== undefined && vmStemcell !== undefined
      ? ({ stemcell: vmStemcell, cloudProperties: record.vm.cloudProperties } as Partial<InstanceFacts>)
      : null;
  return {
    ...existingInstanceOf(record, hasPersistentDisk),
    vmCid: record.vm?.cid ?? null,
    isUpdateCompleted: record.isUpdateCompleted,
    state: record.state,
    ...(jobState === undefined ? {} : { jobState }),
    // The planner reads applied facts as partial (`detectChanges`): what is missing counts as changed.
    applied: (record.appliedFacts ?? vmFacts) as unknown as InstanceFacts | null,
  };
}

/**
 * Asks every instance's agent for its `job_state`, all at once, each within `timeoutMs`.
 * An agent that does not answer is `unresponsive` (the planner recreates its VM, §5.4).
 */
export async function probeJobStates(
  records: readonly InstanceRecord[],
  vms: VmFactory,
  timeoutMs = 5_000,
): Promise<Map<string, ActualInstance['jobState']>> {
  const states = new Map<string, ActualInstance['jobState']>();
  await Promise.all(
    records.map(async (record) => {
      if (record.vm === undefined) return;
      const agent = vms.agentFor(record.vm, `${record.instanceGroup}/${record.uuid} (${record.index})`, timeoutMs);
      try {
        const state = (await agent.call('get_state')) as { job_state?: unknown } | null;
        const jobState = typeof state?.job_state === 'string' ? state.job_state : '';
        states.set(record.uuid, (JOB_STATES.has(jobState) ? jobState : 'failing') as ActualInstance['jobState']);
      } catch {
        states.set(record.uuid, 'unresponsive');
      }
    }),
  );
  return states;
}
