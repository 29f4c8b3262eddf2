import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BosunError, describeError, systemClock, type Clock } from '../../base/index.js';
import {
  formatSchemaIssues,
  logsResultSchema,
  type LogsResult,
  type TaskView,
} from '../../protocol/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import {
  assertTaskDone,
  DEPLOYMENT_OPTION,
  downloadResource,
  followTask,
  openDirectorSession,
  parseDirectorArgs,
  requireDeployment,
  type DirectorClient,
} from '../director-client/index.js';

const USAGE = 'bosun logs -d NAME [GROUP[/ID]] [--job NAME ...] [--dir DIR]';

/** What logs needs besides the Director; main wires the real ones. */
export interface LogsDeps {
  /** Names the tarball by the time of download. */
  clock: Clock;
}

/**
 * `bosun logs -d NAME [GROUP[/ID]]`: has the Director collect /var/vcap/sys/log of the chosen
 * instances (every instance without GROUP; only the `--job` jobs' directories when given),
 * follows that task, and downloads the tarball into `--dir` (the current directory) as
 * bosh-cli names it: `<deployment>[.<group>[.<id>]]-<YYYYMMDD-HHMMSS>[-<fraction>].tgz`.
 */
export async function runLogs(
  argv: readonly string[],
  io: CliIo,
  deps: LogsDeps = { clock: systemClock },
): Promise<number> {
  const { values, positionals } = parseDirectorArgs(
    argv,
    { ...DEPLOYMENT_OPTION, job: { type: 'string', multiple: true }, dir: { type: 'string' } },
    USAGE,
  );
  const name = requireDeployment(values.deployment, USAGE);
  if (positionals.length > 1) {
    throw new BosunError('USAGE', `unexpected argument '${positionals[1] ?? ''}'`, { hint: USAGE });
  }
  const slug = positionals[0];
  if (slug !== undefined && !/^[^/]+(\/[^/]+)?$/.test(slug)) {
    throw new BosunError('USAGE', `expected an instance group or GROUP/ID, got '${slug}'`, { hint: USAGE });
  }
  const dir = resolve(values.dir ?? '.');
  const isDirectory = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory)
    throw new BosunError('INPUT_UNREADABLE', `--dir ${dir}: not a directory`, { hint: USAGE });

  const { client, ui } = openDirectorSession({ ...values, json: false }, io);
  ui.line(`Using deployment '${name}'`);
  ui.line('');
  const task = await client.fetchLogs(name, {
    ...(slug === undefined ? {} : { instance: slug }),
    ...(values.job === undefined ? {} : { jobs: values.job }),
  });
  const ended = await followTask(client, task.id, 'event', io.stdout);
  assertTaskDone(ended);
  const result = await logsResultOf(client, ended);
  const prefix = [name, ...(slug === undefined ? [] : slug.split('/'))].join('.');
  const destination = resolve(dir, `${prefix}-${formatLogsTimestamp(new Date(deps.clock.nowMs()))}.tgz`);
  ui.line('');
  ui.line(`Downloading resource '${result.blobstore_id}' to '${destination}'...`);
  try {
    await downloadResource(client, result.blobstore_id, result.sha1, destination);
  } catch (e) {
    throw new BosunError('DOWNLOAD_FAILED', `Downloading logs: ${describeError(e)}`, { cause: e });
  }
  ui.succeed();
  return EXIT_OK;
}

/**
 * bosh-cli's timestamp of a downloaded resource, in local time: Go's
 * `20060102-150405.999999999` with the dot made a dash (the fraction's trailing zeros, and
 * a zero fraction entirely, dropped).
 */
export function formatLogsTimestamp(at: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const fraction = String(at.getMilliseconds()).padStart(3, '0').replace(/0+$/, '');
  return (
    `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-` +
    `${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}` +
    (fraction === '' ? '' : `-${fraction}`)
  );
}

/** The blob a logs task left: its result output (or result text), `{blobstore_id, sha1}`. */
async function logsResultOf(client: DirectorClient, task: TaskView): Promise<LogsResult> {
  const output = (await client.taskOutput(task.id, 'result', 0)).toString('utf8').trim();
  const text = output === '' ? (task.result ?? '').trim() : output;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BosunError(
      'DIRECTOR_RESPONSE_INVALID',
      `The result of task ${task.id} is not JSON: ${describeError(e)}`,
      { cause: e },
    );
  }
  const parsed = logsResultSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BosunError(
      'DIRECTOR_RESPONSE_INVALID',
      `The result of task ${task.id} is not a logs result:\n  ${formatSchemaIssues(parsed.error).join('\n  ')}`,
    );
  }
  return parsed.data;
}
