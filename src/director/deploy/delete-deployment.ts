import { BosunError } from '../../base/index.js';
import { instanceName, planDeleteDeployment } from '../planning/index.js';
import { actualInstanceOf } from './actual-instances.js';
import type { ExecuteDependencies, ExecuteTaskContext } from './execute-plan.js';
import { runPool } from './run-pool.js';
import { deleteInstance } from './update-instance.js';

/** `delete-deployment` flags. */
export interface DeleteDeploymentRequest {
  readonly name: string;
  /** `--force`: failures of hooks and of the CPI are logged and ignored. */
  readonly isForced: boolean;
}

/**
 * Deletes a deployment (reference §4.2 "Delete"): every instance is stopped with the
 * `delete_deployment` intent (pre-stop env §4.4, drain `shutdown`, stop, post-stop), then its
 * VMs and disks are deleted, `max_threads` instances at a time; then leftover VMs and the
 * deployment's record. Resolves with the task result.
 */
export async function deleteDeployment(
  deps: ExecuteDependencies,
  request: DeleteDeploymentRequest,
  task: ExecuteTaskContext,
): Promise<string> {
  const { store } = deps;
  if (store.deployments.find(request.name) === undefined) {
    throw new BosunError('DEPLOYMENT_NOT_FOUND', `Deployment '${request.name}' doesn't exist`);
  }
  const records = store.instances.listByDeployment(request.name);
  const plans = planDeleteDeployment(
    records.map((r) => actualInstanceOf(r, store.disks.listByInstance(r.id).length > 0, undefined)),
  );
  const ctx = { ...deps, signal: task.signal, debug: task.debug };
  if (plans.length > 0) {
    const stage = task.events.beginStage('Deleting instances', plans.length);
    await runPool(plans, deps.maxThreads, (p) =>
      stage.track(instanceName(p), () =>
        deleteInstance(ctx, p, instanceName(p), request.isForced, (s) => task.debug(`${instanceName(p)}: ${s}`)),
      ),
    );
  }
  const leftovers = store.vms.listByDeployment(request.name);
  if (leftovers.length > 0) {
    const stage = task.events.beginStage('Deleting leftover VMs', leftovers.length);
    for (const vm of leftovers) await stage.track(vm.cid, () => deps.vms.deleteVm(vm, task.signal));
  }
  const stage = task.events.beginStage('Deleting properties', 1);
  await stage.track('Destroying deployment', () => Promise.resolve(store.deployments.delete(request.name)));
  return `/deployments/${request.name}`;
}
