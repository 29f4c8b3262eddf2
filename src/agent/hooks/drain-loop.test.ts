import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../base/index.js';
import type { DrainParams } from './drain-params.js';
import type { DrainLoopOptions, DrainLoopResult } from './drain-loop.js';
import { runDrainLoop } from './drain-loop.js';
import type { FakeOutcome } from './fake-script-runner.js';
import { FakeScriptRunner } from './fake-script-runner.js';

const params: DrainParams = {
  jobChange: 'job_changed',
  hashChange: 'hash_changed',
  updatedPackages: ['nginx', 'ruby'],
  jobState: '{"persistent_disk":1024}',
  jobNextState: '{"persistent_disk":0}',
};

function start(outcomes: FakeOutcome[], extra: Partial<DrainLoopOptions> = {}) {
  const clock = new FakeClock();
  const runner = new FakeScriptRunner(outcomes);
  const logged: string[] = [];
  let settled: DrainLoopResult | undefined;
  const done = runDrainLoop({
    path: '/var/vcap/jobs/web/bin/drain',
    params,
    baseEnv: { HOME: '/root', PATH: '/opt/bin' },
    stderrFd: 99,
    onStdout: (stdout) => {
      logged.push(stdout);
      return Promise.resolve();
    },
    failOnNonZeroExit: false,
    runProcess: runner.run,
    clock,
    killGraceMs: 10_000,
    ...extra,
  }).then((r) => (settled = r));
  return { clock, runner, logged, done, settled: () => settled };
}

describe('runDrainLoop', () => {
  it('sleeps the printed seconds once when the result is not negative (static drain)', async () => {
    const run = start([{ stdout: '5\n' }]);
    await run.clock.advance(4_999);
    expect(run.settled()).toBeUndefined();
    await run.clock.advance(1);
    expect(await run.done).toMatchObject({ stdout: '5\n' });
    expect(run.settled()?.error).toBeUndefined();
    expect(run.runner.calls.map((c) => c.args)).toEqual([['job_changed', 'hash_changed', 'nginx', 'ruby']]);
    expect(run.logged).toEqual(['5\n']);
  });

  it('calls again with job_check_status and no next state while the result is negative (dynamic drain)', async () => {
    const run = start([{ stdout: '-2' }, { stdout: '-1' }, { stdout: '0' }]);
    await run.clock.advance(2_000);
    expect(run.runner.calls).toHaveLength(2);
    await run.clock.advance(1_000);
    const result = await run.done;
    expect(result.error).toBeUndefined();
    expect(run.runner.calls.map((c) => c.args)).toEqual([
      ['job_changed', 'hash_changed', 'nginx', 'ruby'],
      ['job_check_status', 'hash_unchanged'],
      ['job_check_status', 'hash_unchanged'],
    ]);
    expect(run.runner.calls.map((c) => [c.env['BOSH_JOB_STATE'], c.env['BOSH_JOB_NEXT_STATE']])).toEqual([
      ['{"persistent_disk":1024}', '{"persistent_disk":0}'],
      ['{"persistent_disk":1024}', undefined],
      ['{"persistent_disk":1024}', undefined],
    ]);
    expect(run.runner.calls[0]).toMatchObject({
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root' },
    });
    expect(run.runner.calls[0]?.niceness).toBeUndefined();
  });

  it('accepts a non-zero exit when the script printed an integer', async () => {
    const run = start([{ exitCode: 3, stdout: '0' }]);
    await run.clock.advance(0);
    expect((await run.done).error).toBeUndefined();
  });

  it.each([
    { outcome: { exitCode: 3, stdout: '0' }, error: 'Drain script exited with code 3' },
    {
      outcome: { exitCode: null, signal: 'SIGKILL' as const, stdout: '0' },
      error: 'Drain script was killed by SIGKILL',
    },
  ])('fails with "$error" when failOnNonZeroExit is set', async ({ outcome, error }) => {
    const run = start([outcome], { failOnNonZeroExit: true });
    expect((await run.done).error).toBe(error);
  });

  it.each([
    {
      outcome: { stdout: 'done\n' },
      error: 'Script did not return a signed integer: parsing "done": invalid syntax',
    },
    {
      outcome: { exitCode: 1, stdout: '' },
      error: 'Script did not return a signed integer: parsing "": invalid syntax',
    },
    {
      outcome: { exitCode: null, execError: "'/var/vcap/jobs/web/bin/drain' is not executable" },
      error: "Running drain script: '/var/vcap/jobs/web/bin/drain' is not executable",
    },
  ])('fails with "$error" when the script gives $outcome', async ({ outcome, error }) => {
    const run = start([outcome]);
    expect((await run.done).error).toBe(error);
  });

  it('stops sleeping and reports the cancel when cancelled between calls', async () => {
    const cancel = new AbortController();
    const run = start([{ stdout: '-60' }], { signal: cancel.signal });
    await run.clock.advance(1_000);
    cancel.abort();
    expect((await run.done).error).toBe('Script was cancelled by user request');
    expect(run.runner.calls).toHaveLength(1);
  });

  it('reports the cancel when the script was cancelled while running', async () => {
    const run = start([{ exitCode: null, signal: 'SIGTERM', cancelled: true }]);
    expect(await run.done).toMatchObject({ error: 'Script was cancelled by user request' });
  });

  it('sleeps longer than the timer limit in pieces', async () => {
    const run = start([{ stdout: '3000000' }]); // 34.7 days
    await run.clock.advance(2 ** 31 - 1);
    expect(run.settled()).toBeUndefined();
    await run.clock.advance(3_000_000_000 - (2 ** 31 - 1));
    expect((await run.done).error).toBeUndefined();
  });
});
