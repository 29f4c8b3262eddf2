import { BosunError } from '../../base/index.js';
import { formatFullUtc } from '../../protocol/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import { expectArguments, openDirectorSession, parseDirectorArgs } from '../director-client/index.js';

const USAGE = 'bosun tasks [--recent[=N]] [-d NAME] [--json]';
const ACTIVE_STATES = ['queued', 'processing', 'cancelling'];

/**
 * `bosun tasks`: the tasks that are queued or running, as `bosh tasks`; with `--recent[=N]`
 * (`-r`), the last N (30) in any state. `-d NAME` keeps one deployment's tasks.
 */
export async function runTasks(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(
    withRecentValue(argv),
    { recent: { type: 'string', short: 'r' }, deployment: { type: 'string', short: 'd' } },
    USAGE,
  );
  expectArguments(positionals, 0, USAGE);
  const recent = values.recent === undefined ? undefined : Number(values.recent);
  if (recent !== undefined && !(Number.isInteger(recent) && recent > 0)) {
    throw new BosunError('USAGE', `--recent takes a positive number, got '${values.recent}'`, {
      hint: USAGE,
    });
  }
  const { client, ui } = openDirectorSession(values, io);
  const tasks = await client.tasks({
    ...(values.deployment === undefined ? {} : { deployment: values.deployment }),
    ...(recent === undefined ? { states: ACTIVE_STATES } : { limit: recent }),
  });
  const isFinished = (state: string): boolean => !ACTIVE_STATES.includes(state);
  ui.table({
    content: 'tasks',
    header: ['ID', 'State', 'Started At', 'Finished At', 'User', 'Deployment', 'Description', 'Result'],
    rows: tasks.map((t) => [
      String(t.id),
      t.state,
      t.started_at === null ? '' : formatFullUtc(t.started_at),
      isFinished(t.state) ? formatFullUtc(t.timestamp) : '',
      t.user,
      t.deployment ?? '',
      t.description,
      t.result ?? '',
    ]),
  });
  ui.succeed();
  return EXIT_OK;
}

/** `--recent` / `-r` without a number means 30, as in bosh-cli. */
function withRecentValue(argv: readonly string[]): string[] {
  return argv.flatMap((arg, i) => {
    if (arg !== '--recent' && arg !== '-r') return [arg];
    const next = argv[i + 1];
    return next !== undefined && /^\d+$/.test(next) ? [arg] : [`--recent=30`];
  });
}
