import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/support/error-of.js';
import { isBosunError } from '../base/index.js';
import { fromRubyValue, RubySymbol, toRubyValue } from '../yaml/index.js';
import type { RubyHash, RubyValue } from '../yaml/index.js';
import {
  compareRubyValues,
  copyProperty,
  lookupProperty,
  setProperty,
  sortProperty,
  validatePropertiesFormat,
} from './property-helper.js';

const rb = (js: unknown): RubyValue => toRubyValue(js);
const hash = (js: object): RubyHash => toRubyValue(js) as RubyHash;
/** Order-sensitive view, as Ruby's `to_json` prints it. */
const json = (v: RubyValue): string => JSON.stringify(fromRubyValue(v));


describe('copyProperty', () => {
  it('T55 copies only the named leaf when the source has siblings', () => {
    const dst: RubyHash = new Map();
    copyProperty(dst, rb({ foo: { bar: 'baz', secret: 'zazzle' } }), 'foo.bar');
    expect(json(dst)).toBe('{"foo":{"bar":"baz"}}');
  });

  it('T56 adds a default for a missing path next to existing values', () => {
    const dst: RubyHash = new Map();
    const src = rb({ foo: { bar: 'baz', secret: 'zazzle' } });
    copyProperty(dst, src, 'foo.bar');
    copyProperty(dst, src, 'no.such.prop', 'default');
    expect(json(dst)).toBe('{"foo":{"bar":"baz"},"no":{"such":{"prop":"default"}}}');
  });

  it.each<[string, RubyValue, string, RubyValue | undefined, string]>([
    [
      'T57 uses the default when the source is empty',
      rb({}),
      'foo.bar',
      'foobar',
      '{"foo":{"bar":"foobar"}}',
    ],
    [
      'T59 keeps false over a true default',
      rb({ foo: { bar: false } }),
      'foo.bar',
      true,
      '{"foo":{"bar":false}}',
    ],
    [
      'T60 stores nil when there is no value and no default',
      rb({}),
      'foo.bar',
      undefined,
      '{"foo":{"bar":null}}',
    ],
    ['keeps 0 over a default', rb({ a: 0 }), 'a', 5n, '{"a":0}'],
    ['uses the default for an explicit nil', rb({ a: null }), 'a', 'd', '{"a":"d"}'],
  ])('%s', (_name, src, name, dflt, expected) => {
    const dst: RubyHash = new Map();
    copyProperty(dst, src, name, dflt);
    expect(json(dst)).toBe(expected);
  });

  it('T58 raises InvalidPropertyType when the source is false', () => {
    const e = errorOf(() => copyProperty(new Map(), false, 'foo.bar', 'foobar'));
    expect(isBosunError(e, 'INVALID_PROPERTY_TYPE')).toBe(true);
    expect((e).message).toBe("Property 'foo.bar' expects a hash, but received 'FalseClass'");
  });
});

describe('lookupProperty', () => {
  const props = rb({ foo: { bar: 'baz' }, router: { token: 'foo' } });

  it.each<[string, string, string]>([
    ['T61 finds a nested leaf', 'foo.bar', '"baz"'],
    ['T61 finds a hash', 'router', '{"token":"foo"}'],
    ['T61 misses a path that is not there', 'no.prop', 'null'],
    ['misses below a String (deliberate deviation from Ruby substring indexing)', 'foo.bar.a', 'null'],
  ])('%s', (_name, name, expected) => {
    expect(json(lookupProperty(props, name))).toBe(expected);
  });

  it.each<[string, RubyValue]>([
    ['nil', null],
    ['a String', 'hello'],
    ['an Array', rb([1, 2])],
    ['an Integer', 3n],
  ])('returns nil when the collection is %s', (_name, collection) => {
    expect(lookupProperty(collection, 'ell')).toBeNull();
  });

  it('does not match a Symbol key with a String name', () => {
    expect(lookupProperty(new Map([[new RubySymbol('a'), 1n]]), 'a')).toBeNull();
  });
});

describe('setProperty', () => {
  it.each<[string, string, string]>([
    ['T62 sets a top-level key', 'foo', '{"foo":"bar"}'],
    ['T62 creates the nested path', 'foo.smurf.color', '{"foo":{"smurf":{"color":"bar"}}}'],
  ])('%s', (_name, name, expected) => {
    const dst: RubyHash = new Map();
    setProperty(dst, name, 'bar');
    expect(json(dst)).toBe(expected);
  });

  it('writes into an existing hash and replaces a nil intermediate', () => {
    const dst = hash({ a: { x: 1 }, b: null });
    setProperty(dst, 'a.y', 2n);
    setProperty(dst, 'b.c', 3n);
    expect(json(dst)).toBe('{"a":{"x":1,"y":2},"b":{"c":3}}');
  });

  it('throws InvalidPropertyType when an intermediate is a String', () => {
    const e = errorOf(() => setProperty(hash({ a: 'x' }), 'a.b', 1n));
    expect((e).message).toBe("Property 'a.b' expects a hash, but received 'String'");
  });
});

