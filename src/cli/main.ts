import { BosunError, describeError } from '../base/index.js';
import { EXIT_FAILED, EXIT_USAGE, type CliIo } from './cli-io.js';
import { runRender } from './commands/render.js';
import { runCpi } from './commands/cpi.js';
import { runCreateRelease } from './commands/create-release.js';
import { runTemplate } from './commands/template.js';
import { runCancelTask } from './commands/cancel-task.js';
import { runCloudConfig } from './commands/cloud-config.js';
import { runDeleteDeployment } from './commands/delete-deployment.js';
import { runDeploy } from './commands/deploy.js';
import { runDeployments } from './commands/deployments.js';
import { runEnv } from './commands/env.js';
import { runInstances } from './commands/instances.js';
import { runLogs } from './commands/logs.js';
import { runReleases } from './commands/releases.js';
import { runStemcells } from './commands/stemcells.js';
import { runTask } from './commands/task.js';
import { runTasks } from './commands/tasks.js';
import { runUpdateCloudConfig } from './commands/update-cloud-config.js';
import { runUploadRelease } from './commands/upload-release.js';
import { runUploadStemcell } from './commands/upload-stemcell.js';
import { runVms } from './commands/vms.js';
import { hoistGlobalFlags } from './director-client/index.js';

const USAGE = `Usage: bosun <command> [options]

Commands:
  render JOB_DIR [--properties FILE] [--instance FILE] [--links FILE]
                 [--release NAME/VERSION] [--output DIR] [--template DEST] [--debug]
      Render a job's monit file and templates as the BOSH Director does.
  template TEMPLATE.erb --context JSON
      Render one ERB file against a template spec given as JSON (like bosh-template).
  create-release [--dir DIR] [--tarball FILE] [--force] [--name NAME] [--version V] [--sha2]
                 [--timestamp-version]
      Build a dev release tarball from a BOSH release directory, as bosh create-release does.
  cpi local --config FILE
      The local CPI as a BOSH external CPI executable: one request on stdin, one response out.
  agent --config FILE
      Run the agent: install jobs, supervise their monit processes, run their hooks.
  director --data-dir DIR [--config FILE]
      Run the Director in the foreground; it prints its URL and where the credentials are.

Director commands (find the Director with -e URL --client NAME --client-secret SECRET, or
BOSUN_ENVIRONMENT, BOSUN_CLIENT, BOSUN_CLIENT_SECRET; --json for machine-readable output;
-n to answer yes to questions, which are only asked when stdin is a terminal):
  env                                 Show the Director's name, UUID, version, CPI and features.
  upload-release FILE|DIR             Upload a release tarball (DIR: create a dev release first).
  releases                            List releases.
  upload-stemcell FILE | --os OS --version V [--name NAME]
                                      Upload a stemcell tarball, or record an image-less stemcell
                                      for the local CPI.
  stemcells                           List stemcells.
  update-cloud-config FILE            Replace the cloud config.
  cloud-config                        Show the cloud config in effect.
  deployments                         List deployments.
  deploy -d NAME MANIFEST [--dry-run] [--recreate] [--skip-drain[=GROUP,...]]
         [--canaries N] [--max-in-flight N]
                                      Deploy a manifest: show the change, ask, follow the task.
  instances -d NAME [--ps] [--details]
                                      List a deployment's instances (--ps: and their processes).
  vms -d NAME                         List a deployment's VMs.
  logs -d NAME [GROUP[/ID]] [--job NAME ...] [--dir DIR]
                                      Download instances' job logs as a tarball.
  delete-deployment -d NAME [--force] Delete a deployment and its VMs.
  tasks [--recent[=N]] [-d NAME]      List running tasks, or the last N.
  task ID [--debug|--result]          Follow a task and print its event log (or debug log, result).
  cancel-task ID                      Cancel a queued or running task.

Exit codes: 0 success, 1 the operation (or the Director's task) failed, 2 bad usage or input.
`;

/** Error codes that mean the user's input or invocation was wrong (exit 2). */
const USAGE_CODES = new Set([
  'USAGE',
  'INPUT_UNREADABLE',
  'INPUT_INVALID',
  'YAML_INVALID',
  'JOB_SPEC_INVALID',
  'LINK_NOT_CONSUMED',
  'TEMPLATE_NOT_FOUND',
  'PACKAGE_INVALID',
  'RELEASE_CONFIG_INVALID',
  'RELEASE_DEPENDENCY_INVALID',
  'RELEASE_INVALID',
  'DIRECTOR_ENVIRONMENT_MISSING',
]);

/** Runs one CLI invocation and returns its exit code; errors are printed here and only here. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = hoistGlobalFlags(argv);
  const debug = rest.includes('--debug');
  try {
    switch (command) {
      case 'render':
        return await runRender(rest, io);
      case 'template':
        return await runTemplate(rest, io);
      case 'create-release':
        return await runCreateRelease(rest, io);
      case 'cpi':
        return await runCpi(rest, io);
      case 'env':
        return await runEnv(rest, io);
      case 'upload-release':
        return await runUploadRelease(rest, io);
      case 'releases':
        return await runReleases(rest, io);
      case 'upload-stemcell':
        return await runUploadStemcell(rest, io);
      case 'stemcells':
        return await runStemcells(rest, io);
      case 'update-cloud-config':
        return await runUpdateCloudConfig(rest, io);
      case 'cloud-config':
        return await runCloudConfig(rest, io);
      case 'deployments':
        return await runDeployments(rest, io);
      case 'deploy':
        return await runDeploy(rest, io);
      case 'instances':
        return await runInstances(rest, io);
      case 'vms':
        return await runVms(rest, io);
      case 'logs':
        return await runLogs(rest, io);
      case 'delete-deployment':
        return await runDeleteDeployment(rest, io);
      case 'tasks':
        return await runTasks(rest, io);
      case 'task':
        return await runTask(rest, io);
      case 'cancel-task':
        return await runCancelTask(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? EXIT_USAGE : 0;
      default:
        throw new BosunError('USAGE', `unknown command '${command}'`, {
          hint: "run 'bosun help' to list commands",
        });
    }
  } catch (e) {
    return reportError(e, io, debug);
  }
}

function reportError(e: unknown, io: CliIo, debug: boolean): number {
  if (!(e instanceof BosunError)) {
    io.stderr.write(`Error: ${describeError(e)}\n`);
    if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return EXIT_FAILED;
  }
  io.stderr.write(`Error: ${e.message}\n`);
  if (e.hint !== undefined) io.stderr.write(`Hint: ${e.hint}\n`);
  if (debug) {
    for (let cause: unknown = e; cause instanceof Error; cause = cause.cause) {
      io.stderr.write(`${cause.stack ?? cause.message}\n`);
    }
  }
  return USAGE_CODES.has(e.code) ? EXIT_USAGE : EXIT_FAILED;
}
