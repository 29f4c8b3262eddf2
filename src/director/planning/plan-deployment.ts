import { applyUpdateOverrides, parseMaxInFlight } from '../../manifest/index.js';
import type {
  ActualInstance,
  DeploymentPlan,
  DeployOptions,
  DesiredDeployment,
  DesiredInstance,
  DesiredInstanceGroup,
  InstanceGroupPlan,
  InstancePlan,
} from './deployment-plan.js';
import { detectChanges, needsShuttingDown, targetStateOf, updateKindOf } from './detect-changes.js';
import { planBatches, planStages, sortForUpdate } from './plan-batches.js';
import { planStop } from './plan-stop.js';

/**
 * Plans a deploy as data (DESIGN decision 10; reference §4.2, §5): for every instance
 * whether it is created, kept or deleted, what changed and so how it is updated, how it is
 * stopped (drain type, pre-stop environment), and the order: per group, deletes then AZ
 * batches with canaries and max_in_flight; across groups, serial stages. Pure: `desired`
 * comes from the manifest, `planInstances` and rendering; `actual` from the store (every
 * instance of the deployment). Throws BosunError `UPDATE_AMOUNT_INVALID` for bad
 * `--canaries` / `--max-in-flight` values.
 */
export function planDeployment(
  desired: DesiredDeployment,
  actual: readonly ActualInstance[],
): DeploymentPlan {
  const options = desired.options ?? {};
  const byId = new Map(actual.map((a) => [a.id, a]));
  const wantedIds = new Set(desired.instanceGroups.flatMap((g) => g.instances.map((i) => i.id)));
  const groupNames = new Set(desired.instanceGroups.map((g) => g.name));
  const obsolete = actual.filter((a) => !wantedIds.has(a.id));
  const groups = desired.instanceGroups.map((group) =>
    planGroup(
      group,
      byId,
      obsolete.filter((a) => a.group === group.name),
      options,
    ),
  );
  const removedInstances = obsolete
    .filter((a) => !groupNames.has(a.group))
    .map((a) => deletePlan(a, options));
  const vmsToCreate = desired.instanceGroups
    .filter((g) => g.lifecycle === 'service')
    .flatMap((g) => g.instances)
    .filter((i) => targetStateOf(i) !== 'detached' && (byId.get(i.id)?.vmCid ?? null) === null)
    .map((i) => i.id);
  const vmsToDelete = obsolete.flatMap((a) =>
    a.vmCid === null ? [] : [{ instanceId: a.id, vmCid: a.vmCid }],
  );
  return {
    deployment: desired.name,
    instanceGroups: groups,
    removedInstances,
    stages: planStages(groups),
    vmsToCreate,
    vmsToDelete,
    hasChanges: removedInstances.length > 0 || groups.some((g) => g.hasChanges),
  };
}

function planGroup(
  group: DesiredInstanceGroup,
  byId: ReadonlyMap<string, ActualInstance>,
  obsolete: readonly ActualInstance[],
  options: DeployOptions,
): InstanceGroupPlan {
  const update = applyUpdateOverrides(group.update, {
    canaries: options.canaries,
    maxInFlight: options.maxInFlight,
  });
  const instances = sortForUpdate(group.instances.map((i) => instancePlan(i, byId.get(i.id), options)));
  const hasVm = group.instances.some((i) => (byId.get(i.id)?.vmCid ?? null) !== null);
  const toUpdate =
    group.lifecycle === 'errand' ? (hasVm ? instances : []) : instances.filter((i) => i.update !== 'none');
  const deletes = [...obsolete].sort((a, b) => a.index - b.index).map((a) => deletePlan(a, options));
  return {
    name: group.name,
    lifecycle: group.lifecycle,
    serial: update.serial,
    instances,
    deletes: { instances: deletes, maxInFlight: parseMaxInFlight(update.max_in_flight, deletes.length) },
    batches: planBatches(toUpdate, {
      canaries: update.canaries,
      maxInFlight: update.max_in_flight,
      isAzParallel:
        update.initial_deploy_az_update_strategy === 'parallel' &&
        toUpdate.every((i) => i.update === 'create'),
    }),
    hasChanges: deletes.length > 0 || toUpdate.length > 0,
  };
}

function instancePlan(
  desired: DesiredInstance,
  actual: ActualInstance | undefined,
  options: DeployOptions,
): InstancePlan {
  const targetState = targetStateOf(desired);
  const changes = actual === undefined ? [] : detectChanges(desired, actual, options);
  const update = actual === undefined ? 'create' : updateKindOf(changes);
  return {
    id: desired.id,
    group: desired.group,
    index: desired.index,
    az: desired.az,
    isBootstrap: desired.isBootstrap,
    update,
    changes,
    needsShuttingDown: needsShuttingDown(changes),
    targetState,
    stop: planStop(actual, {
      update,
      changes,
      targetState,
      isDrainSkipped: isDrainSkipped(desired.group, options),
    }),
    vmCid: actual?.vmCid ?? null,
  };
}

function deletePlan(
  actual: ActualInstance,
  options: DeployOptions,
  isDeploymentDeleted = false,
): InstancePlan {
  return {
    id: actual.id,
    group: actual.group,
    index: actual.index,
    az: actual.az,
    isBootstrap: actual.isBootstrap,
    update: 'delete',
    changes: [],
    needsShuttingDown: true,
    targetState: 'detached',
    stop: planStop(actual, {
      update: 'delete',
      changes: [],
      targetState: 'detached',
      isDeploymentDeleted,
      isDrainSkipped: isDrainSkipped(actual.group, options),
    }),
    vmCid: actual.vmCid,
  };
}

/**
 * `delete-deployment`: every instance is stopped with the `delete_deployment` intent
 * (reference §4.4), then its VM and disks are deleted. Lowest index first per group.
 */
export function planDeleteDeployment(
  actual: readonly ActualInstance[],
  options: Pick<DeployOptions, 'skipDrain'> = {},
): InstancePlan[] {
  return [...actual]
    .sort((a, b) => (a.group === b.group ? a.index - b.index : a.group < b.group ? -1 : 1))
    .map((a) => deletePlan(a, options, true));
}

function isDrainSkipped(group: string, options: DeployOptions): boolean {
  const skip = options.skipDrain;
  return skip === '*' || (skip !== undefined && skip.includes(group));
}
