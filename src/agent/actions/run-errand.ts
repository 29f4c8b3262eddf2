import { jobsOfApplySpec } from '../../protocol/index.js';
import { runErrand } from '../hooks/index.js';
import type { AgentAction } from '../rpc/index.js';
import type { AgentContext } from './agent-context.js';

/** `run_errand [] | [job]` (async, cancellable) → `{exit_code, stdout, stderr}` (§4.8). */
export function runErrandAction(context: AgentContext): AgentAction {
  return {
    name: 'run_errand',
    kind: 'async-cancellable',
    run: async (args, signal) => {
      const spec = await context.applier.currentSpec();
      const errandName = typeof args[0] === 'string' ? args[0] : undefined;
      return runErrand({
        paths: context.paths,
        jobNames: jobsOfApplySpec(spec).map((job) => job.name),
        ...(errandName === undefined ? {} : { errandName }),
        baseEnv: context.baseEnv,
        signal,
        clock: context.clock,
      });
    },
  };
}
