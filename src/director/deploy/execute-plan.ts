import { BosunError, type Clock } from '../../base/index.js';
import type { UpdateConfig } from '../../manifest/index.js';
import type { Blobstore } from '../blobstore/index.js';
import {
  instanceName,
  type DeploymentPlan,
  type InstanceFacts,
  type InstanceGroupPlan,
  type InstancePlan,
} from '../planning/index.js';
import type { DirectorStore } from '../store/index.js';
import type { TaskEventLog } from '../tasks/index.js';
import { instanceFailure } from './deploy-failure.js';
import type { InstanceSpecInput } from './instance-spec.js';
import { runPool } from './run-pool.js';
import { runPostDeploy } from './run-post-deploy.js';
import { createInstanceVm, deleteInstance, targetOf, updateInstance, type UpdateContext } from './update-instance.js';
import type { VmFactory, VmRequest } from './vm-factory.js';

/** A desired instance with all the executor needs to update it. */
export interface PlannedInstance {
  readonly name: string;
  readonly spec: InstanceSpecInput;
  readonly facts: InstanceFacts;
  readonly archive: Buffer;
  readonly groupUpdate: UpdateConfig;
  /** `instanceId` is filled in by the executor once the instance is recorded. */
  readonly vmRequest: VmRequest;
}

export interface ExecuteDependencies {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  readonly vms: VmFactory;
  readonly clock: Clock;
  readonly enablePostDeploy: boolean;
  readonly maxThreads: number;
}

export interface ExecuteTaskContext {
  readonly events: TaskEventLog;
  readonly debug: (message: string) => void;
  readonly signal: AbortSignal;
}

/**
 * Walks a deployment plan (DESIGN decision 10; reference §4.2, §5.2, §5.3): records new
 * instances, deletes instances of dropped groups, creates missing VMs in parallel, updates
 * groups stage by stage (canaries first, then the rest, `max_in_flight` at a time), then runs
 * post-deploy on every instance when anything changed and the Director allows it.
 */
export async function executeDeploymentPlan(
  deps: ExecuteDependencies,
  plan: DeploymentPlan,
  planned: ReadonlyMap<string, PlannedInstance>,
  task: ExecuteTaskContext,
): Promise<void> {
  const { store } = deps;
  const ctx: UpdateContext = { ...deps, signal: task.signal, debug: task.debug };
  recordInstances(store, plan);
  const requestOf = (id: string): VmRequest => {
    const p = planned.get(id)!;
    return { ...p.vmRequest, instanceId: store.instances.findByUuid(id)!.id, signal: task.signal };
  };

  if (plan.removedInstances.length > 0) {
    const stage = task.events.beginStage('Deleting unneeded instances', plan.removedInstances.length);
    await runPool(plan.removedInstances, deps.maxThreads, (p) =>
      stage.track(instanceName(p), () =>
        deleteInstance(ctx, p, instanceName(p), false, (s) => task.debug(`${instanceName(p)}: ${s}`)),
      ),
    );
  }
  if (plan.vmsToCreate.length > 0) {
    const stage = task.events.beginStage('Creating missing vms', plan.vmsToCreate.length);
    await runPool(plan.vmsToCreate, deps.maxThreads, async (id) => {
      const p = planned.get(id)!;
      await stage.track(p.name, async () => {
        const record = store.instances.findByUuid(id)!;
        try {
          await createInstanceVm(ctx, record, requestOf(id));
        } catch (e) {
          throw instanceFailure(p.name, 'creating VM', e);
        }
      });
    });
  }
  for (const stage of plan.stages) {
    const groups = stage.groups.map((name) => plan.instanceGroups.find((g) => g.name === name)!);
    await runPool(groups, stage.serial ? 1 : groups.length, (group) =>
      updateGroup(ctx, group, planned, requestOf, task),
    );
  }
  if (plan.hasChanges) await runPostDeployStage(deps, ctx, plan.deployment, task);
}

