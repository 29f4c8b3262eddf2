import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CappedCapture, readFileTail, tailOf } from './output-capture.js';

const numbered = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');

describe('tailOf', () => {
  it.each([
    { name: 'empty output', text: '', tail: '' },
    { name: 'a short output', text: 'a\nb\n', tail: 'a\nb\n' },
    { name: 'no final newline', text: 'a\nb', tail: 'a\nb' },
    { name: '20 lines', text: numbered(20), tail: numbered(20) },
    {
      name: '25 lines',
      text: numbered(25),
      tail: numbered(25).slice('line 1\nline 2\nline 3\nline 4\nline 5\n'.length),
    },
  ])('keeps the last lines of $name', ({ text, tail }) => {
    expect(tailOf(text)).toBe(tail);
  });

  it('keeps at most 4 KiB when lines are long', () => {
    const tail = tailOf(`${'x'.repeat(10_000)}\nend\n`);
    expect(Buffer.byteLength(tail)).toBe(4096);
    expect(tail.endsWith('x\nend\n')).toBe(true);
  });

  it('starts at a character boundary when the cut falls inside a character', () => {
    const tail = tailOf(`${'é'.repeat(3000)}a`);
    expect(tail).toBe(`${'é'.repeat(2047)}a`);
  });
});

describe('CappedCapture', () => {
  it('keeps everything when under the limit', () => {
    const capture = new CappedCapture(10);
    capture.append(Buffer.from('abc'));
    capture.append(Buffer.from('def'));
    expect(capture.text()).toBe('abcdef');
    expect(capture.droppedBytes).toBe(0);
  });

  it('keeps the last bytes when over the limit', () => {
    const capture = new CappedCapture(4);
    for (const chunk of ['abc', 'def', 'ghij']) capture.append(Buffer.from(chunk));
    expect(capture.text()).toBe('ghij');
    expect(capture.droppedBytes).toBe(6);
  });
});

describe('readFileTail', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('reads only what was appended after the offset', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-tail-'));
    const file = join(dir, 'log');
    await writeFile(file, 'old run\nnew run\n');
    expect(await readFileTail(file, 'old run\n'.length)).toBe('new run\n');
    expect(await readFileTail(file, 16)).toBe('');
  });
});
