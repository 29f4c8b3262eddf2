import { isBosunError } from '../../base/index.js';
import { DEPLOYMENT_NOT_FOUND, type TaskView } from '../../protocol/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import {
  askForConfirmation,
  assertTaskDone,
  DEPLOYMENT_OPTION,
  expectArguments,
  followTask,
  isInteractive,
  openDirectorSession,
  parseDirectorArgs,
  requireDeployment,
} from '../director-client/index.js';

const USAGE = 'bosun delete-deployment -d NAME [-n] [--force]';

/**
 * `bosun delete-deployment -d NAME`: asks `Continue? [yN]:` (unless `-n` or stdin is not a
 * terminal), then deletes the deployment and follows the task, as `bosh delete-deployment`
 * does. Idempotent like bosh-cli: a deployment that does not exist is reported and the
 * command succeeds. `--force` ignores errors while deleting.
 */
export async function runDeleteDeployment(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(
    argv,
    { ...DEPLOYMENT_OPTION, force: { type: 'boolean' } },
    USAGE,
  );
  expectArguments(positionals, 0, USAGE);
  const name = requireDeployment(values.deployment, USAGE);
  const { client, ui } = openDirectorSession({ ...values, json: false }, io);
  ui.line(`Using deployment '${name}'`);
  ui.line('');
  if (isInteractive(io, values['non-interactive'])) await askForConfirmation(io);
  let task: TaskView;
  try {
    task = await client.deleteDeployment(name, { isForced: values.force === true });
  } catch (e) {
    if (!isBosunError(e, DEPLOYMENT_NOT_FOUND)) throw e;
    ui.line(e.message);
    ui.succeed();
    return EXIT_OK;
  }
  assertTaskDone(await followTask(client, task.id, 'event', io.stdout));
  ui.succeed();
  return EXIT_OK;
}
