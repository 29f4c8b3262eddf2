import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../base/index.js';
import { PollTicker } from './poll-ticker.js';

describe('PollTicker', () => {
  it('wakes every waiter with one timer', async () => {
    const clock = new FakeClock();
    const ticker = new PollTicker(clock, 200);
    const woken: string[] = [];
    const a = ticker.wait(new AbortController().signal).then(() => woken.push('a'));
    await clock.advance(50);
    const b = ticker.wait(new AbortController().signal).then(() => woken.push('b'));
    expect(clock.pendingSleeps).toBe(1);
    await clock.advance(149);
    expect(woken).toEqual([]);
    await clock.advance(1);
    await Promise.all([a, b]);
    expect(woken).toEqual(['a', 'b']);
  });

  it('rejects a waiter whose signal aborts, without disturbing the others', async () => {
    const clock = new FakeClock();
    const ticker = new PollTicker(clock, 200);
    const cancel = new AbortController();
    const cancelled = ticker.wait(cancel.signal);
    const other = ticker.wait(new AbortController().signal);
    cancel.abort(new Error('unmonitored'));
    await expect(cancelled).rejects.toThrow('unmonitored');
    await clock.advance(200);
    await expect(other).resolves.toBeUndefined();
    expect(() => ticker.wait(cancel.signal)).toThrow('unmonitored');
  });
});
