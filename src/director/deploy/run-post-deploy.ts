import type { InstanceTarget } from './instance-agent.js';

/** What happened to post-deploy on one instance. */
export interface PostDeployOutcome {
  readonly instance: string;
  readonly error?: unknown;
}

/**
 * Runs `run_script("post-deploy", {})` on every instance of the deployment in parallel, at
 * most `maxThreads` at a time (reference §4.2 step 9). Every instance runs even when one
 * fails; the caller fails the deploy with the first error.
 */
export async function runPostDeploy(targets: readonly InstanceTarget[], maxThreads: number, signal?: AbortSignal): Promise<PostDeployOutcome[]> {
  const outcomes: PostDeployOutcome[] = new Array<PostDeployOutcome>(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const i = next;
      next += 1;
      const target = targets[i];
      if (target === undefined) continue;
      try {
        await target.agent.run('run_script', ['post-deploy', {}], signal);
        outcomes[i] = { instance: target.name };
      } catch (error) {
        outcomes[i] = { instance: target.name, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(maxThreads, targets.length)) }, worker));
  return outcomes;
}
