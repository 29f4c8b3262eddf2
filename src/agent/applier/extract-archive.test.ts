import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractArchive } from './extract-archive.js';

interface RawEntry {
  path: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'FIFO';
  body?: string;
  linkpath?: string;
  mode?: number;
}

/** A tgz written header by header, so that it can hold what `tar.c` would refuse to write. */
async function writeRawTgz(file: string, entries: RawEntry[]): Promise<void> {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const type = e.type ?? 'File';
    const header = new tar.Header({
      path: e.path,
      type,
      size: body.length,
      mode: e.mode ?? (type === 'Directory' ? 0o755 : 0o644),
      linkpath: e.linkpath ?? '',
      mtime: new Date(0),
      uid: 1234,
      gid: 1234,
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]));
  }
  blocks.push(Buffer.alloc(1024));
  await writeFile(file, gzipSync(Buffer.concat(blocks)));
}

describe('extractArchive', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-extract-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('extracts files, directories and links with their modes, but not their owners', async () => {
    await writeRawTgz(join(dir, 'a.tgz'), [
      { path: './', type: 'Directory' },
      { path: './bin/', type: 'Directory', mode: 0o700 },
      { path: './bin/run', body: '#!/bin/sh\n', mode: 0o775 },
      { path: './lib/a.so.1', body: 'so' },
      { path: './lib/a.so', type: 'SymbolicLink', linkpath: 'a.so.1' },
      { path: './lib/b.so', type: 'Link', linkpath: 'lib/a.so.1' },
    ]);
    await extractArchive(join(dir, 'a.tgz'), join(dir, 'out'));
    expect((await stat(join(dir, 'out/bin'))).mode & 0o7777).toBe(0o700);
    expect((await stat(join(dir, 'out/bin/run'))).mode & 0o7777).toBe(0o775);
    expect(await readlink(join(dir, 'out/lib/a.so'))).toBe('a.so.1');
    expect(await readFile(join(dir, 'out/lib/b.so'), 'utf8')).toBe('so');
    expect((await stat(join(dir, 'out/bin/run'))).uid).toBe(process.getuid?.());
    expect(await readdir(dir)).toEqual(['a.tgz', 'out']);
  });

  it('extracts only one top-level directory, as the destination itself', async () => {
    await writeRawTgz(join(dir, 'a.tgz'), [
      { path: 'web/monit', body: 'check process web' },
      { path: 'web/bin/ctl', body: 'ctl' },
      { path: 'db/monit', body: 'check process db' },
    ]);
    await extractArchive(join(dir, 'a.tgz'), join(dir, 'jobs/web/h1'), { only: 'web' });
    expect((await readdir(join(dir, 'jobs/web/h1'))).sort()).toEqual(['bin', 'monit']);
    expect(await readFile(join(dir, 'jobs/web/h1/monit'), 'utf8')).toBe('check process web');
    expect(await readdir(join(dir, 'jobs/web'))).toEqual(['h1']);
  });

  it('says so when the archive lacks the wanted directory', async () => {
    await writeRawTgz(join(dir, 'a.tgz'), [{ path: 'db/monit', body: '' }]);
    await expect(
      extractArchive(join(dir, 'a.tgz'), join(dir, 'out'), { only: 'web', label: "blob 'b1'" }),
    ).rejects.toThrow("Blob 'b1' has no 'web/' directory");
  });

  it('replaces an existing destination', async () => {
    await mkdir(join(dir, 'out'));
    await writeFile(join(dir, 'out/old'), 'old');
    await writeRawTgz(join(dir, 'a.tgz'), [{ path: 'new', body: 'new' }]);
    await extractArchive(join(dir, 'a.tgz'), join(dir, 'out'));
    expect(await readdir(join(dir, 'out'))).toEqual(['new']);
    expect(await readdir(dir)).toEqual(['a.tgz', 'out']);
  });

  it('runs beforeInstall on the complete tree before it appears', async () => {
    await writeRawTgz(join(dir, 'a.tgz'), [{ path: 'f', body: 'x' }]);
    const seen: string[] = [];
    await extractArchive(join(dir, 'a.tgz'), join(dir, 'out'), {
      beforeInstall: async (tree) => {
        seen.push(...(await readdir(tree)));
        seen.push(String((await lstat(join(dir, 'out')).catch(() => undefined)) !== undefined));
      },
    });
    expect(seen).toEqual(['f', 'false']);
  });

  it.each<[string, RawEntry[], string, string]>([
    [
      '../x',
      [
        { path: 'ok', body: '' },
        { path: '../x', body: 'evil' },
      ],
      '../x',
      "path contains '..'",
    ],
    ['/abs', [{ path: '/abs/x', body: 'evil' }], '/abs/x', 'absolute path'],
    [
      'a symlink pointing outside',
      [{ path: 'l', type: 'SymbolicLink', linkpath: '/etc' }],
      'l',
      "symbolic link to '/etc' points outside the destination",
    ],
    [
      'a write through a symlink',
      [
        { path: 'l', type: 'SymbolicLink', linkpath: 'sub' },
        { path: 'l/x', body: 'evil' },
      ],
      'l/x',
      "path goes through the symbolic link 'l'",
    ],
    ['a FIFO', [{ path: 'p', type: 'FIFO' }], 'p', 'FIFO entries are not allowed'],
  ])('refuses %s, names the entry and writes nothing', async (_name, entries, entry, reason) => {
    await writeRawTgz(join(dir, 'a.tgz'), entries);
    await expect(extractArchive(join(dir, 'a.tgz'), join(dir, 'out/dest'))).rejects.toThrow(
      `Refusing to extract '${entry}' from '${join(dir, 'a.tgz')}': ${reason}`,
    );
    expect(await readdir(dir)).toEqual(['a.tgz']);
  });

  it('reports a corrupt archive', async () => {
    await writeFile(join(dir, 'a.tgz'), 'not a tarball at all, not even gzip');
    await expect(
      extractArchive(join(dir, 'a.tgz'), join(dir, 'out'), { label: 'the archive' }),
    ).rejects.toMatchObject({
      code: 'ARCHIVE_INVALID',
    });
  });
});
