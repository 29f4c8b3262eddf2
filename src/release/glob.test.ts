import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTree, matchGlob } from './glob.js';

const TREE = [
  'app',
  'app/.hidden',
  'app/README.md',
  'app/lib',
  'app/lib/a.rb',
  'app/lib/deep',
  'app/lib/deep/b.rb',
  'app/main.sh',
  'docs',
  'docs/x.md',
  'top.txt',
];

describe('matchGlob', () => {
  it.each<[string, string[]]>([
    ['app/*', ['app/.hidden', 'app/README.md', 'app/lib', 'app/main.sh']],
    [
      'app/**/*',
      [
        'app/.hidden',
        'app/README.md',
        'app/lib',
        'app/lib/a.rb',
        'app/lib/deep',
        'app/lib/deep/b.rb',
        'app/main.sh',
      ],
    ],
    [
      'app/**',
      [
        'app',
        'app/.hidden',
        'app/README.md',
        'app/lib',
        'app/lib/a.rb',
        'app/lib/deep',
        'app/lib/deep/b.rb',
        'app/main.sh',
      ],
    ],
    ['**/*.rb', ['app/lib/a.rb', 'app/lib/deep/b.rb']],
    ['**/*.md', ['app/README.md', 'docs/x.md']],
    ['app/lib/**/*.rb', ['app/lib/a.rb', 'app/lib/deep/b.rb']],
    ['app/*.{sh,md}', ['app/README.md', 'app/main.sh']],
    ['app/[a-m]*', ['app/lib', 'app/main.sh']],
    ['app/[!a-m]*', ['app/.hidden', 'app/README.md']],
    ['???.txt', ['top.txt']],
    ['./app//main.sh', ['app/main.sh']],
    ['app/main.sh/', ['app/main.sh']],
    ['app/\\*', []],
    ['missing/**/*', []],
  ])('%s', (pattern, expected) => {
    expect(matchGlob(TREE, pattern)).toEqual(expected);
  });
});

describe('listTree', () => {
  it('lists every path sorted, lists symlinked directories without entering them, and is empty for a missing dir', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bosun-glob-'));
    try {
      await mkdir(join(root, 'a/b'), { recursive: true });
      await writeFile(join(root, 'a/b/c'), '');
      await writeFile(join(root, 'Z'), '');
      await symlink(join(root, 'a'), join(root, 'link'));
      expect(await listTree(root)).toEqual(['Z', 'a', 'a/b', 'a/b/c', 'link']);
      expect(await listTree(join(root, 'missing'))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
