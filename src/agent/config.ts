import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BosunError, describeError } from '../base/index.js';
import { formatSchemaIssues } from '../protocol/index.js';
import { loadYaml, fromRubyValue } from '../yaml/index.js';

const listenSchema = z.union([
  z.string().regex(/^\//, 'a unix socket path must be absolute'),
  z.string().regex(/^[^:/]+:\d{1,5}$/, 'expected host:port or an absolute unix socket path'),
]);

/** `bosun agent --config FILE`: YAML or JSON, read once at start-up. */
export const agentConfigSchema = z.strictObject({
  agent_id: z.string().min(1),
  /** `host:port` or an absolute unix socket path. */
  listen: listenSchema,
  credentials: z.strictObject({ user: z.string().min(1), password: z.string().min(1) }),
  base_dir: z.string().regex(/^\//, 'must be an absolute path').default('/var/vcap'),
  blobstore: z.strictObject({
    provider: z.literal('local'),
    options: z.strictObject({ blobstore_path: z.string().regex(/^\//, 'must be an absolute path') }),
  }),
  /** The VM's name as the CPI knows it (`get_state`'s `vm.name`). */
  vm_name: z.string().optional(),
});
export type AgentConfig = z.infer<typeof agentConfigSchema>;

/** Reads and validates an agent config file; every problem is named with its path. */
export async function readAgentConfig(file: string): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new BosunError('AGENT_CONFIG_UNREADABLE', `Cannot read agent config ${file}: ${describeError(e)}`);
  }
  let raw: unknown;
  try {
    raw = fromRubyValue(loadYaml(text, file));
  } catch (e) {
    throw new BosunError('AGENT_CONFIG_INVALID', `Agent config ${file} is not valid YAML or JSON: ${describeError(e)}`);
  }
  const parsed = agentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BosunError('AGENT_CONFIG_INVALID', `Agent config ${file} is invalid:\n  ${formatSchemaIssues(parsed.error).join('\n  ')}`);
  }
  return parsed.data;
}
