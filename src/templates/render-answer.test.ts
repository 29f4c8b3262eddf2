import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/support/error-of.js';
import { readAnswer } from './render-answer.js';

// The answer of Bosun::Host.render_job (bosun_host.rb): a line of words, then the strings' bytes.
describe('readAnswer', () => {
  it('reads outputs and failures in order, by byte length', () => {
    const answer = `+u6 -u3u2 +b4 +u0\nhéllomsgbt${Buffer.from([0xff, 0x00]).toString('base64')}`;
    expect(readAnswer(answer)).toEqual([
      { ok: true, output: Buffer.from('héllo') },
      { ok: false, message: 'msg', backtrace: 'bt' },
      { ok: true, output: Buffer.from([0xff, 0x00]) },
      { ok: true, output: Buffer.alloc(0) },
    ]);
  });

  it('reads no results', () => {
    expect(readAnswer('\n')).toEqual([]);
  });

  it.each([
    ['no header line', '+u1'],
    ['a word it does not know', '*u1\nx'],
    ['an output with two strings', '+u1u1\nxy'],
    ['lengths that do not add up', '+u1\nxy'],
  ])('rejects %s', (_name, answer) => {
    expect(errorOf(() => readAnswer(answer)).message).toMatch(/^unexpected answer from the Ruby renderer/);
  });
});
