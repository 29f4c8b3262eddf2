import { BosunError } from '../../base/index.js';
import { formatDeploymentRenderErrors, formatInstanceGroupErrors } from '../../templates/index.js';

/** Why one instance group failed to render: its first failing instance and each job's error. */
export interface InstanceGroupRenderFailure {
  readonly instanceGroup: string;
  /** `<ig>/<uuid> (<index>)`. */
  readonly instance: string;
  /** The jobs that failed, in manifest order, with what they threw (TemplateRenderError ...). */
  readonly jobs: ReadonlyArray<{ readonly job: string; readonly error: BosunError }>;
}

/**
 * Rendering failed for one or more instance groups. `message` is BOSH's deployment-level text
 * (reference §2.8): `Unable to render instance groups for deployment. Errors are:`, then per
 * group `- Unable to render jobs for instance group '<ig>'. Errors are:` and its jobs' messages,
 * each level indented by 2. `failures` keeps the errors behind it for the debug log.
 */
export class DeploymentRenderError extends BosunError {
  constructor(readonly failures: readonly InstanceGroupRenderFailure[]) {
    super(
      'TEMPLATE_RENDER_FAILED',
      formatDeploymentRenderErrors(
        failures.map((f) =>
          formatInstanceGroupErrors(
            f.instanceGroup,
            f.jobs.map((j) => j.error.message.trim()),
          ),
        ),
      ),
      { cause: failures[0]?.jobs[0]?.error },
    );
  }
}
