import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareBaseLayout } from '../../src/agent/base-layout.js';
import type { Clock } from '../../src/base/index.js';
import { systemClock } from '../../src/base/index.js';
import type { HookScriptsError } from '../../src/agent/hooks/index.js';
import { runErrand, runJobScripts } from '../../src/agent/hooks/index.js';
import type { VcapPaths } from '../../src/agent/vcap-paths.js';
import { vcapPaths } from '../../src/agent/vcap-paths.js';

let root = '';
let paths: VcapPaths;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-hooks-'));
  paths = vcapPaths(root);
  await prepareBaseLayout(paths);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeScript(job: string, script: string, body: string, mode = 0o750): Promise<string> {
  const dir = join(paths.jobDir(job), 'bin');
  await mkdir(dir, { recursive: true });
  const file = join(dir, script);
  await writeFile(file, body);
  await chmod(file, mode);
  return file;
}

const readLog = (job: string, name: string): Promise<string> =>
  readFile(join(paths.jobLogDir(job), name), 'utf8');

async function rejectionOf(promise: Promise<unknown>): Promise<HookScriptsError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as HookScriptsError,
  );
}

/** True while a live process of group `pgid` remains (zombies do not count). */
async function isGroupAlive(pgid: number): Promise<boolean> {
  const { readdir } = await import('node:fs/promises');
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.endsWith('\n')) return text.trim();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${file} never appeared`);
}

describe('runJobScripts', () => {
  it('runs every job in parallel and skips jobs without the script', async () => {
    const marks = join(root, 'marks');
    await mkdir(marks);
    for (const job of ['a', 'b', 'c']) {
      // Each script succeeds only when it sees the other two running at the same time.
      await writeScript(
        job,
        'pre-start',
        `#!/bin/sh\ntouch ${marks}/${job}\ni=0\nwhile [ $i -lt 200 ]; do\n` +
          `  if [ -e ${marks}/a ] && [ -e ${marks}/b ] && [ -e ${marks}/c ]; then echo "${job} saw all"; exit 0; fi\n` +
          `  sleep 0.05; i=$((i+1))\ndone\nexit 1\n`,
      );
    }
    await mkdir(paths.jobDir('no_hook'), { recursive: true });
    await runJobScripts({
      paths,
      jobNames: ['a', 'no_hook', 'b', 'c'],
      scriptName: 'pre-start',
      baseEnv: {},
    });
    expect(await readLog('b', 'pre-start.stdout.log')).toBe('b saw all\n');
    await expect(stat(join(paths.jobLogDir('no_hook'), 'pre-start.stdout.log'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('runs with no arguments, BOSH PATH, the env option and a lower priority', async () => {
    await writeScript(
      'web',
      'pre-stop',
      '#!/bin/bash\necho "args=$#"\necho "PATH=$PATH"\necho "KEPT=$KEPT"\n' +
        'echo "vm=$BOSH_VM_NEXT_STATE instance=$BOSH_INSTANCE_NEXT_STATE deployment=$BOSH_DEPLOYMENT_NEXT_STATE"\n' +
        'echo "nice=$(cut -d\' \' -f19 /proc/$$/stat)"\n',
    );
    await runJobScripts({
      paths,
      jobNames: ['web'],
      scriptName: 'pre-stop',
      baseEnv: { PATH: '/opt/agent/bin', KEPT: 'from-agent', BOSH_VM_NEXT_STATE: 'keep' },
      env: {
        BOSH_VM_NEXT_STATE: 'delete',
        BOSH_INSTANCE_NEXT_STATE: 'delete',
        BOSH_DEPLOYMENT_NEXT_STATE: 'keep',
      },
    });
    expect(await readLog('web', 'pre-stop.stdout.log')).toBe(
      'args=0\nPATH=/usr/sbin:/usr/bin:/sbin:/bin\nKEPT=from-agent\n' +
        'vm=delete instance=delete deployment=keep\n' +
        `nice=${Math.min(getPriority() + 5, 19)}\n`,
    );
  });

  it('appends stdout and stderr across runs to 0640 log files', async () => {
    await writeScript('web', 'post-start', '#!/bin/sh\necho out\necho err >&2\n');
    for (let run = 0; run < 2; run += 1) {
      await runJobScripts({ paths, jobNames: ['web'], scriptName: 'post-start', baseEnv: {} });
    }
    expect(await readLog('web', 'post-start.stdout.log')).toBe('out\nout\n');
    expect(await readLog('web', 'post-start.stderr.log')).toBe('err\nerr\n');
    for (const name of ['post-start.stdout.log', 'post-start.stderr.log']) {
      expect((await stat(join(paths.jobLogDir('web'), name))).mode & 0o777).toBe(0o640);
    }
  });

  it("fails with BOSH's text and each failed job's exit code and output tails", async () => {
    await writeScript('job_with_valid_pre_start_script', 'pre-start', '#!/bin/sh\necho fine\n');
    await writeScript(
      'job_with_corrupted_pre_start_script',
      'pre-start',
      '#!/bin/sh\necho before\necho corrupted >&2\nexit 7\n',
    );
    await writeScript('job_without_pre_start', 'post-start', '#!/bin/sh\n');
    const error = await rejectionOf(
      runJobScripts({
        paths,
        jobNames: [
          'job_with_corrupted_pre_start_script',
          'job_without_pre_start',
          'job_with_valid_pre_start_script',
        ],
        scriptName: 'pre-start',
        baseEnv: {},
      }),
    );
    expect(error.code).toBe('HOOK_SCRIPTS_FAILED');
    expect(error.message).toBe(
      '1 of 2 pre-start scripts failed. Failed Jobs: job_with_corrupted_pre_start_script. Successful Jobs: job_with_valid_pre_start_script.',
    );
    expect(error.failures).toEqual([
      {
        job: 'job_with_corrupted_pre_start_script',
        exitCode: 7,
        signal: null,
        stdoutTail: 'before\n',
        stderrTail: 'corrupted\n',
      },
    ]);
  });

  it('names the script and the reason when it cannot be executed', async () => {
    const notExecutable = await writeScript('web', 'pre-start', '#!/bin/sh\n', 0o640);
    const noInterpreter = await writeScript('db', 'pre-start', '#!/bin/nonexistent\necho hi\n');
    const noShebang = await writeScript('worker', 'pre-start', 'echo hi\n');
    await writeScript('ok', 'pre-start', '#!/bin/sh\n');
    const error = await rejectionOf(
      runJobScripts({ paths, jobNames: ['web', 'db', 'ok', 'worker'], scriptName: 'pre-start', baseEnv: {} }),
    );
    expect(error.message).toBe(
      '3 of 4 pre-start scripts failed. Failed Jobs: web, db, worker. Successful Jobs: ok.',
    );
    expect(error.failures.map((f) => [f.job, f.error, f.exitCode, f.signal])).toEqual([
      ['web', `'${notExecutable}' is not executable`, null, null],
      ['db', `'${noInterpreter}' has no interpreter '/bin/nonexistent'`, null, null],
      ['worker', `'${noShebang}' has no '#!' line and is not a binary (exec format error)`, null, null],
    ]);
  });

  it('records the signal that killed a script', async () => {
    await writeScript('web', 'post-stop', '#!/bin/sh\necho dying >&2\nkill -KILL $$\n');
    const error = await rejectionOf(
      runJobScripts({ paths, jobNames: ['web'], scriptName: 'post-stop', baseEnv: {} }),
    );
    expect(error.message).toBe('1 of 1 post-stop scripts failed. Failed Jobs: web.');
    expect(error.failures[0]).toMatchObject({ exitCode: null, signal: 'SIGKILL', stderrTail: 'dying\n' });
  });

  it('kills the whole process group when cancelled', async () => {
    const pidFile = join(root, 'pid');
    await writeScript('web', 'post-deploy', `#!/bin/sh\nsleep 300 &\necho $$ > ${pidFile}\nwait\n`);
    const cancel = new AbortController();
    const run = rejectionOf(
      runJobScripts({
        paths,
        jobNames: ['web'],
        scriptName: 'post-deploy',
        baseEnv: {},
        signal: cancel.signal,
      }),
    );
    const pgid = Number(await waitForFile(pidFile));
    expect(await isGroupAlive(pgid)).toBe(true);
    cancel.abort();
    const error = await run;
    expect(error).toMatchObject({
      code: 'HOOK_SCRIPTS_CANCELLED',
      message: 'Script was cancelled by user request',
    });
    expect(error.failures[0]).toMatchObject({ job: 'web', signal: 'SIGTERM' });
    expect(await isGroupAlive(pgid)).toBe(false);
  });
});

describe('runErrand', () => {
  it('returns the exit code, stdout and stderr of bin/run', async () => {
    await writeScript('smoke', 'run', '#!/bin/sh\necho "args=$# PATH=$PATH"\necho failing >&2\nexit 3\n');
    const result = await runErrand({
      paths,
      jobNames: ['web', 'smoke'],
      errandName: 'smoke',
      baseEnv: { PATH: '/x' },
    });
    expect(result).toEqual({
      exit_code: 3,
      stdout: 'args=0 PATH=/usr/sbin:/usr/bin:/sbin:/bin\n',
      stderr: 'failing\n',
    });
  });

  it('keeps the last 1 MiB of a larger output', async () => {
    await writeScript('smoke', 'run', "#!/bin/sh\nhead -c 2000000 /dev/zero | tr '\\0' a\necho end\n");
    const result = await runErrand({ paths, jobNames: ['smoke'], baseEnv: {} });
    expect(result.exit_code).toBe(0);
    expect(result.stdout).toHaveLength(1024 * 1024);
    expect(result.stdout.endsWith('aaaend\n')).toBe(true);
  });

  it('returns once the errand exits even when a process it left behind holds its stdout', async () => {
    const pidFile = join(root, 'pid');
    await writeScript('smoke', 'run', `#!/bin/sh\nsleep 300 &\necho $$ > ${pidFile}\necho done\n`);
    const fastClock: Clock = {
      nowMs: () => Date.now() * 100,
      sleep: (ms, s) => systemClock.sleep(ms / 100, s),
    };
    const result = await runErrand({ paths, jobNames: ['smoke'], baseEnv: {}, clock: fastClock });
    expect(result).toEqual({ exit_code: 0, stdout: 'done\n', stderr: '' });
    process.kill(-Number(await waitForFile(pidFile)), 'SIGKILL');
  });

  it('reports 128 + SIGTERM and leaves no process behind when cancelled', async () => {
    const pidFile = join(root, 'pid');
    await writeScript('smoke', 'run', `#!/bin/sh\necho started\nsleep 300 &\necho $$ > ${pidFile}\nwait\n`);
    const cancel = new AbortController();
    const run = runErrand({ paths, jobNames: ['smoke'], baseEnv: {}, signal: cancel.signal });
    const pgid = Number(await waitForFile(pidFile));
    cancel.abort();
    expect(await run).toEqual({ exit_code: 143, stdout: 'started\n', stderr: '' });
    expect(await isGroupAlive(pgid)).toBe(false);
  });
});
