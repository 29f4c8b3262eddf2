import type { InstanceView, VmView } from '../../protocol/index.js';
import { deleteDeployment, type DeleteDeploymentRequest } from './delete-deployment.js';
import { deployDeployment, type DeployDependencies, type DeployRequest } from './deploy-deployment.js';
import { describeInstances, describeVms } from './describe-instances.js';
import type { ExecuteTaskContext } from './execute-plan.js';
import { fetchDeploymentLogs, type FetchLogsRequest } from './fetch-deployment-logs.js';

export interface DeploymentOperationsOptions extends DeployDependencies {
  /** Where log bundles are packed. */
  readonly workDir: string;
}

/** What the API does to deployments, wired once by the daemon. */
export class DeploymentOperations {
  constructor(private readonly deps: DeploymentOperationsOptions) {}

  /** The body of a deploy task. */
  deploy(request: DeployRequest, task: ExecuteTaskContext): Promise<string> {
    return deployDeployment(this.deps, request, task);
  }

  /** The body of a delete-deployment task. */
  delete(request: DeleteDeploymentRequest, task: ExecuteTaskContext): Promise<string> {
    return deleteDeployment(this.deps, request, task);
  }

  /** The body of a logs task. */
  fetchLogs(request: FetchLogsRequest, task: ExecuteTaskContext): Promise<string> {
    return fetchDeploymentLogs(this.deps, request, task);
  }

  /** Every instance with its agent's state. */
  instances(deployment: string): Promise<InstanceView[]> {
    return describeInstances(this.deps.store.instances.listByDeployment(deployment), this.deps.vms);
  }

  /** Every VM with its agent's state. */
  vms(deployment: string): Promise<VmView[]> {
    return describeVms(this.deps.store.instances.listByDeployment(deployment), this.deps.vms);
  }
}
