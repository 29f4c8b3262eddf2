import { inspectRubyValue, type RubyValue } from '../../yaml/index.js';

/** A manifest value as Ruby interpolates it into a message (`"#{x}"`), for the common cases. */
export function interpolate(value: RubyValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  return typeof value === 'bigint' || typeof value === 'boolean' ? String(value) : inspectRubyValue(value);
}
