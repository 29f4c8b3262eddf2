export type { InstanceAgent, InstanceTarget } from './instance-agent.js';
export { waitForRunning } from './wait-for-running.js';
export { stopInstance, startInstance, type StepReporter } from './instance-lifecycle.js';
export { runPostDeploy, type PostDeployOutcome } from './run-post-deploy.js';
