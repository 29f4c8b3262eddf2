import { z } from 'zod';
import {
  inspectRubyValue,
  isRubyHash,
  rubyFloatToS,
  RubySymbol,
  type RubyHash,
  type RubyValue,
} from '../yaml/index.js';

/**
 * zod schemas over loaded YAML (Ruby values: Hashes are Maps, Integers bigints, Floats
 * numbers), checking types the way BOSH's `ValidationHelper#safe_property` does. A type
 * mismatch carries the Ruby class BOSH names (`type:Integer`); `manifest-problems.ts` turns it
 * into BOSH's sentence with the value's `inspect`. Other issues carry BOSH's text as written.
 */
export const TYPE_MARK = 'type:';

/** A Ruby Hash with the given String keys; other keys are ignored, as BOSH ignores them. */
export function rubyHash<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess(hashToObject, z.object(shape, { error: `${TYPE_MARK}Hash` }));
}

function hashToObject(value: unknown): unknown {
  if (!(value instanceof Map)) return value;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of value as Map<unknown, unknown>) if (typeof k === 'string') out[k] = v;
  return out;
}

/** `class: String`: Strings, and Numerics as their `to_s` (BOSH converts them). */
export const rubyString = z.union(
  [z.string(), z.bigint().transform((n) => n.toString()), z.number().transform((n) => rubyFloatToS(n))],
  { error: `${TYPE_MARK}String` },
);

/** `class: Integer`. */
export const rubyInteger = z.bigint({ error: `${TYPE_MARK}Integer` }).transform((n) => Number(n));

/** `class: :boolean`. */
export const rubyBoolean = z.boolean({ error: `${TYPE_MARK}boolean` });

/** `class: Array`. */
export function rubyArray<T extends z.ZodType>(item: T) {
  return z.array(item, { error: `${TYPE_MARK}Array` });
}

/** `class: Hash`, kept as written (properties, env, cloud_properties). */
export const anyRubyHash = z.custom<RubyHash>((v) => isRubyHash(v as RubyValue), {
  error: `${TYPE_MARK}Hash`,
});

/** Any value, kept as written. */
export const anyRubyValue = z.custom<RubyValue>(() => true);

/** An optional Hash that defaults to a fresh empty one. */
export const rubyHashOrEmpty = anyRubyHash.optional().transform((h): RubyHash => h ?? new Map());

/** Ruby's `to_s` of a value, as string interpolation in BOSH's messages prints it. */
export function rubyToS(value: RubyValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return rubyFloatToS(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof RubySymbol) return value.name;
  return inspectRubyValue(value);
}
