export type { InstanceAgent, InstanceTarget } from './instance-agent.js';
export { waitForRunning } from './wait-for-running.js';
export { stopInstance, startInstance, type StepReporter } from './instance-lifecycle.js';
export { AGENT_PORT, VmFactory, agentIpOf, type VmFactoryOptions, type VmRequest, type ReadyVm } from './vm-factory.js';
export { DeploymentOperations, type DeploymentOperationsOptions } from './deployment-operations.js';
export type { DeployRequest, DeployDependencies } from './deploy-deployment.js';
export type { DeleteDeploymentRequest } from './delete-deployment.js';
export type { FetchLogsRequest } from './fetch-deployment-logs.js';
export { runPool } from './run-pool.js';
