import { describe, expect, it } from 'vitest';
import { runPool } from './run-pool.js';

describe('runPool', () => {
  it('runs at most limit items at once and keeps result order', async () => {
    let running = 0;
    let peak = 0;
    const results = await runPool([30, 10, 20, 5, 1], 2, async (ms, i) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running -= 1;
      return i * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
  });

  it('starts nothing new after a failure, lets in-flight items finish, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    await expect(
      runPool([0, 1, 2, 3], 2, async (_, i) => {
        started.push(i);
        if (i === 0) throw new Error('boom 0');
        await new Promise((r) => setTimeout(r, 20));
        finished.push(i);
      }),
    ).rejects.toThrow('boom 0');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([1]);
  });
});
