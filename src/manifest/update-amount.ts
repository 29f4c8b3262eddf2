import { BosunError } from '../base/index.js';

/** The code of a `canaries` or `max_in_flight` value that is neither a count nor a percentage. */
export const UPDATE_AMOUNT_INVALID = 'UPDATE_AMOUNT_INVALID';

const PERCENT = /^(\d+)%$/;
const COUNT = /^[-+]?\d+$/;

/** True when BOSH can calculate `value`: a signed integer or `K%`. */
export function isUpdateAmount(value: string): boolean {
  return PERCENT.test(value) || COUNT.test(value);
}

/**
 * BOSH's `NumericalValueCalculator`: `K%` of `size` rounded down and at most `size`, or the
 * signed integer itself. Throws BosunError `UPDATE_AMOUNT_INVALID` ('cannot be calculated').
 */
export function calculateUpdateAmount(value: string | number, size: number): number {
  const text = String(value);
  const percent = PERCENT.exec(text);
  if (percent !== null) return Math.min(Math.floor((Number(percent[1]) * size) / 100), size);
  if (COUNT.test(text)) return Number(text);
  throw new BosunError(UPDATE_AMOUNT_INVALID, `'${text}' cannot be calculated`, {
    hint: "Use a number of instances, like 2, or a percentage, like '25%'.",
  });
}

/** `max_in_flight` for `instanceCount` instances (§5.1): a count or percentage, at least 1. */
export function parseMaxInFlight(value: string | number, instanceCount: number): number {
  return Math.max(1, calculateUpdateAmount(value, instanceCount));
}

/**
 * `canaries` for `instanceCount` instances (§5.1): a count or percentage, at most
 * `instanceCount`; not raised to 1 (BOSH allows 0 canaries), negative counts mean none.
 */
export function parseCanaries(value: string | number, instanceCount: number): number {
  return Math.max(0, Math.min(calculateUpdateAmount(value, instanceCount), instanceCount));
}
