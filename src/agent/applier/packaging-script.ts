import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BosunError } from '../../base/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import { runLoggedCommand } from './logged-command.js';
import { readOutputTail, type OutputTail } from './output-tail.js';

/** BOSH's PATH for scripts the agent runs (reference §4.3). */
export const SCRIPT_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

/** BOSH keeps the last 10 KB of stdout and stderr for the error message. */
const OUTPUT_TAIL_BYTES = 10 * 1024;

/** What {@link runPackagingScript} needs. */
export interface PackagingRun {
  paths: VcapPaths;
  request: { name: string; version: string };
  compileDir: string;
  installTarget: string;
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal | undefined;
}

/**
 * Runs `bash -x packaging` in the package's compile directory with BOSH's environment, its
 * output in `sys/log/compilation/packaging.{stdout,stderr}.log` (recreated on each run). A
 * failure throws BOSH's `Command exited with <code>; Stdout: ..., Stderr: ...` with the last
 * 10 KB of each stream (`Truncated stdout:` when cut).
 */
export async function runPackagingScript(run: PackagingRun): Promise<void> {
  const logDir = join(run.paths.sysLogDir, 'compilation');
  await rm(logDir, { recursive: true, force: true });
  await mkdir(logDir, { recursive: true, mode: 0o750 });
  const stdoutFile = join(logDir, 'packaging.stdout.log');
  const stderrFile = join(logDir, 'packaging.stderr.log');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(run.env)) if (value !== undefined) env[key] = value;
  Object.assign(env, {
    PATH: SCRIPT_PATH,
    BOSH_COMPILE_TARGET: run.compileDir,
    BOSH_INSTALL_TARGET: run.installTarget,
    BOSH_PACKAGE_NAME: run.request.name,
    BOSH_PACKAGE_VERSION: run.request.version,
  });
  const outcome = await runLoggedCommand({
    command: 'bash',
    args: ['-x', 'packaging'],
    cwd: run.compileDir,
    env,
    stdoutFile,
    stderrFile,
    signal: run.signal,
  });
  run.signal?.throwIfAborted();
  if (outcome.exitCode === 0) return;
  const stdout = await readOutputTail(stdoutFile, OUTPUT_TAIL_BYTES);
  const stderr = await readOutputTail(stderrFile, OUTPUT_TAIL_BYTES);
  const how =
    outcome.exitCode !== null
      ? `exited with ${outcome.exitCode}`
      : `was killed by ${outcome.signal ?? 'a signal'}`;
  throw new BosunError(
    'PACKAGING_FAILED',
    `Command ${how}; ${titled('Stdout', stdout)}, ${titled('Stderr', stderr)}`,
    { hint: `The full output is in ${stdoutFile} and ${stderrFile}.` },
  );
}

function titled(title: string, tail: OutputTail): string {
  return `${tail.isTruncated ? `Truncated ${title.toLowerCase()}` : title}: ${tail.text}`;
}
