import { describe, expect, it } from 'vitest';
import { calculateUpdateAmount, isUpdateAmount, parseCanaries, parseMaxInFlight } from './update-amount.js';

describe('parseMaxInFlight', () => {
  it.each([
    ['1', 10, 1],
    ['3', 10, 3],
    [4, 10, 4],
    ['25%', 10, 2],
    ['25%', 3, 1],
    ['10%', 3, 1],
    ['0%', 5, 1],
    ['100%', 7, 7],
    ['150%', 4, 4],
    ['0', 5, 1],
    ['-2', 5, 1],
    ['50%', 0, 1],
  ])('%j of %d instances is %d (at least 1)', (value, count, expected) => {
    expect(parseMaxInFlight(value, count)).toBe(expected);
  });
});

describe('parseCanaries', () => {
  it.each([
    ['1', 10, 1],
    ['0', 10, 0],
    ['-1', 10, 0],
    ['30%', 10, 3],
    ['10%', 3, 0],
    ['50%', 5, 2],
    ['5', 2, 2],
  ])('%j of %d instances is %d (not raised to 1)', (value, count, expected) => {
    expect(parseCanaries(value, count)).toBe(expected);
  });
});

describe('calculateUpdateAmount', () => {
  it.each(['abc', '1.5', '%', '25 %', ''])('cannot calculate %j', (value) => {
    expect(isUpdateAmount(value)).toBe(false);
    expect(() => calculateUpdateAmount(value, 3)).toThrow(
      expect.objectContaining({ code: 'UPDATE_AMOUNT_INVALID', message: `'${value}' cannot be calculated` }),
    );
  });

  it('keeps signed integers as they are', () => {
    expect(calculateUpdateAmount('+7', 3)).toBe(7);
    expect(calculateUpdateAmount('-3', 3)).toBe(-3);
  });
});