describe('sortProperty', () => {
  it('T63 sorts hash keys at every level and leaves arrays alone', () => {
    const sorted = sortProperty(rb({ n5: { m2: 'foo', m1: 'foo' }, n1: 'foo', n3: [3, 2, 1, 5, 4] }));
    expect(json(sorted)).toBe('{"n1":"foo","n3":[3,2,1,5,4],"n5":{"m1":"foo","m2":"foo"}}');
  });

  it('T64 returns a String unchanged', () => {
    expect(sortProperty('foo')).toBe('foo');
  });

  it('does not sort hashes inside arrays (as BOSH)', () => {
    expect(json(sortProperty(rb({ a: [{ z: 1, y: 2 }] })))).toBe('{"a":[{"z":1,"y":2}]}');
  });

  it('orders String keys by bytes, not by locale', () => {
    const sorted = sortProperty(
      rb({ b: 1, B: 2, a: 3, _: 4, é: 5, '\u{1F600}': 6, '\uFF01': 7 }),
    ) as RubyHash;
    expect([...sorted.keys()]).toEqual(['B', '_', 'a', 'b', 'é', '\uFF01', '\u{1F600}']);
  });

  it('orders Integer keys numerically and Symbols by name', () => {
    const ints = sortProperty(
      new Map<RubyValue, RubyValue>([
        [10n, 'a'],
        [9n, 'b'],
        [1.5, 'c'],
      ]),
    ) as RubyHash;
    expect([...ints.keys()]).toEqual([1.5, 9n, 10n]);
    const syms = sortProperty(
      new Map([
        [new RubySymbol('b'), 1n],
        [new RubySymbol('a'), 2n],
      ]),
    ) as RubyHash;
    expect([...syms.keys()].map(String)).toEqual([':a', ':b']);
  });

  it('throws like Ruby when keys cannot be compared', () => {
    const e = errorOf(() =>
      sortProperty(
        new Map<RubyValue, RubyValue>([
          ['a', 1n],
          [1n, 2n],
        ]),
      ),
    );
    expect(isBosunError(e, 'PROPERTY_SORT_FAILED')).toBe(true);
    expect((e).message).toBe('comparison of Array with Array failed');
  });

  it('returns new hashes and leaves the input order as it was', () => {
    const input = hash({ b: { d: 1, c: 2 }, a: 1 });
    sortProperty(input);
    expect(json(input)).toBe('{"b":{"d":1,"c":2},"a":1}');
  });
});

describe('validatePropertiesFormat', () => {
  it('T65 accepts a valid nested path', () => {
    expect(() => validatePropertiesFormat(rb({ foo: { bar: 'omg' } }), 'foo.bar')).not.toThrow();
  });

  it.each<[string, RubyValue, string, string]>([
    ['T66 a String in the middle', rb({ foo: { yarb: 'i am incorrect' } }), 'foo.yarb.pow', 'String'],
    ['T67 false at the top', false, 'a', 'FalseClass'],
    ['an Integer in the middle', rb({ a: 1 }), 'a.b', 'Integer'],
    ['an Array in the middle', rb({ a: [1] }), 'a.b', 'Array'],
  ])('%s raises InvalidPropertyType', (_name, props, name, klass) => {
    const e = errorOf(() => validatePropertiesFormat(props, name));
    expect((e).message).toBe(`Property '${name}' expects a hash, but received '${klass}'`);
  });

  it('stops at the first missing segment', () => {
    expect(() => validatePropertiesFormat(rb({ a: null }), 'a.b.c')).not.toThrow();
  });
});

describe('compareRubyValues', () => {
  it.each<[string, RubyValue, RubyValue, number | undefined]>([
    ['big Integers exactly', 2n ** 64n, 2n ** 64n + 1n, -1],
    ['an Integer with an equal Float', 1n, 1.0, 0],
    ['nil with nil', null, null, 0],
    ['true with false', true, false, undefined],
    ['NaN with a number', Number.NaN, 1n, undefined],
  ])('compares %s', (_name, a, b, expected) => {
    expect(compareRubyValues(a, b)).toBe(expected);
  });
});
