import { BosunError } from '../../base/index.js';
import { jobsOfApplySpec } from '../../protocol/index.js';
import { runJobScripts } from '../hooks/index.js';
import type { AgentAction } from '../rpc/index.js';
import { objectArg, stringArg } from './action-args.js';
import type { AgentContext } from './agent-context.js';

/**
 * `run_script [name, {env}]` (async) → `{}` (§4.3): the named hook of every job of the
 * current spec, in parallel. Only hook names are accepted, so the Director cannot run an
 * arbitrary `bin/` file through it.
 */
export function runScriptAction(context: AgentContext): AgentAction {
  return {
    name: 'run_script',
    kind: 'async',
    run: async (args, signal) => {
      const scriptName = stringArg('run_script', args, 0, 'script name');
      if (!HOOK_SCRIPTS.has(scriptName)) {
        throw new BosunError('HOOK_UNKNOWN', `Unknown script '${scriptName}'; expected one of ${[...HOOK_SCRIPTS].join(', ')}`);
      }
      const options = objectArg('run_script', args, 1, 'options', true);
      const env = parseEnv(options['env']);
      const spec = await context.applier.currentSpec();
      const jobNames = jobsOfApplySpec(spec).map((job) => job.name);
      await runJobScripts({ paths: context.paths, jobNames, scriptName, env, baseEnv: context.baseEnv, signal, clock: context.clock });
      return {};
    },
  };
}

const HOOK_SCRIPTS = new Set(['pre-start', 'post-start', 'post-deploy', 'pre-stop', 'post-stop']);

function parseEnv(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new BosunError('AGENT_ARGUMENTS_INVALID', 'run_script: options.env must be an object of strings');
  }
  const env: Record<string, string> = {};
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new BosunError('AGENT_ARGUMENTS_INVALID', `run_script: options.env.${name} must be a string`);
    env[name] = v;
  }
  return env;
}
