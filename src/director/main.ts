import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { BosunError, describeError } from '../base/index.js';
import { readDirectorConfig } from './director-config.js';
import { startDirectorDaemon } from './director-daemon.js';

const USAGE = 'Usage: bosun director --data-dir DIR [--config FILE]\n';

/** Error codes that mean the invocation or the config was wrong (exit 2). */
const USAGE_CODES = new Set([
  'USAGE',
  'DIRECTOR_CONFIG_INVALID',
  'DIRECTOR_CONFIG_UNREADABLE',
  'CPI_CONFIG_INVALID',
]);

export interface DirectorMainIo {
  stdout: Writable;
  stderr: Writable;
}

/**
 * `bosun director --data-dir DIR [--config FILE]`: runs the Director in the foreground until
 * SIGTERM or SIGINT, then stops taking requests, cancels running tasks and closes its
 * database. Prints its URL and where the credentials are. Returns the exit code; errors are
 * printed here and only here.
 */
export async function directorMain(argv: readonly string[], io: DirectorMainIo): Promise<number> {
  try {
    const { dataDir, configFile } = parseDirectorArgs(argv);
    const config = await readDirectorConfig(configFile, dataDir);
    const daemon = await startDirectorDaemon(config, {
      version: await readPackageVersion(),
      isRenderHostStartedEarly: true,
    });
    io.stdout.write(`bosun director ${config.name} (${daemon.uuid}) listening on ${daemon.url}\n`);
    io.stdout.write(`Data directory: ${config.dataDir}\n`);
    for (const id of daemon.interruptedTaskIds)
      io.stdout.write(`Task ${id} was unfinished when the Director stopped; marked as ended\n`);
    if (daemon.credentialsFile !== undefined) {
      io.stdout.write(
        `Credentials of user 'admin': ${daemon.credentialsFile}\n` +
          `Target it: export BOSUN_ENVIRONMENT=${daemon.url} BOSUN_CLIENT=admin ` +
          `BOSUN_CLIENT_SECRET=$(sed -n 's/^password: //p' ${daemon.credentialsFile})\n`,
      );
    } else {
      io.stdout.write(`Users: ${config.users.map((u) => u.name).join(', ')} (from the config)\n`);
    }
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    io.stdout.write(`bosun director: ${signal}, shutting down\n`);
    await daemon.close();
    return 0;
  } catch (e) {
    io.stderr.write(`Error: ${describeError(e)}\n`);
    if (e instanceof BosunError && e.hint !== undefined) io.stderr.write(`Hint: ${e.hint}\n`);
    if (e instanceof BosunError && e.code === 'USAGE') io.stderr.write(USAGE);
    return e instanceof BosunError && USAGE_CODES.has(e.code) ? 2 : 1;
  }
}

function parseDirectorArgs(argv: readonly string[]): { dataDir: string; configFile: string | undefined } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { 'data-dir': { type: 'string' }, config: { type: 'string' } },
    }));
  } catch (e) {
    throw new BosunError('USAGE', describeError(e));
  }
  const dataDir = values['data-dir'];
  if (dataDir === undefined) throw new BosunError('USAGE', 'missing argument: --data-dir DIR');
  return { dataDir, configFile: values.config };
}

/** This program's version, from package.json (beside src/ and dist/ alike). */
async function readPackageVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
