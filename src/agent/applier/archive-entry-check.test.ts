import { describe, expect, it } from 'vitest';
import { findRefusedEntry, type ArchiveEntry } from './archive-entry-check.js';

const file = (path: string): ArchiveEntry => ({ path, type: 'File' });
const symlink = (path: string, linkpath: string): ArchiveEntry => ({ path, type: 'SymbolicLink', linkpath });
const hardlink = (path: string, linkpath: string): ArchiveEntry => ({ path, type: 'Link', linkpath });

describe('findRefusedEntry', () => {
  it.each<[string, ArchiveEntry[], string | undefined]>([
    [
      'plain files and directories',
      [{ path: './web/', type: 'Directory' }, file('./web/bin/ctl'), file('web/monit')],
      undefined,
    ],
    ['an absolute path', [file('/etc/passwd')], 'absolute path'],
    ['a .. component', [file('web/../../x')], "path contains '..'"],
    ['a leading ..', [file('../x')], "path contains '..'"],
    [
      'a character device',
      [{ path: 'web/tty', type: 'CharacterDevice' }],
      'character device entries are not allowed',
    ],
    ['a block device', [{ path: 'web/sda', type: 'BlockDevice' }], 'block device entries are not allowed'],
    ['a FIFO', [{ path: 'web/pipe', type: 'FIFO' }], 'FIFO entries are not allowed'],
    ['a relative symlink inside', [symlink('web/bin/x', '../monit')], undefined],
    ['a symlink to the top', [symlink('web/x', '..')], undefined],
    [
      'a symlink escaping',
      [symlink('web/x', '../..')],
      "symbolic link to '../..' points outside the destination",
    ],
    [
      'an absolute symlink',
      [symlink('web/x', '/etc')],
      "symbolic link to '/etc' points outside the destination",
    ],
    [
      'a symlink resolved through another symlink',
      [symlink('d', '.'), symlink('e', 'd/..')],
      "symbolic link to 'd/..' goes through the symbolic link 'd'",
    ],
    [
      'a file written through a symlink',
      [symlink('web/l', 'sub'), file('web/l/x')],
      "path goes through the symbolic link 'web/l'",
    ],
    [
      'a file before the symlink it goes through',
      [file('web/l/x'), symlink('web/l', 'sub')],
      "path goes through the symbolic link 'web/l'",
    ],
    ['a hard link inside', [file('web/a'), hardlink('web/b', 'web/a')], undefined],
    [
      'a hard link outside',
      [hardlink('web/b', '/etc/shadow')],
      "hard link to '/etc/shadow' points outside the destination",
    ],
    [
      'a hard link with ..',
      [hardlink('web/b', 'web/../../x')],
      "hard link to 'web/../../x' points outside the destination",
    ],
  ])('%s', (_name, entries, reason) => {
    expect(findRefusedEntry(entries)?.reason).toBe(reason);
  });

  it('accepts absolute symlinks when told to', () => {
    expect(
      findRefusedEntry([symlink('bin/java', '/var/vcap/packages/jdk/bin/java')], {
        allowAbsoluteSymlinks: true,
      }),
    ).toBeUndefined();
  });

  it('keeps links of the extracted directory inside it', () => {
    const entries = [file('web/a'), file('db/b'), symlink('web/x', '../db/b'), hardlink('web/y', 'db/b')];
    expect(findRefusedEntry(entries)).toBeUndefined();
    expect(findRefusedEntry(entries, { only: 'web' })).toEqual({
      entry: 'web/x',
      reason: "symbolic link to '../db/b' points outside the destination",
    });
    expect(
      findRefusedEntry(
        entries.filter((e) => e.path !== 'web/x'),
        { only: 'web' },
      ),
    ).toEqual({
      entry: 'web/y',
      reason: "hard link to 'db/b' points outside the destination",
    });
  });

  it('names the entry as it is written in the archive', () => {
    expect(findRefusedEntry([file('./ok'), file('./web/../x')])).toEqual({
      entry: './web/../x',
      reason: "path contains '..'",
    });
  });
});
