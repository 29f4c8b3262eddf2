import { BosunError, describeError } from '../../base/index.js';
import type { CommandRunner } from '../command-runner.js';
import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';

const CHECK_TIMEOUT_MS = 10_000;
const HINT =
  'The local CPI makes each VM a Linux sandbox; run the Director (or `bosun cpi local`) as root on Linux with util-linux and iproute2, as CI does.';

/**
 * Fails at once, saying what is missing, unless this process can make sandboxes: root,
 * `unshare` able to create PID, mount and UTS namespaces, `nsenter`, and iproute2's `ip`
 * with network namespace support. `uid` is the caller's `process.getuid()`.
 */
export async function checkSandboxPrivileges(
  runner: CommandRunner,
  env: Readonly<Record<string, string>>,
  uid: number | undefined,
): Promise<void> {
  const missing = (what: string, cause?: unknown): CpiError =>
    new CpiError(CPI_ERROR_TYPES.cloud, `The local CPI cannot create VMs: ${what}`, { hint: HINT, cause });
  if (uid !== 0)
    throw missing(
      `it needs root (to create namespaces, mounts and network interfaces), and this process runs as uid ${String(uid)}`,
    );
  const probes: { argv: string[]; what: string }[] = [
    {
      argv: [
        'unshare',
        '--pid',
        '--fork',
        '--mount',
        '--mount-proc',
        '--uts',
        '--propagation',
        'slave',
        '--',
        'true',
      ],
      what: "'unshare' (util-linux) cannot create PID, mount and UTS namespaces",
    },
    { argv: ['nsenter', '--version'], what: "'nsenter' (util-linux) does not run" },
    { argv: ['ip', 'netns', 'list'], what: "'ip' (iproute2) with network namespace support does not run" },
  ];
  for (const probe of probes) {
    let result;
    try {
      result = await runner.run({ argv: probe.argv, env, timeoutMs: CHECK_TIMEOUT_MS });
    } catch (e) {
      const reason =
        e instanceof BosunError && e.code === 'COMMAND_NOT_STARTED'
          ? 'it is not installed or not on PATH'
          : describeError(e);
      throw missing(`${probe.what}: ${reason}`, e);
    }
    if (result.exitCode !== 0)
      throw missing(
        `${probe.what}: '${probe.argv.join(' ')}' failed: ${result.stderr.trim() || `exit code ${String(result.exitCode)}`}`,
      );
  }
}
