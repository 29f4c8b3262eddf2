import { lstat, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDir, fixJobPermissions } from './file-modes.js';

const isRoot = process.getuid?.() === 0;
const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o7777;

describe('fixJobPermissions', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-modes-'));
    await mkdir(join(dir, 'job/bin/sub'), { recursive: true, mode: 0o777 });
    await mkdir(join(dir, 'job/config'), { recursive: true });
    await writeFile(join(dir, 'job/monit'), '', { mode: 0o666 });
    await writeFile(join(dir, 'job/bin/ctl'), '', { mode: 0o600 });
    await writeFile(join(dir, 'job/bin/sub/helper'), '');
    await writeFile(join(dir, 'job/config/bin'), '', { mode: 0o777 });
    await writeFile(join(dir, 'outside'), '', { mode: 0o600 });
    await symlink(join(dir, 'outside'), join(dir, 'job/config/link'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('gives directories and bin/ files 0750 and other files 0640, never following links', async () => {
    await fixJobPermissions(join(dir, 'job'), undefined);
    expect(await modeOf(join(dir, 'job'))).toBe(0o750);
    expect(await modeOf(join(dir, 'job/bin'))).toBe(0o750);
    expect(await modeOf(join(dir, 'job/bin/sub'))).toBe(0o750);
    expect(await modeOf(join(dir, 'job/bin/ctl'))).toBe(0o750);
    expect(await modeOf(join(dir, 'job/bin/sub/helper'))).toBe(0o750);
    expect(await modeOf(join(dir, 'job/monit'))).toBe(0o640);
    expect(await modeOf(join(dir, 'job/config/bin'))).toBe(0o640);
    expect(await modeOf(join(dir, 'outside'))).toBe(0o600);
  });

  it.runIf(isRoot)('sets the owner of every path, links included', async () => {
    await fixJobPermissions(join(dir, 'job'), { uid: 0, gid: 4321 });
    expect((await stat(join(dir, 'job/bin/ctl'))).gid).toBe(4321);
    expect((await lstat(join(dir, 'job/config/link'))).gid).toBe(4321);
    expect((await stat(join(dir, 'outside'))).gid).toBe(0);
  });
});

describe('ensureDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-modes-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates a missing directory with the exact mode', async () => {
    await ensureDir(join(dir, 'a/b'), 0o770, undefined);
    expect(await modeOf(join(dir, 'a/b'))).toBe(0o770);
  });

  it('leaves an existing directory as it is', async () => {
    await mkdir(join(dir, 'a'), { mode: 0o700 });
    await ensureDir(join(dir, 'a'), 0o770, undefined);
    expect(await modeOf(join(dir, 'a'))).toBe(0o700);
  });
});
