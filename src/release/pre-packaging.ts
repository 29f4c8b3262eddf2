import { spawn } from 'node:child_process';
import { BosunError } from '../base/index.js';

/**
 * Runs a package's `pre_packaging` script, as bosh-cli does: `bash -x <script>` in the
 * staging directory with `BUILD_DIR` (the staging directory) and `RELEASE_DIR` added to the
 * environment. Resolves when it exits 0; rejects with PRE_PACKAGING_FAILED otherwise.
 */
export type PrePackagingRunner = (run: {
  script: string;
  buildDir: string;
  releaseDir: string;
}) => Promise<void>;

/**
 * The real runner. `baseEnv` is the environment the script inherits (the CLI passes its own);
 * output is captured and its last lines go into the error.
 */
export function bashPrePackagingRunner(
  baseEnv: Readonly<Record<string, string | undefined>>,
): PrePackagingRunner {
  return ({ script, buildDir, releaseDir }) =>
    new Promise((resolve, reject) => {
      const child = spawn('bash', ['-x', script], {
        cwd: buildDir,
        env: { ...baseEnv, BUILD_DIR: buildDir, RELEASE_DIR: releaseDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
      child.on('error', (e) =>
        reject(new BosunError('PRE_PACKAGING_FAILED', `Running '${script}': ${e.message}`, { cause: e })),
      );
      child.on('close', (code, signal) => {
        if (code === 0) {
          resolve();
          return;
        }
        const tail = Buffer.concat(output).toString('utf8').trimEnd().split('\n').slice(-20).join('\n');
        const status = signal === null ? `exit code ${code ?? 'unknown'}` : `signal ${signal}`;
        reject(
          new BosunError(
            'PRE_PACKAGING_FAILED',
            `Running prep scripts: '${script}' failed with ${status}:\n${tail}`,
            {
              hint: 'Fix the pre_packaging script (it runs in a copy of the package files, $BUILD_DIR).',
            },
          ),
        );
      });
    });
}
