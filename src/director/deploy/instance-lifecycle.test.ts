import { describe, expect, it } from 'vitest';
import { FakeClock, BosunError } from '../../base/index.js';
import { FakeInstanceAgent } from './fake-instance-agent.js';
import { startInstance, stopInstance } from './instance-lifecycle.js';
import { runPostDeploy } from './run-post-deploy.js';
import { waitForRunning } from './wait-for-running.js';

const keepVm = {
  skipPreStopAndDrain: false,
  drainType: 'update' as const,
  intent: 'keep_vm' as const,
  preStopEnv: { BOSH_VM_NEXT_STATE: 'keep', BOSH_INSTANCE_NEXT_STATE: 'keep', BOSH_DEPLOYMENT_NEXT_STATE: 'keep' },
};

async function settle<T>(clock: FakeClock, promise: Promise<T>, stepMs = 1000, steps = 100): Promise<T> {
  let done = false;
  const result = promise.finally(() => (done = true));
  for (let i = 0; i < steps && !done; i += 1) await clock.advance(stepMs);
  return result;
}

describe('stopInstance (§4.2 step 3)', () => {
  it('runs pre-stop with the intent env, drain with the next spec, stop, post-stop', async () => {
    const agent = new FakeInstanceAgent();
    const steps: string[] = [];
    await stopInstance({ name: 'web/1 (0)', agent }, keepVm, { next: true }, (s) => steps.push(s));
    expect(agent.calls).toEqual(['run_script:pre-stop', 'drain:update', 'stop', 'run_script:post-stop']);
    expect(agent.args[0]).toEqual(['pre-stop', { env: keepVm.preStopEnv }]);
    expect(agent.args[1]).toEqual(['update', { next: true }]);
    expect(steps).toEqual(['executing pre-stop', 'executing drain', 'stopping jobs', 'executing post-stop']);
  });

  it('skips pre-stop and drain together under --skip-drain (§4.9 item 4)', async () => {
    const agent = new FakeInstanceAgent();
    const steps: string[] = [];
    await stopInstance({ name: 'web/1 (0)', agent }, { ...keepVm, skipPreStopAndDrain: true }, {}, (s) => steps.push(s));
    expect(agent.calls).toEqual(['stop', 'run_script:post-stop']);
    expect(steps[0]).toBe('skipped pre-stop & drain');
  });

  it('ignores a stop timeout as the Director does, but not other stop errors (§3.5)', async () => {
    const timedOut = new FakeInstanceAgent({ stop: () => Promise.reject(new Error("Timed out waiting for services 'web' to stop after 5 minutes")) });
    await stopInstance({ name: 'web/1 (0)', agent: timedOut }, keepVm, {}, () => undefined);
    expect(timedOut.calls.at(-1)).toBe('run_script:post-stop');
    const broken = new FakeInstanceAgent({ stop: () => Promise.reject(new Error('Stop all services')) });
    await expect(stopInstance({ name: 'web/1 (0)', agent: broken }, keepVm, {}, () => undefined)).rejects.toThrow('Stop all services');
    expect(broken.calls).not.toContain('run_script:post-stop');
  });
});

describe('startInstance (§4.2 steps 7-8)', () => {
  it('applies, runs pre-start, starts, waits for running, then post-start', async () => {
    const clock = new FakeClock(0);
    const agent = new FakeInstanceAgent();
    await settle(clock, startInstance({ name: 'web/1 (0)', agent }, { spec: 1 }, { minMs: 1000, maxMs: 2000 }, clock, () => undefined));
    expect(agent.calls).toEqual(['apply', 'run_script:pre-start', 'start', 'get_state', 'run_script:post-start']);
  });

  it('does not run post-start when the instance never gets to running (§4.6)', async () => {
    const clock = new FakeClock(0);
    const agent = new FakeInstanceAgent({
      get_state: () => ({ job_state: 'failing', processes: [{ name: 'nginx', state: 'failing' }, { name: 'sidecar', state: 'running' }] }),
    });
    const error = await settle(
      clock,
      startInstance({ name: 'web/abc (0)', agent }, {}, { minMs: 1000, maxMs: 2000 }, clock, () => undefined).catch((e: unknown) => e),
    );
    expect((error as BosunError).message).toBe("'web/abc (0)' is not running after update. Review logs for failed jobs: nginx");
    expect(agent.calls).toEqual(['apply', 'run_script:pre-start', 'start', 'get_state', 'get_state']);
  });

  it('stops before start when pre-start fails', async () => {
    const clock = new FakeClock(0);
    const agent = new FakeInstanceAgent({ 'run_script:pre-start': () => Promise.reject(new BosunError('X', '1 of 1 pre-start scripts failed. Failed Jobs: web.')) });
    await expect(startInstance({ name: 'web/1 (0)', agent }, {}, { minMs: 1000, maxMs: 1000 }, clock, () => undefined)).rejects.toThrow(
      '1 of 1 pre-start scripts failed. Failed Jobs: web.',
    );
    expect(agent.calls).toEqual(['apply', 'run_script:pre-start']);
  });
});

describe('waitForRunning (§4.6)', () => {
  it.each([
    ['1000-30000', 1000, 30000, 10],
    ['1000-2000', 1000, 2000, 2],
    ['5000', 5000, 5000, 1],
  ])('polls get_state on the schedule of %s', async (_label, minMs, maxMs, polls) => {
    const clock = new FakeClock(0);
    const agent = new FakeInstanceAgent({ get_state: () => ({ job_state: 'starting', processes: [] }) });
    const error = await settle(clock, waitForRunning({ name: 'g/u (0)', agent }, { minMs, maxMs }, clock).catch((e: unknown) => e), 500, 200);
    expect(agent.calls.length).toBe(polls);
    expect((error as Error).message).toBe("'g/u (0)' is not running after update.");
  });

  it('returns as soon as the state is running', async () => {
    const clock = new FakeClock(0);
    let polls = 0;
    const agent = new FakeInstanceAgent({ get_state: () => ({ job_state: (polls += 1) === 3 ? 'running' : 'starting' }) });
    await settle(clock, waitForRunning({ name: 'g/u (0)', agent }, { minMs: 1000, maxMs: 30000 }, clock));
    expect(polls).toBe(3);
  });
});

describe('runPostDeploy (§4.2 step 9)', () => {
  it('runs every instance, at most max_threads at once, and reports each failure', async () => {
    let running = 0;
    let peak = 0;
    const slow = (fail: boolean) =>
      new FakeInstanceAgent({
        'run_script:post-deploy': async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 20));
          running -= 1;
          if (fail) throw new Error('1 of 1 post-deploy scripts failed. Failed Jobs: web.');
          return {};
        },
      });
    const targets = [slow(false), slow(true), slow(false), slow(false), slow(false)].map((agent, i) => ({ name: `web/${i} (${i})`, agent }));
    const outcomes = await runPostDeploy(targets, 2);
    expect(peak).toBe(2);
    expect(outcomes.map((o) => [o.instance, o.error === undefined])).toEqual([
      ['web/0 (0)', true],
      ['web/1 (1)', false],
      ['web/2 (2)', true],
      ['web/3 (3)', true],
      ['web/4 (4)', true],
    ]);
  });
});
