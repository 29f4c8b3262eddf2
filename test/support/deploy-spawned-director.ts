// `bosun director` as a child process, for tests that kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';

/** A running Director: in the test's process, or a child process. */
export interface RunningDirector {
  readonly url: string;
  /** Stops it; resolves once it has stopped. */
  close(): Promise<void>;
}

export interface SpawnedDirector extends RunningDirector {
  readonly child: ChildProcess;
  /** Sends `signal` unless it already exited; resolves once it exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;

/**
 * Runs `node <bosunBin> director --data-dir DIR --config FILE`; resolves once it printed the
 * URL it listens on. Its output is kept for the error when it fails to start.
 */
export async function spawnDirector(
  bosunBin: string,
  configFile: string,
  dataDir: string,
): Promise<SpawnedDirector> {
  await mkdir(dataDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [bosunBin, 'director', '--data-dir', dataDir, '--config', configFile],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const collect = (b: Buffer): void => {
    output += b.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    // A Director that does not stop on SIGTERM is killed: the test must not hang on it.
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`the Director did not start within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    child.stdout.on('data', () => {
      const found = / listening on (http\S+)/.exec(output)?.[1];
      if (found === undefined) return;
      clearTimeout(timer);
      done(found);
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`the Director exited while starting:\n${output}`));
    });
  }).catch(async (e: unknown) => {
    await kill('SIGKILL');
    throw e;
  });
  return { url, child, kill, close: () => kill('SIGTERM') };
}
