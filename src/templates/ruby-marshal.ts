import { RubySymbol, type RubyValue } from '../yaml/index.js';

/**
 * Encodes a Ruby value in Ruby's Marshal format 4.8, so that it reaches the embedded Ruby VM
 * exactly as Ruby would have loaded it from YAML: Integer vs Float, integers of any size,
 * Symbols, UTF-8 Strings, insertion-ordered Hashes. `Marshal.load` does the decoding in C,
 * which is much faster than walking a JSON tree in Ruby.
 */
export function marshalRubyValue(value: RubyValue): Buffer {
  const writer = new MarshalWriter();
  writer.bytes.push(4, 8);
  writer.write(value);
  return Buffer.from(writer.bytes);
}

const FIXNUM_MIN = -(2n ** 30n);
const FIXNUM_MAX = 2n ** 30n - 1n;

class MarshalWriter {
  readonly bytes: number[] = [];
  private readonly symbols = new Map<string, number>();

  write(v: RubyValue): void {
    if (v === null) this.bytes.push(0x30); // '0'
    else if (v === true) this.bytes.push(0x54); // 'T'
    else if (v === false) this.bytes.push(0x46); // 'F'
    else if (typeof v === 'bigint') this.writeInteger(v);
    else if (typeof v === 'number') this.writeFloat(v);
    else if (typeof v === 'string') this.writeString(v);
    else if (v instanceof RubySymbol) this.writeSymbol(v.name);
    else if (Array.isArray(v)) {
      this.bytes.push(0x5b); // '['
      this.writeLong(v.length);
      for (const item of v) this.write(item);
    } else {
      this.bytes.push(0x7b); // '{'
      this.writeLong(v.size);
      for (const [key, item] of v) {
        this.write(key);
        this.write(item);
      }
    }
  }

  private writeInteger(v: bigint): void {
    if (v >= FIXNUM_MIN && v <= FIXNUM_MAX) {
      this.bytes.push(0x69); // 'i'
      this.writeLong(Number(v));
      return;
    }
    this.bytes.push(0x6c, v < 0n ? 0x2d : 0x2b); // 'l', '-' or '+'
    let magnitude = v < 0n ? -v : v;
    const digits: number[] = [];
    while (magnitude > 0n) {
      digits.push(Number(magnitude & 0xffn));
      magnitude >>= 8n;
    }
    if (digits.length % 2 === 1) digits.push(0);
    this.writeLong(digits.length / 2);
    this.bytes.push(...digits);
  }

  private writeFloat(v: number): void {
    this.bytes.push(0x66); // 'f'
    let text: string;
    if (Number.isNaN(v)) text = 'nan';
    else if (v === Infinity) text = 'inf';
    else if (v === -Infinity) text = '-inf';
    else if (Object.is(v, -0)) text = '-0';
    else text = v.toString(); // shortest round-trip form; Ruby's strtod reads it back exactly
    this.writeRawBytes(Buffer.from(text, 'latin1'));
  }

  private writeString(v: string): void {
    // Every String is UTF-8, as Psych gives it: instance variable E = true.
    this.bytes.push(0x49, 0x22); // 'I', '"'
    this.writeRawBytes(Buffer.from(v, 'utf8'));
    this.writeLong(1);
    this.writeSymbol('E');
    this.bytes.push(0x54);
  }

  private writeSymbol(name: string): void {
    const known = this.symbols.get(name);
    if (known !== undefined) {
      this.bytes.push(0x3b); // ';'
      this.writeLong(known);
      return;
    }
    this.symbols.set(name, this.symbols.size);
    const encoded = Buffer.from(name, 'utf8');
    const isAscii = encoded.length === name.length;
    if (isAscii) {
      this.bytes.push(0x3a); // ':'
      this.writeRawBytes(encoded);
      return;
    }
    this.bytes.push(0x49, 0x3a); // 'I', ':'
    this.writeRawBytes(encoded);
    this.writeLong(1);
    this.writeSymbol('E');
    this.bytes.push(0x54);
  }

  private writeRawBytes(data: Buffer): void {
    this.writeLong(data.length);
    for (const b of data) this.bytes.push(b);
  }

  /** Marshal's variable-length integer ("w_long"). */
  private writeLong(n: number): void {
    if (n === 0) this.bytes.push(0);
    else if (n > 0 && n < 123) this.bytes.push(n + 5);
    else if (n < 0 && n > -124) this.bytes.push((n - 5) & 0xff);
    else {
      const out: number[] = [];
      let x = n;
      for (let i = 0; i < 4; i++) {
        out.push(x & 0xff);
        x >>= 8;
        if ((n >= 0 && x === 0) || (n < 0 && x === -1)) break;
      }
      this.bytes.push(n >= 0 ? out.length : (256 - out.length) & 0xff, ...out);
    }
  }
}
