export type { InstanceAgent, InstanceTarget } from './instance-agent.js';
export { waitForRunning } from './wait-for-running.js';
export { stopInstance, startInstance, type StepReporter } from './instance-lifecycle.js';
export { VmFactory, type VmFactoryOptions, type VmRequest } from './vm-factory.js';
export { DeploymentOperations, type DeploymentOperationsOptions } from './deployment-operations.js';
export type { DeployRequest } from './deploy-deployment.js';
