import { describe, expect, it } from 'vitest';
import { goQuote, parseDrainOutput } from './parse-drain-output.js';

describe('parseDrainOutput', () => {
  it.each([
    { stdout: '0\n', value: 0 },
    { stdout: '30', value: 30 },
    { stdout: '-5\n', value: -5 },
    { stdout: '+7', value: 7 },
    { stdout: '  \t12 \r\n\n', value: 12 },
    { stdout: '007', value: 7 },
    { stdout: '-0', value: 0 },
    { stdout: '\u00a042\u3000', value: 42 },
    { stdout: '9223372036854775807', value: 9223372036854775807 },
    { stdout: '-9223372036854775808', value: -9223372036854775808 },
  ])('reads $stdout as $value', ({ stdout, value }) => {
    expect(parseDrainOutput(stdout)).toEqual({ ok: true, value });
  });

  it.each([
    { stdout: '', error: 'Script did not return a signed integer: parsing "": invalid syntax' },
    { stdout: ' \n', error: 'Script did not return a signed integer: parsing "": invalid syntax' },
    { stdout: 'abc\n', error: 'Script did not return a signed integer: parsing "abc": invalid syntax' },
    { stdout: '1.5', error: 'Script did not return a signed integer: parsing "1.5": invalid syntax' },
    { stdout: '0x10', error: 'Script did not return a signed integer: parsing "0x10": invalid syntax' },
    { stdout: '1_000', error: 'Script did not return a signed integer: parsing "1_000": invalid syntax' },
    { stdout: '+', error: 'Script did not return a signed integer: parsing "+": invalid syntax' },
    { stdout: '- 3', error: 'Script did not return a signed integer: parsing "- 3": invalid syntax' },
    {
      stdout: '10\n20\n',
      error: 'Script did not return a signed integer: parsing "10\\n20": invalid syntax',
    },
    {
      stdout: 'draining...\n0\n',
      error: 'Script did not return a signed integer: parsing "draining...\\n0": invalid syntax',
    },
    { stdout: '\ufeff5', error: 'Script did not return a signed integer: parsing "\ufeff5": invalid syntax' },
    {
      stdout: '9223372036854775808',
      error: 'Script did not return a signed integer: parsing "9223372036854775808": value out of range',
    },
  ])('rejects $stdout', ({ stdout, error }) => {
    expect(parseDrainOutput(stdout)).toEqual({ ok: false, error });
  });
});

describe('goQuote', () => {
  it.each([
    { text: 'plain', quoted: '"plain"' },
    { text: 'a"b\\c', quoted: '"a\\"b\\\\c"' },
    { text: '\x00\x1b\x7f', quoted: '"\\x00\\x1b\\x7f"' },
    { text: 'tab\there', quoted: '"tab\\there"' },
    { text: 'é', quoted: '"é"' },
  ])('quotes $text as Go does', ({ text, quoted }) => {
    expect(goQuote(text)).toBe(quoted);
  });
});

describe('§9 A98 (agent concrete_script_test.go)', () => {
  it('A98: " 0  \\t\\n" is a static drain of 0 s, "-56\\n" a dynamic drain of 56 s, "hello!" an error', () => {
    expect(parseDrainOutput(' 0  \t\n')).toEqual({ ok: true, value: 0 });
    expect(parseDrainOutput('-56\n')).toEqual({ ok: true, value: -56 });
    const bad = parseDrainOutput('hello!');
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.error).toMatch(/^Script did not return a signed integer/);
  });
});
