import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobstore, type StoredBlob } from '../blobstore/index.js';
import { vcapPaths, type VcapPaths } from '../vcap-paths.js';
import { extractArchive } from './extract-archive.js';
import { PackageCompiler } from './package-compiler.js';
import { packDirectory } from './pack-directory.js';

describe('PackageCompiler', () => {
  let dir: string;
  let paths: VcapPaths;
  let blobstore: LocalBlobstore;
  let compiler: PackageCompiler;

  async function storeTgz(files: Record<string, string>): Promise<StoredBlob> {
    const staging = await mkdtemp(join(dir, 'staging-'));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(staging, path, '..'), { recursive: true });
      await writeFile(join(staging, path), content);
    }
    await packDirectory(staging, `${staging}.tgz`);
    return blobstore.put(`${staging}.tgz`);
  }

  async function contentsOf(blob: { blobstore_id: string; sha1: string }): Promise<Record<string, string>> {
    await blobstore.fetch(blob.blobstore_id, blob.sha1, join(dir, 'result.tgz'));
    await extractArchive(join(dir, 'result.tgz'), join(dir, 'result'));
    const files: Record<string, string> = {};
    for (const name of (await readdir(join(dir, 'result'), { recursive: true })).sort()) {
      const content = await readFile(join(dir, 'result', name), 'utf8').catch(() => undefined);
      if (content !== undefined) files[name] = content;
    }
    return files;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-compile-'));
    paths = vcapPaths(join(dir, 'vcap'));
    blobstore = new LocalBlobstore({ blobstorePath: join(dir, 'blobs') });
    compiler = new PackageCompiler({ paths, blobstore, env: { HOME: '/root', PATH: '/nowhere' } });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('runs packaging with BOSH environment and the dependency installed, and stores the result', async () => {
    const dep = await storeTgz({ 'lib/dep.txt': 'from the dependency\n' });
    const source = await storeTgz({
      'src.txt': 'source\n',
      packaging: [
        'set -e',
        'mkdir -p "$BOSH_INSTALL_TARGET/bin"',
        'cat "${BOSH_INSTALL_TARGET%/*}/dep/lib/dep.txt" src.txt > "$BOSH_INSTALL_TARGET/bin/out"',
        'echo "$BOSH_PACKAGE_NAME $BOSH_PACKAGE_VERSION $BOSH_COMPILE_TARGET $(pwd) $PATH $HOME" > "$BOSH_INSTALL_TARGET/env"',
        'echo compiled',
      ].join('\n'),
    });
    const result = await compiler.compilePackage({
      blobstoreId: source.blobstoreId,
      sha1: source.sha1,
      name: 'app',
      version: '1.2',
      deps: { dep: { name: 'dep', version: '0.1', sha1: dep.sha1, blobstore_id: dep.blobstoreId } },
    });
    const compileDir = join(paths.compileDir, 'app');
    expect(await contentsOf(result.result)).toEqual({
      'bin/out': 'from the dependency\nsource\n',
      env: `app 1.2 ${compileDir} ${compileDir} /usr/sbin:/usr/bin:/sbin:/bin /root\n`,
    });
    expect(await readFile(join(paths.sysLogDir, 'compilation/packaging.stdout.log'), 'utf8')).toBe(
      'compiled\n',
    );
    expect(await readdir(paths.packagesDir)).toEqual([]);
    expect(await readdir(paths.dataPackagesDir)).toEqual([]);
    expect(await readdir(paths.compileDir)).toEqual([]);
  });

  it('stores an empty package when there is no packaging script', async () => {
    const source = await storeTgz({ README: 'nothing to do' });
    const result = await compiler.compilePackage({
      blobstoreId: source.blobstoreId,
      sha1: source.sha1,
      name: 'app',
      version: '1',
    });
    expect(await contentsOf(result.result)).toEqual({});
  });

  it("fails with BOSH's message and the script's output", async () => {
    const source = await storeTgz({ packaging: 'echo out-line\necho err-line >&2\nexit 3\n' });
    const request = { blobstoreId: source.blobstoreId, sha1: source.sha1, name: 'app', version: '1' };
    await expect(compiler.compilePackage(request)).rejects.toMatchObject({
      code: 'PACKAGING_FAILED',
      message:
        'Compiling package app: Running packaging script: Command exited with 3; ' +
        'Stdout: out-line\n, Stderr: + echo out-line\n+ echo err-line\nerr-line\n+ exit 3\n',
    });
    expect(await readdir(paths.compileDir)).toEqual([]);
    expect(await readdir(paths.dataPackagesDir)).toEqual([]);
  });

  it('names a malformed dependency', async () => {
    await expect(
      compiler.compilePackage({
        blobstoreId: 'b',
        sha1: 's',
        name: 'app',
        version: '1',
        deps: { dep: { name: 'dep' } },
      }),
    ).rejects.toThrow(
      'Compiling package app: Invalid dependencies: dep.version: Invalid input: expected string, received undefined; ' +
        'dep.sha1: Invalid input: expected string, received undefined; dep.blobstore_id: Invalid input: expected string, received undefined',
    );
  });

  it('names the dependency whose blob does not match', async () => {
    const dep = await storeTgz({ 'lib/x': 'x' });
    const source = await storeTgz({ packaging: 'true' });
    const wrong = 'b'.repeat(40);
    await expect(
      compiler.compilePackage({
        blobstoreId: source.blobstoreId,
        sha1: source.sha1,
        name: 'app',
        version: '1',
        deps: { dep: { name: 'dep', version: '1', sha1: wrong, blobstore_id: dep.blobstoreId } },
      }),
    ).rejects.toThrow(
      `Compiling package app: Installing dependent package: 'dep': Checking downloaded blob '${dep.blobstoreId}': Expected stream to have digest '${wrong}' but was '${dep.sha1}'`,
    );
  });
});
