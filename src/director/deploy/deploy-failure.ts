import { BosunError, describeError } from '../../base/index.js';

interface HookFailure {
  job?: unknown;
  exitCode?: unknown;
  signal?: unknown;
  error?: unknown;
  stderrTail?: unknown;
  stdoutTail?: unknown;
}

/**
 * Wraps what failed while updating one instance: the message stays BOSH's text (its first
 * line), and, beyond BOSH, the lines after it say which instance and step failed and, for a
 * hook, each failed job's exit code and the last lines of its stderr (reference §4.3), so
 * nobody needs ssh to learn why.
 */
export function instanceFailure(instanceName: string, step: string, error: unknown): BosunError {
  if (error instanceof BosunError && error.code === 'INSTANCE_UPDATE_FAILED') return error;
  const lines = [describeError(error), `  Instance: ${instanceName}`, `  Step: ${step}`];
  const details = (error as { details?: { failures?: unknown } } | null)?.details;
  const failures = Array.isArray(details?.failures) ? (details.failures as HookFailure[]) : [];
  for (const failure of failures) {
    const how =
      typeof failure.exitCode === 'number'
        ? `exit code ${failure.exitCode}`
        : typeof failure.signal === 'string'
          ? `killed by ${failure.signal}`
          : typeof failure.error === 'string'
            ? failure.error
            : 'failed';
    lines.push(`  Job '${String(failure.job)}': ${how}`);
    const tail = typeof failure.stderrTail === 'string' && failure.stderrTail !== '' ? failure.stderrTail : undefined;
    const out = typeof failure.stdoutTail === 'string' && failure.stdoutTail !== '' ? failure.stdoutTail : undefined;
    if (tail !== undefined) lines.push('    stderr (last lines):', ...indent(tail, '      '));
    else if (out !== undefined) lines.push('    stdout (last lines):', ...indent(out, '      '));
    else lines.push('    (no output on stdout or stderr)');
  }
  const processes = (error as { processes?: unknown } | null)?.processes;
  if (Array.isArray(processes)) {
    for (const p of processes as Array<{ name?: unknown; state?: unknown; job?: unknown }>) {
      lines.push(`  Process '${String(p.name)}': ${String(p.state)}`);
    }
    const output = (error as { startOutput?: unknown } | null)?.startOutput;
    const files = Array.isArray(output) ? (output as Array<{ file: string; tail: string }>) : [];
    for (const { file, tail } of files) lines.push(`  /var/vcap/sys/log/${file} (last lines):`, ...indent(tail, '    '));
    if (files.length === 0) {
      lines.push('  Nothing was written to /var/vcap/sys/log/<job>/<process>*.log');
    }
  }
  return new BosunError('INSTANCE_UPDATE_FAILED', lines.join('\n'), { cause: error });
}

function indent(text: string, prefix: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `${prefix}${l}`);
}
