import { describe, expect, it } from 'vitest';
import { parseWatchTime, watchSchedule } from './watch-time.js';

describe('parseWatchTime', () => {
  it.each([
    ['1000-30000', 1000, 30000],
    [' 1000 - 30000 ', 1000, 30000],
    ['5000', 5000, 5000],
    [5000, 5000, 5000],
    [5000n, 5000, 5000],
    ['0-0', 0, 0],
  ])('reads %s as min %d, max %d', (value, minMs, maxMs) => {
    expect(parseWatchTime(value)).toEqual({ minMs, maxMs });
  });

  it.each([
    ['abc', 'Watch time should be an integer or a range of two integers'],
    ['1000-', 'Watch time should be an integer or a range of two integers'],
    ['-1000', 'Watch time should be an integer or a range of two integers'],
    ['1.5', 'Watch time should be an integer or a range of two integers'],
    ['1000-2000-3000', 'Watch time should be an integer or a range of two integers'],
    ['30000-1000', 'Min watch time cannot be greater than max watch time'],
  ])('rejects %j with BOSH message %j', (value, message) => {
    expect(() => parseWatchTime(value)).toThrow(
      expect.objectContaining({ code: 'WATCH_TIME_INVALID', message: message }),
    );
  });
});

describe('watchSchedule', () => {
  const step = 29000 / 9;
  // The table of reference §4.6.
  it.each([
    ['1000-30000', [1000, ...Array<number>(9).fill(step)]],
    ['1000-2000', [1000, 1000]],
    ['5000', [5000]],
    ['30000-1200000', [30000, ...Array<number>(78).fill(15000)]],
  ])('waits for %s are as BOSH polls', (value, waits) => {
    const { minMs, maxMs } = parseWatchTime(value);
    expect(watchSchedule(minMs, maxMs)).toEqual(waits);
  });

  it('steps of 3222.2 ms for 1000-30000 end at the maximum', () => {
    const waits = watchSchedule(1000, 30000);
    expect(waits[1]).toBeCloseTo(3222.2, 1);
    expect(waits.reduce((a, b) => a + b, 0)).toBeCloseTo(30000, 6);
  });

  it('never steps below one second', () => {
    expect(watchSchedule(0, 2500)).toEqual([0, 1000, 1000]);
  });
});
