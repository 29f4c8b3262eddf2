/** Outcome of parsing a drain script's stdout: the integer, or why it is not one. */
export type DrainOutput =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: string };

/** Go's strings.TrimSpace set (Unicode White_Space), which differs from String.prototype.trim. */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';
const TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'gu');
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Parses drain stdout as the agent does: surrounding whitespace trimmed, then a signed decimal
 * integer (`strconv.Atoi`: optional `+`/`-`, digits only, 64-bit range). The error is
 * `Script did not return a signed integer: parsing "<text>": invalid syntax` (or
 * `value out of range`), BOSH's words around the parse error it wraps.
 */
export function parseDrainOutput(stdout: string): DrainOutput {
  const text = stdout.replace(TRIM, '');
  if (!/^[+-]?[0-9]+$/.test(text)) return failure(text, 'invalid syntax');
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) return failure(text, 'value out of range');
  return { ok: true, value: Number(value) };
}

function failure(text: string, reason: string): DrainOutput {
  return { ok: false, error: `Script did not return a signed integer: parsing ${goQuote(text)}: ${reason}` };
}

/** Go's %q for the common cases: escapes quotes, backslashes and control characters. */
export function goQuote(text: string): string {
  const named: Record<string, string> = {
    '"': '\\"',
    '\\': '\\\\',
    '\x07': '\\a',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\v': '\\v',
  };
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += named[ch] ?? (code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch);
  }
  return `"${out}"`;
}
