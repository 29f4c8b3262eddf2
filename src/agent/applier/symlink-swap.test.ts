import { mkdir, mkdtemp, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeSymlink, replaceSymlink } from './symlink-swap.js';

describe('replaceSymlink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-link-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates, then repoints a link without leaving temporary names', async () => {
    await replaceSymlink('/target/one', join(dir, 'l'));
    await replaceSymlink('/target/two', join(dir, 'l'));
    expect(await readlink(join(dir, 'l'))).toBe('/target/two');
    expect(await readdir(dir)).toEqual(['l']);
  });

  it('replaces a real directory in the way', async () => {
    await mkdir(join(dir, 'l'));
    await writeFile(join(dir, 'l/x'), '');
    await replaceSymlink('/target', join(dir, 'l'));
    expect(await readlink(join(dir, 'l'))).toBe('/target');
  });
});

describe('removeSymlink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-link-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('removes links and leaves other files and missing paths alone', async () => {
    await symlink('/x', join(dir, 'l'));
    await writeFile(join(dir, 'f'), '');
    await removeSymlink(join(dir, 'l'));
    await removeSymlink(join(dir, 'f'));
    await removeSymlink(join(dir, 'missing'));
    expect(await readdir(dir)).toEqual(['f']);
  });
});
