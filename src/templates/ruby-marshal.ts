import { RubySymbol, type RubyValue } from '../yaml/index.js';

/**
 * Encodes a Ruby value in Ruby's Marshal format 4.8, so that it reaches the embedded Ruby VM
 * exactly as Ruby would have loaded it from YAML: Integer vs Float, integers of any size,
 * Symbols, UTF-8 Strings, insertion-ordered Hashes. `Marshal.load` does the decoding in C,
 * which is much faster than walking a JSON tree in Ruby.
 */
export function marshalRubyValue(value: RubyValue): Buffer {
  const writer = new MarshalWriter();
  writer.write(value);
  return writer.toBuffer();
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

const FIXNUM_MIN = -(2n ** 30n);
const FIXNUM_MAX = 2n ** 30n - 1n;

/**
 * Writes one Marshal document. Besides plain values it writes objects by class and instance
 * variables (`o`) and links (`@`) to objects written before, so that a graph with shared
 * objects loads with the same sharing. `Marshal.load` numbers every String, Float, big
 * Integer, Array, Hash and object in the order they start; `objectCount` is that number.
 */
export class MarshalWriter {
  private buffer = Buffer.allocUnsafe(1024);
  private length = 0;
  private readonly symbols = new Map<string, number>();
  private objects = 0;

  constructor() {
    this.byte(4);
    this.byte(8);
  }

  /** How many objects a link can refer to so far: the index the next object gets. */
  get objectCount(): number {
    return this.objects;
  }

  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  write(v: RubyValue): void {
    if (v === null) this.byte(0x30); // '0'
    else if (v === true) this.byte(0x54); // 'T'
    else if (v === false) this.byte(0x46); // 'F'
    else if (typeof v === 'bigint') this.writeInteger(v);
    else if (typeof v === 'number') this.writeFloat(v);
    else if (typeof v === 'string') this.writeString(v);
    else if (v instanceof RubySymbol) this.writeSymbol(v.name);
    else if (Array.isArray(v)) {
      this.beginArray(v.length);
      for (const item of v) this.write(item);
    } else {
      this.beginHash(v.size);
      for (const [key, item] of v) {
        this.write(key);
        this.write(item);
      }
    }
  }

  /** Starts an Array; its `length` elements follow. */
  beginArray(length: number): void {
    this.objects++;
    this.byte(0x5b); // '['
    this.writeLong(length);
  }

  /** Starts a Hash; `size` key and value pairs follow. */
  beginHash(size: number): void {
    this.objects++;
    this.byte(0x7b); // '{'
    this.writeLong(size);
  }

  /**
   * Starts an object of class `className`, loaded without calling `initialize` or
   * `marshal_load`; `ivarCount` pairs of `writeSymbol('@name')` and value follow.
   */
  beginObject(className: string, ivarCount: number): void {
    this.objects++;
    this.byte(0x6f); // 'o'
    this.writeSymbol(className);
    this.writeLong(ivarCount);
  }

  /** A reference to the object numbered `index` (see `objectCount`). */
  writeLink(index: number): void {
    this.byte(0x40); // '@'
    this.writeLong(index);
  }

  writeSymbol(name: string): void {
    const known = this.symbols.get(name);
    if (known !== undefined) {
      this.byte(0x3b); // ';'
      this.writeLong(known);
      return;
    }
    this.symbols.set(name, this.symbols.size);
    if (isAscii(name)) {
      this.byte(0x3a); // ':'
      this.writeUtf8(name);
      return;
    }
    this.byte(0x49); // 'I'
    this.byte(0x3a); // ':'
    this.writeUtf8(name);
    this.writeLong(1);
    this.writeSymbol('E');
    this.byte(0x54);
  }

  private writeInteger(v: bigint): void {
    if (v >= FIXNUM_MIN && v <= FIXNUM_MAX) {
      this.byte(0x69); // 'i'
      this.writeLong(Number(v));
      return;
    }
    this.objects++;
    this.byte(0x6c); // 'l'
    this.byte(v < 0n ? 0x2d : 0x2b); // '-' or '+'
    let magnitude = v < 0n ? -v : v;
    const digits: number[] = [];
    while (magnitude > 0n) {
      digits.push(Number(magnitude & 0xffn));
      magnitude >>= 8n;
    }
    if (digits.length % 2 === 1) digits.push(0);
    this.writeLong(digits.length / 2);
    for (const d of digits) this.byte(d);
  }

  private writeFloat(v: number): void {
    this.objects++;
    this.byte(0x66); // 'f'
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
    this.objects++;
    this.byte(0x49); // 'I'
    this.byte(0x22); // '"'
    this.writeUtf8(v);
    this.writeLong(1);
    this.writeSymbol('E');
    this.byte(0x54);
  }

  private writeUtf8(v: string): void {
    for (let i = 0; i < v.length; i++) {
      if (v.charCodeAt(i) > 0x7f) {
        const length = Buffer.byteLength(v, 'utf8');
        this.writeLong(length);
        this.reserve(length);
        this.length += this.buffer.write(v, this.length, 'utf8');
        return;
      }
    }
    this.writeLong(v.length);
    this.reserve(v.length);
    for (let i = 0; i < v.length; i++) this.buffer[this.length++] = v.charCodeAt(i);
  }

  private writeRawBytes(data: Buffer): void {
    this.writeLong(data.length);
    this.reserve(data.length);
    this.length += data.copy(this.buffer, this.length);
  }

  private byte(b: number): void {
    if (this.length === this.buffer.length) this.reserve(1);
    this.buffer[this.length++] = b;
  }

  private reserve(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + count));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Marshal's variable-length integer ("w_long"). */
  private writeLong(n: number): void {
    if (n === 0) this.byte(0);
    else if (n > 0 && n < 123) this.byte(n + 5);
    else if (n < 0 && n > -124) this.byte((n - 5) & 0xff);
    else {
      const out: number[] = [];
      let x = n;
      for (let i = 0; i < 4; i++) {
        out.push(x & 0xff);
        x >>= 8;
        if ((n >= 0 && x === 0) || (n < 0 && x === -1)) break;
      }
      this.byte(n >= 0 ? out.length : (256 - out.length) & 0xff);
      for (const b of out) this.byte(b);
    }
  }
}
