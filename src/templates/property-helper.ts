/**
 * BOSH's `PropertyHelper` (reference §2.4): dotted-name lookup, copy, set, recursive key sort
 * and hash-shape validation over Ruby values. Used by property binding (§2.2) and link
 * properties (§2.5).
 *
 * Deliberate deviation: Ruby indexes whatever node it meets (`"hello"["ell"]` is a substring
 * search, an Integer or Array raises TypeError). Here any non-Hash intermediate means "not
 * found". Binding validates the shape of every declared name first, so only undeclared names,
 * which are never found anyway, can tell the difference.
 */
import { BosunError } from '../base/index.js';
import { isRubyHash, rubyClassName, RubySymbol } from '../yaml/index.js';
import type { RubyHash, RubyValue } from '../yaml/index.js';

/**
 * The value at dotted `name` in `collection`, or `null` when any step is missing, nil, or not
 * a Hash. Never throws.
 */
export function lookupProperty(collection: RubyValue, name: string): RubyValue {
  let ref: RubyValue = collection;
  for (const key of name.split('.')) {
    if (!isRubyHash(ref)) return null;
    ref = ref.get(key) ?? null;
    if (ref === null) return null;
  }
  return ref;
}

/**
 * Throws InvalidPropertyType when the walk along `name` meets a non-Hash before it ends. The
 * walk stops early (without error) at the first missing segment; the leaf may be anything.
 */
export function validatePropertiesFormat(properties: RubyValue, name: string): void {
  let ref: RubyValue = properties;
  for (const key of name.split('.')) {
    if (!isRubyHash(ref)) throw invalidPropertyType(name, ref);
    ref = ref.get(key) ?? null;
    if (ref === null) return;
  }
}

/**
 * Copies dotted `name` from `src` into `dst` (creating intermediate hashes), using `default`
 * when the source value is absent or nil. `false` and `0` are kept. Validates the shape of
 * `src` like {@link validatePropertiesFormat}. The stored value is `src`'s own object, as in
 * Ruby; callers that need isolation clone first.
 */
export function copyProperty(
  dst: RubyHash,
  src: RubyValue,
  name: string,
  defaultValue: RubyValue = null,
): void {
  validatePropertiesFormat(src, name);
  const found = lookupProperty(src, name);
  setProperty(dst, name, found === null ? defaultValue : found);
}

/**
 * Sets dotted `name` in `dst` to `value`, creating intermediate hashes. Like Ruby's `||= {}`,
 * an intermediate that is nil or false is replaced by a new Hash. Any other non-Hash
 * intermediate throws InvalidPropertyType (Ruby would raise an unrelated TypeError or, for a
 * String, do a substring assignment).
 */
export function setProperty(dst: RubyHash, name: string, value: RubyValue): void {
  const keys = name.split('.');
  const leaf = keys.pop() as string;
  let ref = dst;
  for (const key of keys) {
    let next = ref.get(key) ?? null;
    if (next === null || next === false) {
      next = new Map();
      ref.set(key, next);
    }
    if (!isRubyHash(next)) throw invalidPropertyType(name, next);
    ref = next;
  }
  ref.set(leaf, value);
}

/**
 * Hash keys sorted recursively, the way Ruby's `hash.sort.to_h` orders them (`<=>` on
 * `[key, value]` pairs: Strings in byte order, numbers numerically). Returns new hashes;
 * arrays and scalars are returned as they are (array elements are not sorted, even hashes).
 * Keys that Ruby cannot compare (a String and an Integer) throw, as Ruby's sort does.
 */
export function sortProperty(value: RubyValue): RubyValue {
  if (!isRubyHash(value)) return value;
  const pairs: Array<[RubyValue, RubyValue]> = [];
  for (const [k, v] of value) pairs.push([k, sortProperty(v)]);
  pairs.sort((a, b) => {
    const order = compareRubyValues(a, b);
    if (order === undefined) {
      throw new BosunError('PROPERTY_SORT_FAILED', 'comparison of Array with Array failed', {
        hint: 'A hash property mixes key types that Ruby cannot order (for example a String and an Integer key).',
      });
    }
    return order;
  });
  return new Map(pairs);
}

/** Ruby's `<=>` over Ruby values: a negative, zero or positive number, or undefined for nil. */
export function compareRubyValues(a: RubyValue, b: RubyValue): number | undefined {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b);
  if (a instanceof RubySymbol && b instanceof RubySymbol) return compareCodePoints(a.name, b.name);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const order = compareRubyValues(a[i] as RubyValue, b[i] as RubyValue);
      if (order !== 0) return order;
    }
    return Math.sign(a.length - b.length);
  }
  // Object#<=>: 0 for the same object (nil, true, false, one Hash), nil otherwise.
  return a === b ? 0 : undefined;
}

/** The InvalidPropertyType error of BOSH, with its exact message. */
export function invalidPropertyType(name: string, received: RubyValue): BosunError {
  return new BosunError(
    'INVALID_PROPERTY_TYPE',
    `Property '${name}' expects a hash, but received '${rubyClassName(received)}'`,
  );
}

function isNumeric(v: RubyValue): v is bigint | number {
  return typeof v === 'bigint' || typeof v === 'number';
}

function compareNumbers(a: bigint | number, b: bigint | number): number | undefined {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  // Compare exactly when one side is a whole Float, so big Integers keep their precision.
  if (typeof a === 'number' && Number.isInteger(a) && typeof b === 'bigint')
    return compareNumbers(BigInt(a), b);
  if (typeof b === 'number' && Number.isInteger(b) && typeof a === 'bigint')
    return compareNumbers(a, BigInt(b));
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Ruby compares UTF-8 strings byte by byte, which is code-point order. JS `<` compares UTF-16
 * code units, which differs when a surrogate meets a unit at or above U+E000; shifting units
 * fixes that.
 */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixUp(x) - fixUp(y);
  }
  return Math.sign(a.length - b.length);
}

function fixUp(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
