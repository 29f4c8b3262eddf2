import type { AgentAction } from '../rpc/index.js';
import type { AgentContext } from './agent-context.js';

/** `prepare [apply_spec]` (async) → `"prepared"`: download and install jobs and packages, no restart (§7.2, §4.2 step 2). */
export function prepareAction(context: AgentContext): AgentAction {
  return {
    name: 'prepare',
    kind: 'async',
    run: async (args, signal) => {
      await context.applier.prepare(args[0], signal);
      return 'prepared';
    },
  };
}