/** New instances get their store record (dirty until their first update completes). */
function recordInstances(store: DirectorStore, plan: DeploymentPlan): void {
  for (const group of plan.instanceGroups) {
    for (const p of group.instances) {
      const record = store.instances.findByUuid(p.id);
      if (record === undefined) {
        store.instances.create({
          deploymentName: plan.deployment,
          instanceGroup: p.group,
          index: p.index,
          uuid: p.id,
          az: p.az,
          isBootstrap: p.isBootstrap,
          state: p.targetState,
        });
      } else if (record.isBootstrap !== p.isBootstrap || record.az !== p.az) {
        store.instances.update(record.id, { isBootstrap: p.isBootstrap, az: p.az });
      }
    }
  }
}

async function updateGroup(
  ctx: UpdateContext,
  group: InstanceGroupPlan,
  planned: ReadonlyMap<string, PlannedInstance>,
  requestOf: (id: string) => VmRequest,
  task: ExecuteTaskContext,
): Promise<void> {
  if (!group.hasChanges) return;
  const total = group.deletes.instances.length + group.batches.reduce((n, b) => n + b.canaries.length + b.others.length, 0);
  const stage = task.events.beginStage(`Updating instance ${group.name}`, total);
  await runPool(group.deletes.instances, group.deletes.maxInFlight, (p) =>
    stage.track(instanceName(p), () =>
      deleteInstance(ctx, p, instanceName(p), false, (s) => task.debug(`${instanceName(p)}: ${s}`)),
    ),
  );
  const plans = new Map<string, InstancePlan>(group.instances.map((p) => [p.id, p]));
  for (const batch of group.batches) {
    const run = (id: string, isCanary: boolean): Promise<void> => {
      const p = planned.get(id)!;
      const label = isCanary ? `${p.name} (canary)` : p.name;
      const watch = isCanary ? p.groupUpdate.canary_watch_time : p.groupUpdate.update_watch_time;
      return stage.track(label, () =>
        updateInstance(ctx, { ...p, plan: plans.get(id)!, vmRequest: requestOf(id) }, watch, (s) =>
          task.debug(`${label}: ${s}`),
        ),
      );
    };
    await runPool(batch.canaries, batch.maxInFlight, (id) => run(id, true));
    await runPool(batch.others, batch.maxInFlight, (id) => run(id, false));
  }
}

/**
 * Post-deploy (reference §4.2 step 9) on every instance of the deployment that has a VM, in
 * parallel up to `max_threads`, only when `director.enable_post_deploy` is on (the seed's
 * switch; the task log says when it is off). Every instance runs even when one fails; then
 * the deploy fails with the first failure.
 */
async function runPostDeployStage(
  deps: ExecuteDependencies,
  ctx: UpdateContext,
  deployment: string,
  task: ExecuteTaskContext,
): Promise<void> {
  if (!deps.enablePostDeploy) {
    task.events.warn(
      "Skipping post-deploy scripts: the Director's 'director.enable_post_deploy' is false (set it to true in the Director config to run them)",
    );
    return;
  }
  const records = deps.store.instances.listByDeployment(deployment).filter((r) => r.vm !== undefined);
  if (records.length === 0) return;
  const stage = task.events.beginStage('Running post-deploy scripts', records.length);
  const targets = records.map((record) => {
    const target = targetOf(ctx, `${record.instanceGroup}/${record.uuid} (${record.index})`, record.vm!);
    return {
      name: target.name,
      agent: {
        call: target.agent.call.bind(target.agent),
        run: (method: string, args: readonly unknown[], signal?: AbortSignal) =>
          stage.track(target.name, () => target.agent.run(method, args, signal)),
      },
    };
  });
  const outcomes = await runPostDeploy(targets, deps.maxThreads, task.signal);
  const failures = outcomes.flatMap((o) =>
    o.error === undefined ? [] : [instanceFailure(o.instance, 'executing post-deploy', o.error)],
  );
  const [first] = failures;
  if (first !== undefined) {
    if (failures.length === 1) throw first;
    throw new BosunError(
      'INSTANCE_UPDATE_FAILED',
      failures.map((f) => (f instanceof Error ? f.message : String(f))).join('\n'),
      { cause: first },
    );
  }
}
