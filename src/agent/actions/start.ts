import { jobsOfApplySpec } from '../../protocol/index.js';
import { writeInstanceHealth } from '../instance-health.js';
import type { AgentAction } from '../rpc/index.js';
import type { AgentContext } from './agent-context.js';

/**
 * `start` (sync) → `"started"` (§7.2, §3.2, §3.5): writes the job monitrc files in BOSH's
 * order, reloads, starts every vcap service and removes the stopped marker. It does not wait
 * for `running`: the Director polls `get_state` (§4.6).
 */
export function startAction(context: AgentContext): AgentAction {
  return {
    name: 'start',
    kind: 'sync',
    run: async (_args, signal) => {
      const spec = await context.applier.currentSpec();
      await context.supervisor.writeJobMonitFiles(jobsOfApplySpec(spec).map((job) => job.name));
      await context.supervisor.start(signal);
      await writeInstanceHealth(context.paths, await context.supervisor.jobState());
      return 'started';
    },
  };
}
