import { RubySymbol, type RubyValue } from './ruby-value.js';

/**
 * Ruby 3.4's `#inspect` of a value, for error messages that quote BOSH (`<name.inspect>`):
 * `"web"`, `nil`, `5`, `1.0`, `:sym`, `["a", 1]`, `{"a" => 1, b: 2}`.
 * Pure; cycles print as Ruby does (`[...]`, `{...}`).
 */
export function inspectRubyValue(v: RubyValue, seen: Set<object> = new Set()): string {
  if (v === null) return 'nil';
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return rubyFloatToS(v);
  if (typeof v === 'string') return inspectRubyString(v);
  if (v instanceof RubySymbol)
    return `:${/^[A-Za-z_][A-Za-z0-9_]*[?!=]?$/.test(v.name) ? v.name : inspectRubyString(v.name)}`;
  if (seen.has(v)) return Array.isArray(v) ? '[...]' : '{...}';
  seen.add(v);
  const out = Array.isArray(v)
    ? `[${v.map((x) => inspectRubyValue(x, seen)).join(', ')}]`
    : v.size === 0
      ? '{}'
      : `{${[...v].map(([k, x]) => `${inspectKey(k, seen)} ${inspectRubyValue(x, seen)}`).join(', ')}}`;
  seen.delete(v);
  return out;
}

function inspectKey(k: RubyValue, seen: Set<object>): string {
  // Ruby 3.4 prints Symbol keys as `name:` (quoted when needed) and every other key as `key =>`.
  if (k instanceof RubySymbol)
    return `${/^[A-Za-z_][A-Za-z0-9_]*[?!]?$/.test(k.name) ? k.name : inspectRubyString(k.name)}:`;
  return `${inspectRubyValue(k, seen)} =>`;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\f': '\\f',
  '\v': '\\v',
  '\b': '\\b',
  '\x07': '\\a',
  '\x1b': '\\e',
};

/** Ruby's `String#inspect` for a UTF-8 string. */
export function inspectRubyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = c.charCodeAt(0);
    if (ESCAPES[c] !== undefined) out += ESCAPES[c];
    else if (c === '#' && '{$@'.includes(s[i + 1] ?? '')) out += '\\#';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

/** Ruby's `Float#to_s`: `1.0`, `1.0e+16`, `1.0e-05`, `Infinity`, `NaN`. */
export function rubyFloatToS(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = Math.abs(v).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const decpt = Number(exp) + 1;
  const sign = v < 0 ? '-' : '';
  // Fixed notation up to 16 digits before the point, or 15 when there is no fraction.
  if (decpt > 0 && (decpt < digits.length ? decpt <= 16 : decpt <= 15)) {
    const whole = digits.slice(0, decpt).padEnd(decpt, '0');
    return `${sign}${whole}.${digits.slice(decpt) || '0'}`;
  }
  if (decpt <= 0 && decpt > -4) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  const e = decpt - 1;
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}
