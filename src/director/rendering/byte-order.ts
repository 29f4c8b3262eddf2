/** Ruby's `String#<=>` on UTF-8 text: bytewise, unlike JavaScript's UTF-16 `<`. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
