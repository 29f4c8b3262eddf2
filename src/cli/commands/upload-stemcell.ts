import { stat } from 'node:fs/promises';
import { BosunError, describeError } from '../../base/index.js';
import type { TaskView } from '../../protocol/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import {
  assertTaskSucceeded,
  followTask,
  openDirectorSession,
  parseDirectorArgs,
} from '../director-client/index.js';

const USAGE = 'bosun upload-stemcell FILE | bosun upload-stemcell --os OS --version V [--name NAME]';

/**
 * `bosun upload-stemcell FILE` uploads a stemcell tarball. `bosun upload-stemcell --os OS
 * --version V [--name NAME]` records a stemcell without an image for the local CPI, whose
 * VMs share the host's OS: the one extra command a manifest written for bosh-lite needs
 * (`stemcells: [{alias: default, os: ubuntu-jammy, version: latest}]`). Follows the task.
 */
export async function runUploadStemcell(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(
    argv,
    { os: { type: 'string' }, version: { type: 'string' }, name: { type: 'string' } },
    USAGE,
  );
  const isVirtual = values.os !== undefined || values.version !== undefined || values.name !== undefined;
  if (
    isVirtual
      ? positionals.length !== 0 || values.os === undefined || values.version === undefined
      : positionals.length !== 1
  ) {
    throw new BosunError('USAGE', 'expected a stemcell tarball, or --os and --version', { hint: USAGE });
  }
  const file = positionals[0];
  if (file !== undefined) {
    await stat(file).catch((e: unknown) => {
      throw new BosunError('INPUT_UNREADABLE', `Cannot read stemcell ${file}: ${describeError(e)}`, {
        cause: e,
        hint: USAGE,
      });
    });
  }
  const { client, ui } = openDirectorSession({ ...values, json: false }, io);
  let task: TaskView;
  if (file !== undefined) task = await client.uploadStemcell(file);
  else {
    task = await client.uploadVirtualStemcell({
      os: values.os!,
      version: values.version!,
      ...(values.name === undefined ? {} : { name: values.name }),
    });
  }
  assertTaskSucceeded(await followTask(client, task.id, 'event', io.stdout));
  ui.succeed();
  return EXIT_OK;
}
