import { describe, expect, it } from 'vitest';
import { inspectRubyValue } from './ruby-inspect.js';
import { RubySymbol, type RubyValue } from './ruby-value.js';

// Expected texts are what Ruby 3.4.1 prints for `value.inspect`.
describe('inspectRubyValue', () => {
  it.each<[RubyValue, string]>([
    [null, 'nil'],
    [true, 'true'],
    [5n, '5'],
    [1, '1.0'],
    [0.1, '0.1'],
    [1e15, '1.0e+15'],
    [123456789012345, '123456789012345.0'],
    [1234567890123456.8, '1234567890123456.8'],
    [0.00001, '1.0e-05'],
    [-0, '-0.0'],
    [Infinity, 'Infinity'],
    ['web server', '"web server"'],
    ['a"b\\c\n\x1b\x01#{x} #x é', '"a\\"b\\\\c\\n\\e\\u0001\\#{x} #x é"'],
    [new RubySymbol('x'), ':x'],
    [new RubySymbol('y z'), ':"y z"'],
    [['a', 1n, null], '["a", 1, nil]'],
    [
      new Map<RubyValue, RubyValue>([
        ['a', 1n],
        [new RubySymbol('b'), 2n],
        [new RubySymbol('c d'), 3n],
        [null, new Map()],
      ]),
      '{"a" => 1, b: 2, "c d": 3, nil => {}}',
    ],
  ])('prints %o as Ruby 3.4 does', (value, text) => {
    expect(inspectRubyValue(value)).toBe(text);
  });
});
