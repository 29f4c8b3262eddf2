import type { AgentAction } from '../rpc/index.js';
import { readVitals } from '../vitals.js';
import type { AgentContext } from './agent-context.js';

/**
 * `get_state [] | ["full"]` (sync, §7.2): the persisted apply spec plus `agent_id`,
 * `job_state` (§3.4), `processes` (§3.5), `vm` and, with "full", `vitals`. Empty
 * `networks`, `packages` and `resource_pool` are `{}`. Beyond BOSH, `problems` lists the
 * job monit files that did not parse, so the Director can say why a job is failing.
 */
export function getStateAction(context: AgentContext): AgentAction {
  return {
    name: 'get_state',
    kind: 'sync',
    run: async (args) => {
      const spec = await context.applier.currentSpec();
      const state: Record<string, unknown> = {
        ...spec,
        networks: spec.networks ?? {},
        packages: spec.packages ?? {},
        resource_pool: (spec as { resource_pool?: unknown }).resource_pool ?? {},
        agent_id: context.agentId,
        job_state: await context.supervisor.jobState(),
        processes: await context.supervisor.processes(),
        vm: { name: context.vmName },
      };
      const problems = context.supervisor.problems();
      if (problems.length > 0) state['problems'] = problems;
      if (args[0] === 'full') state['vitals'] = await readVitals(context.paths);
      return state;
    },
  };
}
