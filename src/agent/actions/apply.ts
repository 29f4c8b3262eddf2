import type { AgentAction } from '../rpc/index.js';
import type { AgentContext } from './agent-context.js';

/**
 * `apply [apply_spec]` (async) → `"applied"` (§7.2, §3.2): with a configuration hash, the job
 * monitrc files go (nothing is supervised until `start`), jobs and packages are installed and
 * enabled and unused ones removed; the spec is always persisted with the instance files.
 */
export function applyAction(context: AgentContext): AgentAction {
  return {
    name: 'apply',
    kind: 'async',
    run: async (args, signal) => {
      const raw = args[0];
      if (hasConfigurationHash(raw)) {
        await context.supervisor.removeJobMonitFiles();
      }
      const spec = await context.applier.apply(raw, signal);
      context.logRotation.configure(spec);
      return 'applied';
    },
  };
}

function hasConfigurationHash(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const hash = (raw as { configuration_hash?: unknown }).configuration_hash;
  return typeof hash === 'string' && hash !== '';
}
