import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findExecProblem, interpreterOf } from './exec-check.js';

describe('findExecProblem', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-exec-'));
    const files: [string, string, number][] = [
      ['good', '#!/bin/sh\nexit 0\n', 0o750],
      ['spaced', '#!  /bin/sh -e\nexit 0\n', 0o750],
      ['not-executable', '#!/bin/sh\nexit 0\n', 0o640],
      ['no-interpreter', '#!/bin/nonexistent\n', 0o750],
      ['crlf', '#!/bin/sh\r\nexit 0\r\n', 0o750],
      ['no-shebang', 'echo hi\n', 0o750],
      ['empty-shebang', '#!\n', 0o750],
      ['interpreter-not-executable', `#!${dir}/not-executable\n`, 0o750],
    ];
    for (const [name, text, mode] of files) {
      await writeFile(join(dir, name), text);
      await chmod(join(dir, name), mode);
    }
    await mkdir(join(dir, 'a-directory'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { name: 'good', problem: undefined },
    { name: 'spaced', problem: undefined },
    { name: 'not-executable', problem: "'<dir>/not-executable' is not executable" },
    { name: 'no-interpreter', problem: "'<dir>/no-interpreter' has no interpreter '/bin/nonexistent'" },
    {
      name: 'crlf',
      problem:
        "'<dir>/crlf' has no interpreter '/bin/sh\r' (the #! line ends in a carriage return: CRLF line endings)",
    },
    {
      name: 'no-shebang',
      problem: "'<dir>/no-shebang' has no '#!' line and is not a binary (exec format error)",
    },
    { name: 'empty-shebang', problem: "'<dir>/empty-shebang' has an empty '#!' line" },
    {
      name: 'interpreter-not-executable',
      problem:
        "'<dir>/interpreter-not-executable' has interpreter '<dir>/not-executable' which is not executable",
    },
    { name: 'a-directory', problem: "'<dir>/a-directory' is not a regular file" },
    { name: 'missing', problem: "'<dir>/missing' does not exist" },
  ])('says why $name cannot run', async ({ name, problem }) => {
    expect(await findExecProblem(join(dir, name))).toBe(problem?.replaceAll('<dir>', dir));
  });

  it('accepts an ELF binary', async () => {
    expect(await findExecProblem('/bin/sh')).toBeUndefined();
  });
});

describe('interpreterOf', () => {
  it.each([
    { line: '#!/bin/bash\n', interpreter: '/bin/bash' },
    { line: '#! /usr/bin/env ruby\n', interpreter: '/usr/bin/env' },
    { line: '#!\t/bin/sh -eu', interpreter: '/bin/sh' },
  ])('reads $interpreter from $line', ({ line, interpreter }) => {
    expect(interpreterOf(Buffer.from(line))).toBe(interpreter);
  });
});
