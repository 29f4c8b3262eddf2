export {
  instanceName,
  type ExistingInstance,
  type InstanceNetworkSettings,
  type InstancePlacement,
  type PlacedInstance,
  type PlanInstancesOptions,
} from './instance-placement.js';
export { electBootstrap, planAllInstances, planInstances } from './plan-instances.js';
export { PLACEMENT_FAILED } from './place-by-static-ips.js';
export { IP_RESERVATION_FAILED } from './network-settings.js';
export {
  INSTANCE_CHANGES,
  type ActualInstance,
  type DeploymentPlan,
  type DeployOptions,
  type DesiredDeployment,
  type DesiredInstance,
  type DesiredInstanceGroup,
  type InstanceChange,
  type InstanceFacts,
  type InstanceGroupPlan,
  type InstancePlan,
  type InstanceUpdate,
  type StopIntent,
  type StopPlan,
  type UpdateBatch,
  type UpdateStage,
} from './deployment-plan.js';
export { planDeleteDeployment, planDeployment } from './plan-deployment.js';
export { detectChanges, isSame, needsShuttingDown, targetStateOf, updateKindOf } from './detect-changes.js';
export { planStop, preStopEnv } from './plan-stop.js';
export { planBatches, planStages, sortForUpdate } from './plan-batches.js';
export { compilationNetworkSettings } from './compilation-network.js';
