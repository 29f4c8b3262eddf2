import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BosunError } from '../base/index.js';
import { listTree } from './glob.js';
import { readPackageDir, type PackageSource } from './read-package-dir.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-package-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes files under the temp release root; mode 0755 for paths ending in `.sh`. */
async function writeTree(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
    await chmod(join(root, path), path.endsWith('.sh') ? 0o755 : 0o644);
  }
}

async function read(name = 'app'): Promise<PackageSource> {
  const srcDir = join(root, 'src');
  const blobsDir = join(root, 'blobs');
  const roots = { srcDir, srcTree: await listTree(srcDir), blobsDir, blobsTree: await listTree(blobsDir) };
  return readPackageDir(join(root, 'packages', name), roots, 'sha1');
}

async function errorOf(name = 'app'): Promise<BosunError> {
  const e: unknown = await read(name).then(
    () => new Error('expected readPackageDir to fail'),
    (err: unknown) => err,
  );
  if (!(e instanceof BosunError)) throw e;
  return e;
}

const SPEC = (files: string, extra = '') => `name: app\ndependencies: [runtime]\nfiles: ${files}\n${extra}`;

describe('readPackageDir', () => {
  it('collects packaging, then files from src/ before blobs/, minus excluded_files, sorted in the fingerprint', async () => {
    await writeTree({
      'packages/app/spec': SPEC('[app/**/*, vendor/*]', 'excluded_files: ["**/*.md"]'),
      'packages/app/packaging': 'set -e\n',
      'src/app/main.sh': 'main',
      'src/app/lib/util.rb': 'util',
      'src/app/NOTES.md': 'notes',
      'src/vendor/both.tgz': 'from src',
      'blobs/vendor/both.tgz': 'from blobs',
      'blobs/vendor/only-blob.tgz': 'blob',
    });
    const pkg = await read();
    expect(pkg.name).toBe('app');
    expect(pkg.dependencies).toEqual(['runtime']);
    expect(pkg.prePackaging).toBeUndefined();
    expect(
      pkg.files.map((f) => [f.relativePath, f.path.slice(root.length + 1), f.excludeMode === true]),
    ).toEqual([
      ['packaging', 'packages/app/packaging', true],
      ['app/lib/util.rb', 'src/app/lib/util.rb', false],
      ['app/main.sh', 'src/app/main.sh', false],
      ['vendor/both.tgz', 'src/vendor/both.tgz', false],
      ['vendor/only-blob.tgz', 'blobs/vendor/only-blob.tgz', false],
    ]);
    expect(pkg.fingerprint).toMatch(/^[0-9a-f]{40}$/);
  });

  it('includes pre_packaging, keeps symlinks as links, and changes the fingerprint with dependencies', async () => {
    await writeTree({
      'packages/app/spec': SPEC('[app/*]'),
      'packages/app/packaging': 'set -e\n',
      'packages/app/pre_packaging': 'echo prep\n',
      'src/app/real': 'x',
    });
    await symlink('real', join(root, 'src/app/link'));
    const pkg = await read();
    expect(pkg.prePackaging?.relativePath).toBe('pre_packaging');
    expect(pkg.files.map((f) => f.relativePath)).toEqual([
      'packaging',
      'pre_packaging',
      'app/link',
      'app/real',
    ]);
    await writeTree({ 'packages/app/spec': 'name: app\ndependencies: []\nfiles: [app/*]\n' });
    expect((await read()).fingerprint).not.toBe(pkg.fingerprint);
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'no packaging script',
      { 'packages/app/spec': SPEC('[]') },
      "Expected to find '<root>/packages/app/packaging' for package 'app'",
    ],
    [
      'a glob that matches nothing in src/ or blobs/',
      { 'packages/app/spec': SPEC('[app/*, nothing/**/*]'), 'packages/app/packaging': '', 'src/app/a': '' },
      "Missing files for pattern 'nothing/**/*'",
    ],
    [
      'a glob matching only directories',
      { 'packages/app/spec': SPEC('[app]'), 'packages/app/packaging': '', 'src/app/a': '' },
      "Missing files for pattern 'app'",
    ],
    [
      'packaging matched by files',
      { 'packages/app/spec': SPEC('["*"]'), 'packages/app/packaging': '', 'src/packaging': '' },
      "Expected special 'packaging' file to not be included via 'files' key for package 'app'",
    ],
    [
      'a spec with wrong types',
      { 'packages/app/spec': 'name: 5\nfiles: [a, [b]]\n', 'packages/app/packaging': '' },
      "Unmarshalling package spec '<root>/packages/app/spec': name: Invalid input: expected string, received number; files[1]: Invalid input: expected string, received array",
    ],
    ['no spec', { 'packages/app/packaging': '' }, "Reading package spec '<root>/packages/app/spec': ENOENT"],
  ])('refuses %s', async (_what, files, message) => {
    await writeTree(files);
    const e = await errorOf();
    expect(e.message).toContain(
      `Reading package from '${root}/packages/app': Collecting package files: ${message.replaceAll('<root>', root)}`,
    );
  });
});
