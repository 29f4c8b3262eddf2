/** The PATH every hook, drain and errand sees (reference §4.3, `pathenv.go`). */
export const HOOK_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * A hook's environment: the agent's own, then BOSH's PATH over it, then `overrides` (the
 * `env` option of run_script, or drain's BOSH_JOB_STATE) over that. Unset values are dropped.
 */
export function buildHookEnv(
  baseEnv: NodeJS.ProcessEnv,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(baseEnv)) {
    if (value !== undefined) env[name] = value;
  }
  env['PATH'] = HOOK_PATH;
  for (const [name, value] of Object.entries(overrides)) env[name] = value;
  return env;
}
