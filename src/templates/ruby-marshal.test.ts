import { beforeAll, describe, expect, it } from 'vitest';
import { RubySymbol, type RubyValue } from '../yaml/index.js';
import { marshalRubyValue } from './ruby-marshal.js';
import { RubyVmHost } from './ruby-vm-host.js';

// DESIGN decision 2: values reach Ruby as Ruby would have loaded them from YAML.
let host: RubyVmHost;
beforeAll(async () => {
  host = await RubyVmHost.start();
});

const loadInRuby = (v: RubyValue): string =>
  host.evalRuby(`v = Marshal.load(${JSON.stringify(marshalRubyValue(v).toString('base64'))}.unpack1('m0')); "#{v.class} #{v.inspect}"`);

describe('marshalRubyValue', () => {
  it.each<[string, RubyValue, string]>([
    ['nil', null, 'NilClass nil'],
    ['true', true, 'TrueClass true'],
    ['false', false, 'FalseClass false'],
    ['zero', 0n, 'Integer 0'],
    ['small ints', [1n, -1n, 122n, 123n, -123n, -124n, 255n, 256n, -256n, 65536n], 'Array [1, -1, 122, 123, -123, -124, 255, 256, -256, 65536]'],
    ['fixnum edges', [2n ** 30n - 1n, -(2n ** 30n), 2n ** 30n, -(2n ** 30n) - 1n], 'Array [1073741823, -1073741824, 1073741824, -1073741825]'],
    ['integers beyond 2^53', 9007199254740993n, 'Integer 9007199254740993'],
    ['a 100-digit integer', 10n ** 100n + 7n, `Integer ${(10n ** 100n + 7n).toString()}`],
    ['negative big integer', -(2n ** 64n), 'Integer -18446744073709551616'],
    ['1.0 stays a Float', 1, 'Float 1.0'],
    ['floats', [0.1, -2.5, 1e20, 1.5e-7, 123456789.125], 'Array [0.1, -2.5, 1.0e+20, 1.5e-07, 123456789.125]'],
    ['float specials', [Infinity, -Infinity], 'Array [Infinity, -Infinity]'],
    ['NaN', NaN, 'Float NaN'],
    ['ASCII string', 'hello', 'String "hello"'],
    ['empty string', '', 'String ""'],
    ['Unicode string', 'héllo ✓ 🚀 日本', 'String "héllo ✓ 🚀 日本"'],
    ['symbols, repeated', [new RubySymbol('a'), new RubySymbol('b'), new RubySymbol('a')], 'Array [:a, :b, :a]'],
    ['Unicode symbol', new RubySymbol('ключ'), 'Symbol :ключ'],
    [
      'hash keeps key order and key types',
      new Map<RubyValue, RubyValue>([['z', 1n], ['a', 2n], [3n, 'three'], [new RubySymbol('s'), null]]),
      'Hash {"z" => 1, "a" => 2, 3 => "three", s: nil}',
    ],
    ['a long array', Array.from({ length: 300 }, (_, i) => BigInt(i)), `Array [${Array.from({ length: 300 }, (_, i) => i).join(', ')}]`],
  ])('loads %s in Ruby', (_name, value, expected) => {
    expect(loadInRuby(value)).toBe(expected);
  });

  it('gives strings the UTF-8 encoding', () => {
    const b64 = marshalRubyValue(['a', 'é']).toString('base64');
    expect(host.evalRuby(`Marshal.load(${JSON.stringify(b64)}.unpack1('m0')).map { |s| s.encoding.name }.join(',')`)).toBe('UTF-8,UTF-8');
  });
});
