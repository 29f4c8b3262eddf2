import { describe, expect, it } from 'vitest';
import { parseMonitFile, type MonitProcess } from '../../monit/index.js';
import { DEFAULT_SUPERVISION_POLICY as policy, planRestart, restartLimitOf } from './restart-policy.js';

const limit = { maxRestarts: 5, windowMs: 60_000 };
const now = 1_000_000;

describe('planRestart', () => {
  it.each<[string, number[], ReturnType<typeof planRestart>]>([
    ['restarts at once the first time', [], { kind: 'restart', delayMs: 0, restartsInWindow: 1 }],
    ['waits 1 s the second time', [now - 100], { kind: 'restart', delayMs: 1_000, restartsInWindow: 2 }],
    [
      'doubles the wait',
      [now - 3, now - 2, now - 1],
      { kind: 'restart', delayMs: 4_000, restartsInWindow: 4 },
    ],
    [
      'forgets restarts older than the window',
      [now - 60_000, now - 61_000],
      { kind: 'restart', delayMs: 0, restartsInWindow: 1 },
    ],
    [
      'gives up after 5 restarts within the window',
      [1, 2, 3, 4, 5].map((i) => now - i * 1000),
      { kind: 'give-up', restartsInWindow: 5 },
    ],
  ])('%s', (_case, times, expected) => {
    expect(planRestart(times, now, limit, policy)).toEqual(expected);
  });

  it('caps the wait at 30 s when a job allows many restarts', () => {
    const times = Array.from({ length: 9 }, (_, i) => now - i);
    expect(planRestart(times, now, { maxRestarts: 20, windowMs: 600_000 }, policy)).toEqual({
      kind: 'restart',
      delayMs: 30_000,
      restartsInWindow: 10,
    });
  });
});

describe('restartLimitOf', () => {
  const processOf = (rules: string): MonitProcess => {
    const file = parseMonitFile(
      `check process web with pidfile /p\n  start program "/bin/x"\n  group vcap\n${rules}`,
      {
        jobName: 'web',
      },
    );
    const process = file.processes[0];
    if (process === undefined) throw new Error('no process');
    return process;
  };

  it('uses the default when the job has no restart-limit rule', () => {
    expect(restartLimitOf(processOf(''), policy)).toEqual({ maxRestarts: 5, windowMs: 60_000 });
  });

  it("uses the job's `if N restarts within M cycles then timeout` rule", () => {
    expect(restartLimitOf(processOf('  if 3 restarts within 4 cycles then timeout\n'), policy)).toEqual({
      maxRestarts: 3,
      windowMs: 40_000,
    });
  });
});
