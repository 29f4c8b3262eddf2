import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { BosunError, describeError } from '../../base/index.js';
import type { CliIo } from '../cli-io.js';
import { CommandUi } from './command-ui.js';
import { DirectorClient } from './director-client.js';
import { resolveDirectorEnvironment } from './director-environment.js';

/** The flags every Director command takes (bosh-cli's global flags). */
export const DIRECTOR_OPTIONS = {
  environment: { type: 'string', short: 'e' },
  client: { type: 'string' },
  'client-secret': { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  'non-interactive': { type: 'boolean', short: 'n' },
} as const satisfies ParseArgsOptionsConfig;

/** `-d NAME`, bosh-cli's deployment flag. */
export const DEPLOYMENT_OPTION = {
  deployment: { type: 'string', short: 'd' },
} as const satisfies ParseArgsOptionsConfig;

/** The deployment a command acts on (`-d NAME`); a missing one is `USAGE`. */
export function requireDeployment(deployment: string | undefined, usage: string): string {
  if (deployment === undefined || deployment === '') {
    throw new BosunError('USAGE', 'Expected a deployment: pass -d NAME', { hint: usage });
  }
  return deployment;
}

/** Parses a Director command's arguments; a mistake is `USAGE` (exit 2) with the command's usage line. */
export function parseDirectorArgs<T extends ParseArgsOptionsConfig>(
  argv: readonly string[],
  options: T,
  usage: string,
) {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...DIRECTOR_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new BosunError('USAGE', describeError(e), { hint: usage });
  }
}

/** Fails with `USAGE` unless exactly `count` arguments were given. */
export function expectArguments(positionals: readonly string[], count: number, usage: string): void {
  if (positionals.length !== count) {
    const what =
      positionals.length < count ? 'missing argument' : `unexpected argument '${positionals[count] ?? ''}'`;
    throw new BosunError('USAGE', what, { hint: usage });
  }
}

/** A Director command's client and output, ready to go. */
export interface DirectorSession {
  client: DirectorClient;
  ui: CommandUi;
}

/**
 * Finds the Director (flags, then environment variables) and starts the output with
 * bosh-cli's `Using environment 'URL' as client 'NAME'` line.
 */
export function openDirectorSession(
  values: { environment?: string; client?: string; 'client-secret'?: string; json?: boolean },
  io: CliIo,
): DirectorSession {
  const environment = resolveDirectorEnvironment(values, io.env);
  const ui = new CommandUi(io.stdout, values.json === true);
  ui.line(`Using environment '${environment.url}' as client '${environment.client}'`);
  if (!ui.isJson) ui.line('');
  return { client: new DirectorClient(environment), ui };
}

/** Parses a task id argument. */
export function parseTaskId(text: string | undefined, usage: string): number {
  if (text === undefined || !/^[1-9]\d{0,15}$/.test(text)) {
    throw new BosunError('USAGE', `expected a task id, got '${text ?? ''}'`, { hint: usage });
  }
  return Number(text);
}
