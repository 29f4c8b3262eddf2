import { describe, expect, it } from 'vitest';
import { applySpecSchema } from '../../protocol/index.js';
import { maxLogFileSizeOf, parseLogSize } from './log-size.js';

describe('parseLogSize', () => {
  it.each([
    ['50M', 50 * 1024 * 1024],
    ['50m', 50 * 1024 * 1024],
    ['100k', 100 * 1024],
    ['100K', 100 * 1024],
    ['1G', 1024 ** 3],
    ['4096', 4096],
    [' 10M ', 10 * 1024 * 1024],
  ])('reads %j as %d bytes', (text, bytes) => {
    expect(parseLogSize(text)).toBe(bytes);
  });

  it.each(['', '0', '50MB', '1.5M', '-1', 'big', '10T'])('refuses %j, naming the property', (text) => {
    expect(() => parseLogSize(text)).toThrow(
      `properties.logging.max_log_file_size: invalid size '${text}' (expected bytes or a number followed by k, M or G, like 50M)`,
    );
  });
});

describe('maxLogFileSizeOf', () => {
  it.each([
    [{}, '50M'],
    [{ properties: null }, '50M'],
    [{ properties: { logging: { max_log_file_size: '' } } }, '50M'],
    [{ properties: { logging: { max_log_file_size: '10k' } } }, '10k'],
  ])('reads %j as %s', (spec, size) => {
    expect(maxLogFileSizeOf(applySpecSchema.parse(spec))).toBe(size);
  });
});
