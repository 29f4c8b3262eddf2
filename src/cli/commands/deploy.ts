import { readFile } from 'node:fs/promises';
import { BosunError, describeError } from '../../base/index.js';
import { isRubyHash, loadYaml } from '../../yaml/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import {
  askForConfirmation,
  assertTaskDone,
  DEPLOYMENT_OPTION,
  diffManifestLines,
  expectArguments,
  followTask,
  isInteractive,
  openDirectorSession,
  parseDirectorArgs,
  type DeployOptions,
} from '../director-client/index.js';

const USAGE =
  'bosun deploy [-d NAME] MANIFEST [-n] [--dry-run] [--recreate] [--skip-drain[=GROUP,...]] [--canaries N] [--max-in-flight N]';

/**
 * `bosun deploy -d NAME MANIFEST`: sends the manifest to the Director and follows the
 * deploy's task, as `bosh deploy` does. Interactively it first shows the change against the
 * deployed manifest and asks `Continue? [yN]:`. The deployment is `-d` or else the
 * manifest's `name`; when both are given they must agree (checked before any request).
 */
export async function runDeploy(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(
    withSkipDrainValue(argv),
    {
      ...DEPLOYMENT_OPTION,
      'dry-run': { type: 'boolean' },
      recreate: { type: 'boolean' },
      'skip-drain': { type: 'string', multiple: true },
      canaries: { type: 'string' },
      'max-in-flight': { type: 'string' },
    },
    USAGE,
  );
  expectArguments(positionals, 1, USAGE);
  const file = positionals[0]!;
  const options: DeployOptions = {
    ...(values.recreate === true ? { isRecreate: true } : {}),
    ...(values['dry-run'] === true ? { isDryRun: true } : {}),
    ...(values['skip-drain'] === undefined ? {} : { skipDrain: skipDrainOf(values['skip-drain']) }),
    ...(values.canaries === undefined ? {} : { canaries: parseCount('--canaries', values.canaries, 0) }),
    ...(values['max-in-flight'] === undefined
      ? {}
      : { maxInFlight: parseCount('--max-in-flight', values['max-in-flight'], 1) }),
  };
  const yaml = await readFile(file, 'utf8').catch((e: unknown) => {
    throw new BosunError('INPUT_UNREADABLE', `Cannot read manifest ${file}: ${describeError(e)}`, {
      cause: e,
      hint: USAGE,
    });
  });
  const name = deploymentNameOf(yaml, file, values.deployment);
  const { client, ui } = openDirectorSession({ ...values, json: false }, io);
  ui.line(`Using deployment '${name}'`);
  ui.line('');
  if (isInteractive(io, values['non-interactive'])) {
    const deployed = await client.deploymentManifest(name);
    const diff = diffManifestLines(deployed?.manifest ?? '', yaml);
    for (const line of diff) ui.line(line);
    if (diff.length > 0) ui.line('');
    await askForConfirmation(io);
  }
  const task = await client.deploy(yaml, { ...options, manifestFile: file });
  assertTaskDone(await followTask(client, task.id, 'event', io.stdout));
  ui.succeed();
  return EXIT_OK;
}

/** The deployment the manifest names, checked against `-d` as bosh-cli checks it. */
function deploymentNameOf(yaml: string, file: string, flag: string | undefined): string {
  const manifest = loadYaml(yaml, file);
  if (!isRubyHash(manifest)) {
    throw new BosunError('INPUT_INVALID', `Manifest ${file}: expected a map at the top level`, {
      hint: 'a deployment manifest starts with name:, releases:, stemcells:, instance_groups:',
    });
  }
  const named = manifest.get('name');
  const name = typeof named === 'string' ? named : '';
  if (flag !== undefined && flag !== name) {
    throw new BosunError(
      'INPUT_INVALID',
      `Expected manifest to specify deployment name '${flag}' but was '${name}'`,
      {
        hint: `the manifest ${file} deploys '${name}'; pass -d ${name === '' ? 'NAME' : name} or change its name`,
      },
    );
  }
  if (name === '') {
    throw new BosunError('INPUT_INVALID', `Manifest ${file}: name: required`, {
      hint: 'give the deployment a top-level name (and -d NAME)',
    });
  }
  return name;
}

/** bosh-cli's `skip_drain`: `*` when any `--skip-drain` named no group, else the groups named. */
function skipDrainOf(given: readonly string[]): '*' | string[] {
  const groups = given.flatMap((g) => g.split(',')).filter((g) => g !== '');
  return given.includes('*') || groups.length === 0 ? '*' : groups;
}

function parseCount(flag: string, text: string, least: number): number {
  if (!/^\d+$/.test(text) || Number(text) < least) {
    throw new BosunError(
      'USAGE',
      `${flag} takes a whole number of instances of at least ${least}, got '${text}'`,
      {
        hint: USAGE,
      },
    );
  }
  return Number(text);
}

/** `--skip-drain` alone means every instance group, as in bosh-cli; it never takes the next argument. */
function withSkipDrainValue(argv: readonly string[]): string[] {
  return argv.map((arg) => (arg === '--skip-drain' ? '--skip-drain=*' : arg));
}
