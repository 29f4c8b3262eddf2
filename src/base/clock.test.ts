import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock.js';

describe('FakeClock', () => {
  it('wakes sleepers in time order and only when their time has come', async () => {
    const clock = new FakeClock(0);
    const woke: string[] = [];
    void clock.sleep(300).then(() => woke.push(`b@${clock.nowMs()}`));
    void clock.sleep(100).then(() => woke.push(`a@${clock.nowMs()}`));
    await clock.advance(99);
    expect(woke).toEqual([]);
    await clock.advance(250);
    expect(woke).toEqual(['a@100', 'b@300']);
    expect(clock.nowMs()).toBe(349);
  });

  it('lets a loop that sleeps again see every step of one advance', async () => {
    const clock = new FakeClock(0);
    const ticks: number[] = [];
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 3; i += 1) {
        await clock.sleep(1000);
        ticks.push(clock.nowMs());
      }
    };
    const done = loop();
    await clock.advance(5000);
    await done;
    expect(ticks).toEqual([1000, 2000, 3000]);
  });

  it('rejects a sleep with the abort reason and forgets it', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort(new Error('cancelled by test'));
    await expect(sleeping).rejects.toThrow('cancelled by test');
    expect(clock.pendingSleeps).toBe(0);
  });
});
