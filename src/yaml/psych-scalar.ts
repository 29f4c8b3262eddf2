import { RubySymbol, type RubyScalar } from './ruby-value.js';

/**
 * Psych 5.2's implicit scalar resolution (`Psych::ScalarScanner#tokenize` with
 * `strict_integer: false`, as `YAML.safe_load` runs it on Ruby 3.4), for plain scalars and
 * for scalars with a tag Psych does not special-case. The regexes below are Psych's own,
 * checked against Psych 5.2.2 (libyaml 0.2.5). Ruby's `^`/`$` are line anchors; the only
 * regex where that matters (strings with a newline) uses the `m` flag.
 *
 * `symbol` interns symbols for one load, as Ruby symbols are unique.
 * Throws {@link RubyConversionError} where Ruby raises (`Float("e+5")`).
 */
export function tokenizeScalar(s: string, symbol: (name: string) => RubySymbol): RubyScalar {
  if (s === '') return null;
  if (STRINGISH.test(s) || s.includes('\n')) {
    if ([...s].length > 5) return s;
    if (/^[^ytonf~]/im.test(s)) return s;
    if (s === '~' || /^null$/im.test(s)) return null;
    if (/^(yes|true|on)$/im.test(s)) return true;
    if (/^(no|false|off)$/im.test(s)) return false;
    return s;
  }
  // Psych makes Time and Date objects here, which safe_load then rejects
  // ("Tried to load unspecified class: Date"); Bosun keeps the text, as a String.
  if (TIME.test(s) || DATE.test(s)) return s;
  if (/^\+?\.inf$/i.test(s)) return Infinity;
  if (/^-\.inf$/i.test(s)) return -Infinity;
  if (/^\.nan$/i.test(s)) return NaN;
  if (/^:./.test(s)) {
    const quoted = /^:(["'])(.*)\1/.exec(s);
    return symbol(quoted ? quoted[2]!.replace(/^:/, '') : s.slice(1));
  }
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$/.test(s)) {
    // Psych weights the parts 60^|i-2|, so `1:30` is 1*3600 + 30*60 = 5400 (not 90).
    return s
      .split(':')
      .reduce((sum, part, i) => sum + rubyStringToI(part) * 60n ** BigInt(Math.abs(i - 2)), 0n);
  }
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$/.test(s)) {
    return s.split(':').reduce((sum, part, i) => sum + rubyStringToF(part) * 60 ** Math.abs(i - 2), 0);
  }
  if (FLOAT.test(s)) {
    if (/^[-+]?\.$/.test(s)) return s;
    return rubyFloat(s.replace(/[,_]/g, '').replace(/\.([Ee]|$)/, '$1'));
  }
  if (INTEGER_LEGACY.test(s)) return parseRubyInteger(s.replace(/[,_]/g, ''));
  return s;
}

/** A Ruby conversion failure (`ArgumentError`/`TypeError`), with Ruby's message. */
export class RubyConversionError extends Error {
  override readonly name = 'RubyConversionError';
}

// Psych's "looks like a String" check: the anchor `^` also matches after a newline in Ruby.
const STRINGISH = /^[^\d.:-]?[\p{Alphabetic}_ \t\n\v\f\r!@#$%^&*(){}<>|/\\~;=]+/mu;
const TIME =
  /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|[ \t\n\v\f\r]+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:[ \t\n\v\f\r]*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/;
const DATE = /^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$/;
const FLOAT = /^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$/;
const INTEGER_LEGACY =
  /^(?:[-+]?0b[_,]*[0-1][0-1_,]*|[-+]?0[_,]*[0-7][0-7_,]*|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[_,]*[0-9a-fA-F][0-9a-fA-F_,]*)$/;

/** Ruby's `Integer(s)` for the already-validated, separator-free forms of INTEGER_LEGACY. */
function parseRubyInteger(s: string): bigint {
  const negative = s.startsWith('-');
  const body = s.replace(/^[-+]/, '');
  let n: bigint;
  if (body.startsWith('0b') || body.startsWith('0x')) n = BigInt(body);
  else if (body.length > 1 && body.startsWith('0')) n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body);
  return negative ? -n : n;
}

/** Ruby's `String#to_i` (base 10): sign, digits with single `_` between them, stops at junk. */
export function rubyStringToI(s: string): bigint {
  const m = /^[ \t\n\v\f\r]*([-+]?)(\d+(?:_\d+)*)/.exec(s);
  if (!m) return 0n;
  const n = BigInt(m[2]!.replaceAll('_', ''));
  return m[1] === '-' ? -n : n;
}

/** Ruby's `String#to_f` for decimal text: lenient, stops at the first character it cannot use. */
export function rubyStringToF(s: string): number {
  const m = /^[ \t\n\v\f\r]*([-+]?)(\d+(?:_\d+)*)?(?:\.(\d+(?:_\d+)*))?(?:[eE]([-+]?\d+(?:_\d+)*))?/.exec(s);
  if (!m || (m[2] === undefined && m[3] === undefined)) return 0;
  const text = `${m[1]}${m[2] ?? '0'}.${m[3] ?? '0'}e${m[4] ?? '0'}`.replaceAll('_', '');
  return Number(text);
}

const SPACE = '[ \\t\\n\\v\\f\\r]*';
const DIGITS = '\\d+(?:_\\d+)*';
const DECIMAL_FLOAT = new RegExp(
  `^${SPACE}([-+]?)((?:${DIGITS})?(?:\\.(?:${DIGITS})?)?)(?:[eE]([-+]?${DIGITS}))?${SPACE}$`,
);
const HEX_FLOAT = new RegExp(
  `^${SPACE}([-+]?)0[xX]([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)(?:\\.([0-9a-fA-F]*))?(?:[pP]([-+]?\\d+))?${SPACE}$`,
);

/**
 * Ruby's `Float(x)` (Kernel#Float), strict: raises for text that is not wholly a number,
 * for `nil`, booleans and Symbols. Integers convert; Floats pass through.
 */
export function rubyFloat(v: RubyScalar): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v === null || typeof v === 'boolean')
    throw new RubyConversionError(`can't convert ${v === null ? 'nil' : String(v)} into Float`);
  if (v instanceof RubySymbol) throw new RubyConversionError("can't convert Symbol into Float");
  const dec = DECIMAL_FLOAT.exec(v);
  if (dec && /\d/.test(dec[2]!) && dec[2] !== '.') {
    const mantissa = dec[2]!.replaceAll('_', '');
    return Number(
      `${dec[1]}${mantissa.startsWith('.') ? '0' : ''}${mantissa}e${(dec[3] ?? '0').replaceAll('_', '')}`,
    );
  }
  const hex = HEX_FLOAT.exec(v);
  if (hex) {
    const whole = Number.parseInt(hex[2]!.replaceAll('_', ''), 16);
    const frac = [...(hex[3] ?? '')].reduce((acc, d, i) => acc + Number.parseInt(d, 16) / 16 ** (i + 1), 0);
    const value = (whole + frac) * 2 ** Number(hex[4] ?? '0');
    return hex[1] === '-' ? -value : value;
  }
  throw new RubyConversionError(`invalid value for Float(): ${rubyInspect(v)}`);
}

/** Ruby's `String#inspect`, enough for error messages. */
export function rubyInspect(s: string): string {
  return JSON.stringify(s).replaceAll('#{', '\\#{');
}
