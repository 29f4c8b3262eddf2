import { applySpecSchema, formatSchemaIssues, jobsOfApplySpec, type ApplySpec } from '../../protocol/index.js';
import { BosunError } from '../../base/index.js';
import { computeDrainParams, runDrainScripts } from '../hooks/index.js';
import { writeInstanceHealth } from '../instance-health.js';
import type { AgentAction } from '../rpc/index.js';
import { stringArg } from './action-args.js';
import type { AgentContext } from './agent-context.js';

/**
 * `drain [type, new_spec?]` (async, cancellable) → `0` (§4.5): parameters from the current
 * and next spec, unmonitor every vcap service, then every job's drain loop in parallel.
 */
export function drainAction(context: AgentContext): AgentAction {
  return {
    name: 'drain',
    kind: 'async-cancellable',
    run: async (args, signal) => {
      const type = stringArg('drain', args, 0, 'drain type');
      const current = await context.applier.currentSpec();
      const next = args[1] === undefined || args[1] === null ? undefined : parseSpec(args[1]);
      const params = computeDrainParams(type, current, next);
      if (type === 'shutdown') context.log('drain: shutdown notification (no health monitor connected)');
      await context.supervisor.unmonitor();
      await writeInstanceHealth(context.paths, await context.supervisor.jobState());
      const jobNames = jobsOfApplySpec(current).map((job) => job.name);
      await runDrainScripts({ paths: context.paths, jobNames, params, baseEnv: context.baseEnv, signal, clock: context.clock });
      return 0;
    },
  };
}

function parseSpec(raw: unknown): ApplySpec {
  const parsed = applySpecSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BosunError('APPLY_SPEC_INVALID', `Drain: invalid apply spec: ${formatSchemaIssues(parsed.error).join('; ')}`);
  }
  return parsed.data;
}
