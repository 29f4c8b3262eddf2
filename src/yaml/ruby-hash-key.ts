import { RubySymbol, type RubyValue } from './ruby-value.js';

/**
 * A string that is equal for two values exactly when Ruby treats them as the same Hash key
 * (`eql?`): `1` and `1.0` differ, `0.0` and `-0.0` are the same, Symbols compare by name,
 * Arrays and Hashes by content (a Hash's order does not matter).
 */
export function rubyHashKeyOf(v: RubyValue, seen: Set<object> = new Set()): string {
  if (v === null) return 'n';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'bigint') return `i${v}`;
  if (typeof v === 'number') return `d${Object.is(v, -0) ? 0 : v}`;
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (v instanceof RubySymbol) return `y${JSON.stringify(v.name)}`;
  if (seen.has(v)) return 'r';
  seen.add(v);
  const out = Array.isArray(v)
    ? `[${v.map((x) => rubyHashKeyOf(x, seen)).join(',')}]`
    : `{${[...v]
        .map(([k, x]) => `${rubyHashKeyOf(k, seen)}=>${rubyHashKeyOf(x, seen)}`)
        .sort()
        .join(',')}}`;
  seen.delete(v);
  return out;
}
