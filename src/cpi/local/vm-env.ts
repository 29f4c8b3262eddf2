import { z } from 'zod';

/**
 * The part of `create_vm`'s `environment` the local CPI reads, under the key `bosun`
 * (BOSH's own `bosh` key is left to the agent):
 *
 * ```yaml
 * bosun:
 *   agent_command: [/usr/bin/node, /opt/bosun/bin/bosun.js, agent, --config, /var/vcap/bosh/agent.json]
 *   agent_config: {agent_id: ..., listen: 0.0.0.0:6868, credentials: {user: ..., password: ...}, ...}
 *   agent_env: {NODE_OPTIONS: --max-old-space-size=256}
 *   hostname: web-0
 * ```
 *
 * - `agent_command` (required): the VM's first process, PID 1 of its PID namespace, started
 *   with `/` as working directory and an environment of `PATH`, `HOME=/root`, `BOSUN_VM_CID`,
 *   `BOSUN_AGENT_ID`, `BOSUN_AGENT_SETTINGS` and, with `agent_config`, `BOSUN_AGENT_CONFIG`,
 *   plus `agent_env`. Paths are host paths: the sandbox shares the host's filesystem except
 *   `/var/vcap`.
 * - `agent_config`: written as JSON, mode 0600, to `/var/vcap/bosh/agent.json` in the VM
 *   (credentials of the VM's agent travel here; they are redacted from CPI debug logs).
 * - `hostname`: the VM's hostname; the agent ID when omitted.
 *
 * The CPI also writes BOSH-style agent settings (`agent_id`, `vm.name`, `networks` with the
 * addresses chosen, `disks.persistent`, `env`) to `/var/vcap/bosh/settings.json`, mode 0600,
 * and updates `disks.persistent` on attach and detach.
 */
export const vmEnvSchema = z.object({
  bosun: z.object({
    agent_command: z.array(z.string().min(1)).min(1),
    agent_config: z.record(z.string(), z.unknown()).optional(),
    agent_env: z.record(z.string(), z.string()).default({}),
    hostname: z
      .string()
      .regex(
        /^[A-Za-z0-9]([A-Za-z0-9.-]{0,62})$/,
        'must be a hostname of at most 63 letters, digits, dots and dashes',
      )
      .optional(),
  }),
});
export type VmEnv = z.infer<typeof vmEnvSchema>;

/** Where the VM finds its files, inside the VM. */
export const VM_AGENT_CONFIG_PATH = '/var/vcap/bosh/agent.json';
export const VM_SETTINGS_PATH = '/var/vcap/bosh/settings.json';
/** Where the first attached persistent disk is mounted; a second goes to the migration target. */
export const VM_STORE_PATH = '/var/vcap/store';
export const VM_MIGRATION_STORE_PATH = '/var/vcap/store_migration_target';
