import { writeInstanceHealth } from '../instance-health.js';
import type { AgentAction } from '../rpc/index.js';
import type { AgentContext } from './agent-context.js';

/** `stop` (async) → `"stopped"`: StopAndWait (§3.5). */
export function stopAction(context: AgentContext): AgentAction {
  return {
    name: 'stop',
    kind: 'async',
    run: async (_args, signal) => {
      await context.supervisor.stop(signal);
      await writeInstanceHealth(context.paths, await context.supervisor.jobState());
      return 'stopped';
    },
  };
}
