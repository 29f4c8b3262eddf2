import { appendFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PackageCompiler, extractArchive } from '../../src/agent/applier/index.js';
import { prepareBaseLayout } from '../../src/agent/base-layout.js';
import { LocalBlobstore, type StoredBlob } from '../../src/agent/blobstore/index.js';
import { LogRotator, fetchLogs } from '../../src/agent/logs/index.js';
import { vcapPaths, type VcapPaths } from '../../src/agent/vcap-paths.js';

describe('agent compile_package, fetch_logs and log rotation (real files and processes)', () => {
  let dir: string;
  let paths: VcapPaths;
  let blobstore: LocalBlobstore;

  async function storeTgz(files: Record<string, string>): Promise<StoredBlob> {
    const staging = await mkdtemp(join(dir, 'staging-'));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(staging, path, '..'), { recursive: true });
      await writeFile(join(staging, path), content);
    }
    await tar.c({ gzip: true, file: `${staging}.tgz`, cwd: staging }, ['.']);
    return blobstore.put(`${staging}.tgz`);
  }

  /** Fetches a blob and returns its regular files (path → content). */
  async function filesOf(blob: { blobstore_id: string; sha1: string }): Promise<Record<string, string>> {
    const out = await mkdtemp(join(dir, 'out-'));
    await blobstore.fetch(blob.blobstore_id, blob.sha1, `${out}.tgz`);
    await extractArchive(`${out}.tgz`, join(out, 'tree'));
    const files: Record<string, string> = {};
    for (const entry of await readdir(join(out, 'tree'), { recursive: true, withFileTypes: true })) {
      if (entry.isFile())
        files[join(entry.parentPath, entry.name).slice(join(out, 'tree').length + 1)] = await readFile(
          join(entry.parentPath, entry.name),
          'utf8',
        );
    }
    return files;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-e2e-compile-'));
    paths = vcapPaths(join(dir, 'vcap'));
    await prepareBaseLayout(paths);
    blobstore = new LocalBlobstore({ blobstorePath: join(dir, 'blobs') });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('compiles a package against its dependency with bash -x packaging and stores the install target', async () => {
    const libyaml = await storeTgz({ 'include/yaml.h': '#define YAML 1\n', 'lib/libyaml.a': 'archive\n' });
    const source = await storeTgz({
      'ruby/ruby.c': 'int main() { return 0; }\n',
      packaging: [
        'set -e -u',
        'deps="${BOSH_INSTALL_TARGET%/*}/libyaml"',
        'mkdir -p "$BOSH_INSTALL_TARGET/bin" "$BOSH_INSTALL_TARGET/include"',
        'cp ruby/ruby.c "$BOSH_INSTALL_TARGET/bin/ruby"',
        'cp "$deps/include/yaml.h" "$BOSH_INSTALL_TARGET/include/"',
        'echo "name=$BOSH_PACKAGE_NAME version=$BOSH_PACKAGE_VERSION" > "$BOSH_INSTALL_TARGET/BUILD_INFO"',
        'echo "built $BOSH_PACKAGE_NAME"',
      ].join('\n'),
    });
    const compiler = new PackageCompiler({ paths, blobstore });
    const reply = await compiler.compilePackage({
      blobstoreId: source.blobstoreId,
      sha1: source.sha1,
      name: 'ruby',
      version: '3.3.0',
      deps: {
        libyaml: { name: 'libyaml', version: '0.2.5', sha1: libyaml.sha1, blobstore_id: libyaml.blobstoreId },
      },
    });
    expect(Object.keys(reply)).toEqual(['result']);
    expect(await filesOf(reply.result)).toEqual({
      'bin/ruby': 'int main() { return 0; }\n',
      'include/yaml.h': '#define YAML 1\n',
      BUILD_INFO: 'name=ruby version=3.3.0\n',
    });
    expect(await readFile(join(paths.sysLogDir, 'compilation/packaging.stdout.log'), 'utf8')).toBe(
      'built ruby\n',
    );
    expect(await readFile(join(paths.sysLogDir, 'compilation/packaging.stderr.log'), 'utf8')).toContain(
      '+ cp ruby/ruby.c',
    );
    expect(await readdir(paths.packagesDir)).toEqual([]);
    expect(await readdir(paths.compileDir)).toEqual([]);
  });

  it('fails a broken packaging script with the end of its output', async () => {
    const source = await storeTgz({ packaging: 'echo configuring\necho "gcc: not found" >&2\nexit 127\n' });
    const compiler = new PackageCompiler({ paths, blobstore });
    await expect(
      compiler.compilePackage({
        blobstoreId: source.blobstoreId,
        sha1: source.sha1,
        name: 'ruby',
        version: '3.3.0',
        deps: {},
      }),
    ).rejects.toMatchObject({
      code: 'PACKAGING_FAILED',
      message:
        'Compiling package ruby: Running packaging script: Command exited with 127; Stdout: configuring\n, ' +
        "Stderr: + echo configuring\n+ echo 'gcc: not found'\ngcc: not found\n+ exit 127\n",
    });
  });

  it('bundles job logs, all or one job, into the blobstore', async () => {
    await mkdir(join(paths.sysLogDir, 'web'), { recursive: true });
    await mkdir(join(paths.sysLogDir, 'db'), { recursive: true });
    await writeFile(join(paths.sysLogDir, 'web/web.stdout.log'), 'GET /\n');
    await writeFile(join(paths.sysLogDir, 'web/pre-start.stderr.log'), 'warming\n');
    await writeFile(join(paths.sysLogDir, 'db/db.log'), 'ready\n');
    const all = await fetchLogs({ paths, blobstore, logType: 'job' });
    expect(await filesOf(all)).toEqual({
      'db/db.log': 'ready\n',
      'web/pre-start.stderr.log': 'warming\n',
      'web/web.stdout.log': 'GET /\n',
    });
    const web = await fetchLogs({ paths, blobstore, logType: 'job', filters: ['web'] });
    expect(Object.keys(await filesOf(web)).sort()).toEqual([
      'web/pre-start.stderr.log',
      'web/web.stdout.log',
    ]);
  });

  it('rotates a job log 8 times and keeps the 7 newest, compressed', async () => {
    const log = join(paths.sysLogDir, 'web/web.stdout.log');
    await mkdir(join(paths.sysLogDir, 'web'), { recursive: true });
    await writeFile(log, '');
    await chmod(log, 0o640);
    const rotator = new LogRotator({
      logDir: paths.sysLogDir,
      maxLogFileSize: '1k',
      onError: (e) => {
        throw e;
      },
    });
    for (let n = 1; n <= 8; n += 1) {
      appendFileSync(log, `${'x'.repeat(1023)}${n}`);
      expect(await rotator.rotateOnce()).toEqual([log]);
    }
    expect((await readdir(join(paths.sysLogDir, 'web'))).sort()).toEqual([
      'web.stdout.log',
      ...[1, 2, 3, 4, 5, 6, 7].map((n) => `web.stdout.log.${n}.gz`),
    ]);
    for (let n = 1; n <= 7; n += 1) {
      expect(gunzipSync(await readFile(`${log}.${n}.gz`)).toString('utf8')).toBe(
        `${'x'.repeat(1023)}${9 - n}`,
      );
    }
    expect(await readFile(log, 'utf8')).toBe('');
  });
});
