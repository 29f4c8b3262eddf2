/**
 * Values as Ruby sees them after loading YAML or JSON. Bosun keeps the distinctions that Ruby
 * templates can observe:
 * - `bigint` is a Ruby Integer (any size), `number` is a Ruby Float (`1.0` stays a Float);
 * - `RubySymbol` is a Ruby Symbol (`:name` in YAML);
 * - `RubyHash` is a Ruby Hash: insertion-ordered, keys of any type.
 */
export class RubySymbol {
  constructor(readonly name: string) {}
  toString(): string {
    return `:${this.name}`;
  }
}

export type RubyScalar = null | boolean | bigint | number | string | RubySymbol;
export type RubyHash = Map<RubyValue, RubyValue>;
export type RubyValue = RubyScalar | RubyValue[] | RubyHash;

export function isRubyHash(v: RubyValue | undefined): v is RubyHash {
  return v instanceof Map;
}

/** Ruby's class name of a value, as BOSH's messages print it (`'FalseClass'`, `'String'`). */
export function rubyClassName(v: RubyValue): string {
  if (v === null) return 'NilClass';
  if (v === true) return 'TrueClass';
  if (v === false) return 'FalseClass';
  if (typeof v === 'bigint') return 'Integer';
  if (typeof v === 'number') return 'Float';
  if (typeof v === 'string') return 'String';
  if (v instanceof RubySymbol) return 'Symbol';
  if (Array.isArray(v)) return 'Array';
  return 'Hash';
}

/** Plain JSON-like JS to a Ruby value: whole numbers become Integers, others Floats. */
export function toRubyValue(js: unknown): RubyValue {
  if (js === null || js === undefined) return null;
  if (typeof js === 'boolean' || typeof js === 'string' || typeof js === 'bigint') return js;
  if (typeof js === 'number') return Number.isInteger(js) ? BigInt(js) : js;
  if (js instanceof RubySymbol) return js;
  if (Array.isArray(js)) return js.map(toRubyValue);
  if (js instanceof Map) {
    const out: RubyHash = new Map();
    for (const [k, v] of js as Map<unknown, unknown>) out.set(toRubyValue(k), toRubyValue(v));
    return out;
  }
  if (typeof js === 'object') {
    const out: RubyHash = new Map();
    for (const [k, v] of Object.entries(js)) out.set(k, toRubyValue(v));
    return out;
  }
  throw new TypeError(`cannot convert ${typeof js} to a Ruby value`);
}

/**
 * A Ruby value as plain JSON-able JS, the way Ruby's `JSON.generate` would see it: Integers
 * within 2^53 become numbers (larger ones stay bigint), Symbols become their names,
 * hash keys become strings.
 */
export function fromRubyValue(v: RubyValue): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (v instanceof RubySymbol) return v.name;
  if (Array.isArray(v)) return v.map(fromRubyValue);
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, val] of v) out[rubyKeyString(k)] = fromRubyValue(val);
    return out;
  }
  return v;
}

function rubyKeyString(k: RubyValue): string {
  if (k instanceof RubySymbol) return k.name;
  if (k === null) return '';
  if (typeof k === 'object') return JSON.stringify(fromRubyValue(k));
  return String(k);
}

/** A deep copy; scalars are immutable and shared. */
export function cloneRubyValue(v: RubyValue): RubyValue {
  if (Array.isArray(v)) return v.map(cloneRubyValue);
  if (v instanceof Map) {
    const out: RubyHash = new Map();
    for (const [k, val] of v) out.set(k, cloneRubyValue(val));
    return out;
  }
  return v;
}
