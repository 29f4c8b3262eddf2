import { BosunError } from '../base/index.js';

/**
 * How long the Director watches an instance's processes after `start` (reference §4.6): the
 * first check after `minMs`, the last by `maxMs`.
 */
export interface WatchTime {
  readonly minMs: number;
  readonly maxMs: number;
}

/** The code of an invalid watch time (BOSH's `UpdateConfigInvalidWatchTime`). */
export const WATCH_TIME_INVALID = 'WATCH_TIME_INVALID';

/**
 * `canary_watch_time` / `update_watch_time` as BOSH's `UpdateConfig#parse_watch_times` reads
 * them: `N` or `min-max` in ms, spaces allowed, an Integer or a String. Throws BosunError
 * `WATCH_TIME_INVALID` with BOSH's messages.
 */
export function parseWatchTime(value: string | number | bigint): WatchTime {
  const text = String(value);
  const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  const single = /^\s*(\d+)\s*$/.exec(text);
  if (range === null && single === null) {
    throw new BosunError(WATCH_TIME_INVALID, 'Watch time should be an integer or a range of two integers', {
      hint: "Write a watch time in milliseconds, like 30000 or '1000-30000'.",
    });
  }
  const minMs = Number(range?.[1] ?? single?.[1]);
  const maxMs = Number(range?.[2] ?? single?.[1]);
  if (minMs > maxMs) {
    throw new BosunError(WATCH_TIME_INVALID, 'Min watch time cannot be greater than max watch time', {
      hint: `Swap the two numbers of '${text.trim()}'.`,
    });
  }
  return { minMs, maxMs };
}

const MIN_STEP_MS = 1000;
const MAX_STEP_MS = 15000;

/**
 * The waits between `start` and each `get_state` poll (`starter.rb`): the first after `minMs`,
 * then steps of `(maxMs - minMs) / 9` clamped to 1-15 s, as many as fit before `maxMs`.
 * In ms, fractional as in Ruby. Pure.
 */
export function watchSchedule(minMs: number, maxMs: number): number[] {
  const delta = maxMs - minMs;
  const step = Math.min(Math.max(MIN_STEP_MS, delta / 9), MAX_STEP_MS);
  const count = Math.floor(delta / step);
  return [minMs, ...Array.from({ length: count }, () => step)];
}
