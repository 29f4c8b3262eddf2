// One instance through a deploy (reference §4.2), as the executor drives it:
//
//   dirty ─▶ archive to blobstore ─▶ [prepare] ─▶ [stop hooks] ─▶ [new VM] ─▶ apply ─▶ start hooks ─▶ clean
//                                      kept VM    was running     recreate     └ target stopped: apply only
//   Any failure leaves the instance dirty (update_completed = false): the next deploy updates it again.
//
import type { Clock } from '../../base/index.js';
import type { WatchTime } from '../../manifest/index.js';
import type { Blobstore } from '../blobstore/index.js';
import type { InstanceFacts, InstancePlan } from '../planning/index.js';
import type { DirectorStore, InstanceRecord, JsonObject } from '../store/index.js';
import { instanceFailure } from './deploy-failure.js';
import type { InstanceTarget } from './instance-agent.js';
import { startInstance, stopInstance } from './instance-lifecycle.js';
import { applySpecOf, type InstanceSpecInput } from './instance-spec.js';
import { ensurePersistentDisk } from './persistent-disk.js';
import { fetchStartOutput } from './start-output.js';
import type { VmFactory, VmRequest } from './vm-factory.js';

/** What every instance update shares. */
export interface UpdateContext {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  readonly vms: VmFactory;
  readonly clock: Clock;
  readonly signal?: AbortSignal | undefined;
  readonly debug: (message: string) => void;
}

/** One desired instance, ready to be updated. */
export interface InstanceUpdate {
  readonly name: string;
  readonly plan: InstancePlan;
  readonly spec: InstanceSpecInput;
  readonly facts: InstanceFacts;
  /** The rendered templates archive (§2.7 step 5). */
  readonly archive: Buffer;
  /** How to create its VM when it needs a new one. */
  readonly vmRequest: VmRequest;
}

/** Creates the VM of an instance that has none (the setup stage) and makes it the active one. */
export async function createInstanceVm(ctx: UpdateContext, record: InstanceRecord, request: VmRequest): Promise<InstanceRecord> {
  const vm = await ctx.vms.createVm(request);
  ctx.store.vms.activate(vm.record.id);
  return ctx.store.instances.findById(record.id)!;
}

/**
 * Updates one instance per its plan; `report` receives each step for the event log. Throws
 * BosunError `INSTANCE_UPDATE_FAILED` with BOSH's message and the instance, step and hook
 * output (see `instanceFailure`).
 */
export async function updateInstance(
  ctx: UpdateContext,
  update: InstanceUpdate,
  watch: WatchTime,
  report: (step: string) => void = () => undefined,
): Promise<void> {
  const { plan } = update;
  let record = ctx.store.instances.findByUuid(plan.id)!;
  let step = 'preparing';
  const tracked = (s: string): void => {
    step = s;
    report(s);
  };
  ctx.store.instances.update(record.id, { isUpdateCompleted: false });
  try {
    const blob = await ctx.blobstore.put(update.archive, ctx.signal);
    const archiveRef = { blobstoreId: blob.blobstoreId, sha1: blob.sha1 };
    const applySpec = applySpecOf(update.spec, archiveRef);
    if (plan.update !== 'minimal') {
      let vm = record.vm;
      if (vm !== undefined && plan.update === 'full') {
        tracked('preparing');
        await targetOf(ctx, update.name, vm).agent.run('prepare', [applySpec], ctx.signal);
      }
      if (vm !== undefined && plan.stop !== null) {
        await stopInstance(targetOf(ctx, update.name, vm), plan.stop, applySpec, tracked, ctx.signal);
      }
      if (vm !== undefined && plan.update === 'recreate') {
        tracked('deleting VM');
        await ctx.vms.deleteVm(vm, ctx.signal);
        vm = undefined;
      }
      if (vm === undefined) {
        tracked('creating VM');
        record = await createInstanceVm(ctx, record, { ...update.vmRequest, signal: ctx.signal });
        vm = record.vm!;
      }
      if (plan.targetState !== 'detached') {
        tracked('attaching disks');
        await ensurePersistentDisk(ctx.vms.cpi, ctx.store, record, vm, update.facts.persistentDisk, ctx.signal);
      }
      const target = targetOf(ctx, update.name, vm);
      if (plan.targetState === 'started') {
        await startInstance(target, applySpec, watch, ctx.clock, tracked, ctx.signal);
      } else {
        tracked('applying');
        await target.agent.run('apply', [applySpec], ctx.signal);
      }
    }
    ctx.store.instances.update(record.id, {
      isUpdateCompleted: true,
      spec: applySpec as JsonObject,
      appliedFacts: update.facts as unknown as JsonObject,
      configurationHash: update.spec.configurationHash,
      renderedTemplates: archiveRef,
      ips: Object.values(update.spec.placement.networks).flatMap((n) => (n.ip === undefined ? [] : [n.ip])),
      state: plan.targetState,
    });
  } catch (e) {
    if (isNotRunning(e) && record.vm !== undefined) {
      const failing = e.processes.filter((p) => p.state !== 'running').map((p) => p.name);
      const agent = targetOf(ctx, update.name, ctx.store.instances.findById(record.id)?.vm ?? record.vm).agent;
      Object.assign(e, { startOutput: await fetchStartOutput(agent, ctx.blobstore, failing, ctx.signal) });
    }
    throw instanceFailure(update.name, step, e);
  }
}

function isNotRunning(e: unknown): e is Error & { processes: Array<{ name: string; state: string }> } {
  return e instanceof Error && Array.isArray((e as { processes?: unknown }).processes);
}

/**
 * Deletes an instance (scale-in, a dropped group, delete-deployment): stop with the plan's
 * delete intent (§4.4), delete its VMs and disks, forget it. With `force` errors of the
 * stop and the CPI are logged and ignored.
 */
export async function deleteInstance(
  ctx: UpdateContext,
  plan: InstancePlan,
  name: string,
  force: boolean,
  report: (step: string) => void = () => undefined,
): Promise<void> {
  const record = ctx.store.instances.findByUuid(plan.id);
  if (record === undefined) return;
  let step = 'stopping';
  const tracked = (s: string): void => {
    step = s;
    report(s);
  };
  const tolerate = async (what: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      if (!force) throw instanceFailure(name, step, e);
      ctx.debug(`${name}: ignoring failure of ${what} (--force): ${String(e instanceof Error ? e.message : e)}`);
    }
  };
  if (record.vm !== undefined && plan.stop !== null) {
    const target = targetOf(ctx, name, record.vm);
    await tolerate('stop', () => stopInstance(target, plan.stop!, null, tracked, ctx.signal));
  }
  for (const vm of ctx.store.vms.listByInstance(record.id)) {
    tracked('deleting VM');
    await tolerate('delete_vm', () => ctx.vms.deleteVm(vm, ctx.signal));
    if (force) ctx.store.vms.delete(vm.cid);
  }
  for (const disk of ctx.store.disks.listByInstance(record.id)) {
    tracked('deleting disk');
    await tolerate('delete_disk', () => ctx.vms.deleteDisk(disk.cid, ctx.signal));
    if (force) ctx.store.disks.delete(disk.cid);
  }
  if (ctx.store.vms.listByInstance(record.id).length === 0) ctx.store.instances.delete(record.id);
}

/** The agent of an instance's VM, by role. */
export function targetOf(ctx: UpdateContext, name: string, vm: NonNullable<InstanceRecord['vm']>): InstanceTarget {
  return { name, agent: ctx.vms.agentFor(vm, name) };
}
