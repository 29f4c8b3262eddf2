/**
 * Monit's `Util_handleEscapes`, applied to quoted strings (but not to the words of a
 * double-quoted command): `\n`, `\t`, `\r`, `\ ` (space), `\\` and `\0xHH`. Any other
 * backslash is kept. `\0x00` is kept as written, as monit does.
 */
export function handleMonitEscapes(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text.charAt(i + 1);
    const simple = SIMPLE_ESCAPES.get(next);
    if (simple !== undefined) {
      out += simple;
      i += 1;
      continue;
    }
    const hex = /^0x([0-9a-fA-F]{2})/.exec(text.slice(i + 1));
    if (hex?.[1] !== undefined && hex[1] !== '00') {
      out += String.fromCharCode(parseInt(hex[1], 16));
      i += 4;
      continue;
    }
    out += c;
  }
  return out;
}

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  [' ', ' '],
  ['\\', '\\'],
]);
