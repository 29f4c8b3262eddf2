import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/base/index.js';
import { systemClock } from '../../src/base/index.js';
import { prepareBaseLayout } from '../../src/agent/base-layout.js';
import type { DrainParams, HookScriptsError } from '../../src/agent/hooks/index.js';
import { runDrainScripts } from '../../src/agent/hooks/index.js';
import type { VcapPaths } from '../../src/agent/vcap-paths.js';
import { vcapPaths } from '../../src/agent/vcap-paths.js';

/** Real time, 100 times faster: a drain's "sleep 1 s" takes 10 ms, the 10 s kill grace 100 ms. */
const fastClock: Clock = {
  nowMs: () => systemClock.nowMs() * 100,
  sleep: (ms, signal) => systemClock.sleep(ms / 100, signal),
};

const updateParams: DrainParams = {
  jobChange: 'job_changed',
  hashChange: 'hash_changed',
  updatedPackages: ['nginx', 'ruby'],
  jobState: '{"persistent_disk":1024}',
  jobNextState: '{"persistent_disk":2048}',
};

let root = '';
let paths: VcapPaths;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-drain-'));
  paths = vcapPaths(root);
  await prepareBaseLayout(paths);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeDrain(job: string, body: string): Promise<void> {
  const dir = join(paths.jobDir(job), 'bin');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'drain'), `#!/bin/bash\n${body}`);
  await chmod(join(dir, 'drain'), 0o750);
}

const drain = (jobNames: string[], extra: { signal?: AbortSignal; failOnNonZeroExit?: boolean } = {}) =>
  runDrainScripts({
    paths,
    jobNames,
    params: updateParams,
    baseEnv: { PATH: '/opt/bin' },
    clock: fastClock,
    ...extra,
  });

const rejectionOf = (promise: Promise<unknown>): Promise<HookScriptsError> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as HookScriptsError,
  );

const readLog = (job: string, name: string): Promise<string> =>
  readFile(join(paths.jobLogDir(job), name), 'utf8');

async function isGroupAlive(pgid: number): Promise<boolean> {
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

describe('runDrainScripts', () => {
  it('runs a static drain with the arguments and environment of the protocol, and logs its output', async () => {
    const record = join(root, 'record');
    await writeDrain(
      'web',
      `echo "$*|$PATH|$BOSH_JOB_STATE|\${BOSH_JOB_NEXT_STATE-absent}" >> ${record}\necho draining >&2\necho 0\n`,
    );
    await drain(['web', 'without_drain']);
    expect(await readFile(record, 'utf8')).toBe(
      'job_changed hash_changed nginx ruby|/usr/sbin:/usr/bin:/sbin:/bin|{"persistent_disk":1024}|{"persistent_disk":2048}\n',
    );
    expect(await readLog('web', 'drain.stdout.log')).toBe('0\n');
    expect(await readLog('web', 'drain.stderr.log')).toBe('draining\n');
  });

  it('calls a dynamic drain again with job_check_status and no next state until it is not negative', async () => {
    const record = join(root, 'record');
    const count = join(root, 'count');
    await writeDrain(
      'web',
      `echo "$*|\${BOSH_JOB_NEXT_STATE-absent}" >> ${record}\n` +
        `n=$(cat ${count} 2>/dev/null || echo 0); echo $((n+1)) > ${count}\n` +
        'if [ "$n" -lt 2 ]; then echo -1; else echo 0; fi\n',
    );
    await drain(['web']);
    expect((await readFile(record, 'utf8')).split('\n')).toEqual([
      'job_changed hash_changed nginx ruby|{"persistent_disk":2048}',
      'job_check_status hash_unchanged|absent',
      'job_check_status hash_unchanged|absent',
      '',
    ]);
    expect(await readLog('web', 'drain.stdout.log')).toBe('-1\n-1\n0\n');
  });

  it('fails a job whose drain does not print a signed integer, and keeps the others', async () => {
    await writeDrain('web', 'echo "draining..."\necho "oops" >&2\n');
    await writeDrain('db', 'echo 0\n');
    const error = await rejectionOf(drain(['web', 'db']));
    expect(error.code).toBe('DRAIN_SCRIPTS_FAILED');
    expect(error.message).toBe('1 of 2 drain scripts failed. Failed Jobs: web. Successful Jobs: db.');
    expect(error.failures).toEqual([
      {
        job: 'web',
        exitCode: 0,
        signal: null,
        error: 'Script did not return a signed integer: parsing "draining...": invalid syntax',
        stdoutTail: 'draining...\n',
        stderrTail: 'oops\n',
      },
    ]);
  });

  it('accepts a non-zero exit with an integer, unless failOnNonZeroExit is set', async () => {
    await writeDrain('web', 'echo 0\nexit 3\n');
    await drain(['web']);
    const error = await rejectionOf(drain(['web'], { failOnNonZeroExit: true }));
    expect(error.message).toBe('1 of 1 drain scripts failed. Failed Jobs: web.');
    expect(error.failures[0]).toMatchObject({ exitCode: 3, error: 'Drain script exited with code 3' });
  });

  it('kills the process group with SIGTERM when cancelled', async () => {
    const pidFile = join(root, 'pid');
    await writeDrain('web', `sleep 300 &\necho $$ > ${pidFile}\nwait\necho 0\n`);
    const cancel = new AbortController();
    const run = rejectionOf(drain(['web'], { signal: cancel.signal }));
    const pgid = Number(await waitForFile(pidFile));
    cancel.abort();
    const error = await run;
    expect(error).toMatchObject({
      code: 'DRAIN_SCRIPTS_CANCELLED',
      message: 'Script was cancelled by user request',
    });
    expect(error.failures[0]).toMatchObject({
      job: 'web',
      signal: 'SIGTERM',
      error: 'Script was cancelled by user request',
    });
    expect(await isGroupAlive(pgid)).toBe(false);
  });

  it('kills the process group with SIGKILL when it ignores SIGTERM for the grace period', async () => {
    const pidFile = join(root, 'pid');
    await writeDrain('web', `trap '' TERM\nsleep 300 &\necho $$ > ${pidFile}\nwait\necho 0\n`);
    const cancel = new AbortController();
    const run = rejectionOf(drain(['web'], { signal: cancel.signal }));
    const pgid = Number(await waitForFile(pidFile));
    const cancelledAt = Date.now();
    cancel.abort();
    const error = await run;
    expect(Date.now() - cancelledAt).toBeGreaterThanOrEqual(90); // the 10 s grace on the fast clock
    expect(error.failures[0]).toMatchObject({
      signal: 'SIGKILL',
      error: 'Script was cancelled by user request',
    });
    expect(await isGroupAlive(pgid)).toBe(false);
  });

  it('ends a drain sleep when cancelled', async () => {
    await writeDrain('web', 'echo 100000\n');
    const cancel = new AbortController();
    const run = rejectionOf(drain(['web'], { signal: cancel.signal }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    cancel.abort();
    expect((await run).message).toBe('Script was cancelled by user request');
  });
});
