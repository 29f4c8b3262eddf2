import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { list } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BosunError, FakeClock } from '../base/index.js';
import { createDevRelease, type CreateDevReleaseOptions } from './create-dev-release.js';
import { noGit, type GitRepo } from './git-repo.js';
import { readReleaseTarball } from './read-release-tarball.js';

const FIXTURE = new URL('../../test/fixtures/releases/chain', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/release', import.meta.url).pathname;

let root: string;
let dir: string;
let builds: number;
beforeEach(async () => {
  builds = 0;
  root = await mkdtemp(join(tmpdir(), 'bosun-create-release-'));
  dir = join(root, 'chain');
  await cp(FIXTURE, dir, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function create(options: Partial<CreateDevReleaseOptions> = {}) {
  return createDevRelease({
    dir,
    clock: new FakeClock(),
    git: noGit,
    newId: () => `build-${++builds}`,
    workDir: root,
    ...options,
  });
}

/** Entries of a .tgz as `tar tzv` shows them: mode and path. */
async function entries(file: string): Promise<string[]> {
  const seen: string[] = [];
  await list({ file, onReadEntry: (e) => seen.push(`${(e.mode ?? 0).toString(8)} ${e.path}`) });
  return seen;
}

const sha1Of = async (file: string) =>
  createHash('sha1')
    .update(await readFile(file))
    .digest('hex');

describe('createDevRelease', () => {
  it('writes the tarball in BOSH layout, records it in dev_releases/, and reads back the same', async () => {
    const created = await create();
    expect(created.name).toBe('chain');
    expect(created.version).toBe('0+dev.1');
    expect(created.path).toBe(join(dir, 'dev_releases/chain/chain-0+dev.1.tgz'));
    expect(await entries(created.path)).toEqual([
      '644 release.MF',
      '755 jobs/',
      '644 jobs/server.tgz',
      '755 packages/',
      '644 packages/app.tgz',
      '644 packages/runtime.tgz',
      '644 license.tgz',
      '644 LICENSE',
    ]);
    const manifestText = await readFile(join(dir, 'dev_releases/chain/chain-0+dev.1.yml'), 'utf8');
    const [server] = created.manifest.jobs;
    const [app, runtime] = created.manifest.packages;
    expect(manifestText).toBe(
      `name: chain\nversion: 0+dev.1\ncommit_hash: non-git\nuncommitted_changes: false\njobs:\n` +
        `- name: server\n  version: ${server?.fingerprint}\n  fingerprint: ${server?.fingerprint}\n  sha1: ${server?.sha1}\n  packages:\n  - app\n` +
        `packages:\n- name: app\n  version: ${app?.fingerprint}\n  fingerprint: ${app?.fingerprint}\n  sha1: ${app?.sha1}\n  dependencies:\n  - runtime\n` +
        `- name: runtime\n  version: ${runtime?.fingerprint}\n  fingerprint: ${runtime?.fingerprint}\n  sha1: ${runtime?.sha1}\n  dependencies: []\n` +
        `license:\n  version: ${created.manifest.license?.fingerprint}\n  fingerprint: ${created.manifest.license?.fingerprint}\n  sha1: ${created.manifest.license?.sha1}\n`,
    );
    expect(await readFile(join(dir, 'dev_releases/chain/index.yml'), 'utf8')).toBe(
      'builds:\n  build-1:\n    version: 0+dev.1\nformat-version: "2"\n',
    );

    const tarball = await readReleaseTarball(created.path, { workDir: root });
    try {
      expect(tarball.manifest).toEqual(created.manifest);
      expect(await readFile(join(tarball.dir, 'release.MF'), 'utf8')).toBe(manifestText);
      expect(tarball.jobs.map((j) => [j.name, j.spec.packages, j.job.monit?.split('\n')[0]])).toEqual([
        ['server', ['app'], 'check process server'],
      ]);
      expect(await entries(tarball.jobs[0]?.archivePath ?? '')).toEqual([
        '644 job.MF',
        '644 monit',
        '755 templates/',
        '644 templates/config.yml.erb',
        '644 templates/ctl.erb',
      ]);
      expect(await entries(tarball.packages[0]?.archivePath ?? '')).toEqual([
        '755 app/',
        '755 app/lib/',
        '644 app/lib/util.sh',
        '755 app/main.sh',
        '644 packaging',
      ]);
      expect(await entries(tarball.packages[1]?.archivePath ?? '')).toEqual([
        '644 packaging',
        '755 runtime/',
        '755 runtime/run.sh',
        '644 runtime/vendor.txt',
      ]);
      expect(tarball.compileOrder.map((p) => p.name)).toEqual(['runtime', 'app']);
      expect(await sha1Of(tarball.packages[1]?.archivePath ?? '')).toBe(runtime?.sha1);
    } finally {
      await tarball.cleanUp();
    }
  });

  it('gives the next dev version each time, and equal bytes for equal sources and clock', async () => {
    const first = await create();
    const second = await create();
    expect(second.version).toBe('0+dev.2');
    expect(second.manifest.packages).toEqual(first.manifest.packages);
    expect(second.manifest.jobs).toEqual(first.manifest.jobs);
    expect(await readFile(join(dir, 'dev_releases/chain/index.yml'), 'utf8')).toBe(
      'builds:\n  build-1:\n    version: 0+dev.1\n  build-2:\n    version: 0+dev.2\nformat-version: "2"\n',
    );
  });

  it('takes --tarball, --name, --version and --sha2', async () => {
    const tarball = join(root, 'out', 'r.tgz');
    const created = await create({ tarball, name: 'renamed', version: '1.2+dev.7', sha2: true });
    expect(created.path).toBe(tarball);
    expect(created.manifest.name).toBe('renamed');
    expect(created.version).toBe('1.2+dev.7');
    expect(created.manifest.jobs[0]?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(created.manifest.jobs[0]?.sha1).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await readFile(join(dir, 'dev_releases/renamed/renamed-1.2+dev.7.yml'), 'utf8')).toContain(
      'name: renamed\n',
    );
    const read = await readReleaseTarball(tarball, { workDir: root });
    await read.cleanUp();
    await expect(create({ name: 'renamed', version: '1.2+dev.7' })).rejects.toThrow(
      "Release version '1.2+dev.7' already exists",
    );
  });

  it("refuses local modifications unless forced, and then records them (bosh-cli's words)", async () => {
    const dirty: GitRepo = {
      lastCommitSha: () => Promise.resolve('1a2b3c4'),
      status: () => Promise.resolve(' M jobs/server/spec'),
    };
    const e = await create({ git: dirty }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BosunError);
    expect((e as BosunError).message).toBe('Git repository has local modifications:\n\n M jobs/server/spec');
    const forced = await create({ git: dirty, force: true });
    expect([forced.manifest.commitHash, forced.manifest.uncommittedChanges]).toEqual(['1a2b3c4', true]);
  });

  it('fetches an uploaded blob from a local blobstore and checks its digest', async () => {
    const store = join(root, 'store');
    await mkdir(store);
    await writeFile(join(store, 'blob-id'), 'vendored runtime bits\n');
    await writeFile(
      join(dir, 'config/final.yml'),
      `name: chain\nblobstore:\n  provider: local\n  options:\n    blobstore_path: ${store}\n`,
    );
    const sha = createHash('sha1').update('vendored runtime bits\n').digest('hex');
    await writeFile(
      join(dir, 'config/blobs.yml'),
      `runtime/vendor.txt:\n  size: 22\n  object_id: blob-id\n  sha: ${sha}\n`,
    );
    await rm(join(dir, 'blobs'), { recursive: true });
    expect((await create()).manifest.packages.map((p) => p.name)).toEqual(['app', 'runtime']);
    expect(await readFile(join(dir, 'blobs/runtime/vendor.txt'), 'utf8')).toBe('vendored runtime bits\n');

    await writeFile(join(store, 'blob-id'), 'tampered\n');
    await rm(join(dir, 'blobs'), { recursive: true });
    await expect(create()).rejects.toThrow(
      `Getting blob 'blob-id' for path 'runtime/vendor.txt': Expected sha1 digest "${sha}" but received "${createHash('sha1').update('tampered\n').digest('hex')}"`,
    );
  });

  it('runs pre_packaging in the staging directory and leaves the script out of the archive', async () => {
    await writeFile(
      join(dir, 'packages/runtime/pre_packaging'),
      'echo generated > "$BUILD_DIR/runtime/generated.txt"\n',
    );
    const runs: string[] = [];
    const created = await create({
      runPrePackaging: async ({ script, buildDir, releaseDir }) => {
        runs.push(`${script.slice(buildDir.length)} in ${releaseDir === dir ? 'release dir' : releaseDir}`);
        await writeFile(join(buildDir, 'runtime/generated.txt'), 'generated\n');
      },
    });
    expect(runs).toEqual(['/pre_packaging in release dir']);
    const read = await readReleaseTarball(created.path, { workDir: root });
    try {
      const runtime = read.packages.find((p) => p.name === 'runtime');
      expect(await entries(runtime?.archivePath ?? '')).toEqual([
        '644 packaging',
        '755 runtime/',
        '644 runtime/generated.txt',
        '755 runtime/run.sh',
        '644 runtime/vendor.txt',
      ]);
    } finally {
      await read.cleanUp();
    }
  });

  it('creates the example release (two jobs, one package compiled from source)', async () => {
    const example = join(root, 'example');
    // Not the dev releases someone made in examples/release: this one must be the first.
    await cp(EXAMPLE, example, { recursive: true, filter: (src) => !src.includes('dev_releases') });
    const created = await create({ dir: example });
    expect([created.name, created.version]).toEqual(['bosun-example', '0+dev.1']);
    expect(await entries(created.path)).toEqual([
      '644 release.MF',
      '755 jobs/',
      '644 jobs/ticker.tgz',
      '644 jobs/web.tgz',
      '755 packages/',
      '644 packages/greeter-tools.tgz',
    ]);
    const read = await readReleaseTarball(created.path, { workDir: root });
    try {
      expect(read.jobs.map((j) => [j.name, j.spec.templates.length, j.spec.packages])).toEqual([
        ['ticker', 5, ['greeter-tools']],
        ['web', 9, ['greeter-tools']],
      ]);
      expect(read.packages.map((p) => p.name)).toEqual(['greeter-tools']);
      expect(await entries(read.packages[0]?.archivePath ?? '')).toEqual([
        '755 greeter-tools/',
        '644 greeter-tools/greeter.c',
        '644 packaging',
      ]);
    } finally {
      await read.cleanUp();
    }
  });
});
