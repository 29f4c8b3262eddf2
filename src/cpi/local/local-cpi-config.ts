import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BosunError, describeError } from '../../base/index.js';
import { formatSchemaIssues } from '../../protocol/index.js';
import { fromRubyValue, loadYaml } from '../../yaml/index.js';
import { parseCidr, parseIpv4 } from './ipv4.js';

const absolutePath = z.string().regex(/^\//, 'must be an absolute path');
const ipv4 = z.string().refine((s) => isValid(() => parseIpv4(s)), 'expected an IPv4 address');
const cidr = z
  .string()
  .refine((s) => isValid(() => parseCidr(s)), 'expected a subnet in CIDR notation, like 10.244.0.0/24');

function isValid(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
}

/**
 * The local CPI's settings: the `bosun cpi local --config FILE` file (YAML or JSON) and the
 * Director config's local CPI section.
 */
export const localCpiConfigSchema = z.strictObject({
  /** Where stemcell, disk and VM records, VM directories and disks live. */
  cpi_dir: absolutePath,
  /** The bridge that VMs' interfaces join unless a network's cloud_properties name another. */
  bridge: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,15}$/, 'must be a network interface name (at most 15 characters)')
    .default('bosun0'),
  /** Addresses for networks of type `dynamic`. */
  dynamic_network: z
    .strictObject({ range: cidr, gateway: ipv4, reserved: z.array(ipv4).default([]) })
    .optional(),
  /** How long VM processes get between SIGTERM and SIGKILL on delete_vm and reboot_vm. */
  stop_grace_ms: z.number().int().nonnegative().default(10_000),
  /** How long a sandbox may take to be set up. */
  start_timeout_ms: z.number().int().positive().default(10_000),
  /** `PATH` of the VM's first process and of the commands the CPI runs. */
  path: z.string().default('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'),
});
export type LocalCpiConfig = z.infer<typeof localCpiConfigSchema>;

/** Validates a parsed config; `source` names it in messages. */
export function parseLocalCpiConfig(raw: unknown, source: string): LocalCpiConfig {
  const parsed = localCpiConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BosunError(
      'CPI_CONFIG_INVALID',
      `Local CPI config ${source} is invalid:\n  ${formatSchemaIssues(parsed.error).join('\n  ')}`,
    );
  }
  return parsed.data;
}

/** Reads and validates a local CPI config file (YAML or JSON). */
export async function readLocalCpiConfig(file: string): Promise<LocalCpiConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new BosunError(
      'CPI_CONFIG_UNREADABLE',
      `Cannot read local CPI config ${file}: ${describeError(e)}`,
      { cause: e },
    );
  }
  let raw: unknown;
  try {
    raw = fromRubyValue(loadYaml(text, file));
  } catch (e) {
    throw new BosunError(
      'CPI_CONFIG_INVALID',
      `Local CPI config ${file} is not valid YAML or JSON: ${describeError(e)}`,
      { cause: e },
    );
  }
  return parseLocalCpiConfig(raw, file);
}
