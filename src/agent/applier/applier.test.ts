import { lstat, mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobstore, type AgentBlobstore, type StoredBlob } from '../blobstore/index.js';
import { vcapPaths, type VcapPaths } from '../vcap-paths.js';
import { Applier } from './applier.js';
import { bundleHash } from './bundle-hash.js';
import { packDirectory } from './pack-directory.js';

/** Counts fetches, to tell which blobs were downloaded. */
class CountingBlobstore implements AgentBlobstore {
  readonly fetched: string[] = [];
  constructor(private readonly inner: AgentBlobstore) {}
  fetch(blobId: string, digest: string, destFile: string, signal?: AbortSignal): Promise<void> {
    this.fetched.push(blobId);
    return this.inner.fetch(blobId, digest, destFile, signal);
  }
  put(file: string): Promise<StoredBlob> {
    return this.inner.put(file);
  }
}

describe('Applier', () => {
  let dir: string;
  let paths: VcapPaths;
  let blobstore: CountingBlobstore;
  let applier: Applier;

  /** Stores a tgz of `files` (path → content) in the blobstore. */
  async function storeTgz(files: Record<string, string>, top?: string[]): Promise<StoredBlob> {
    const staging = await mkdtemp(join(dir, 'staging-'));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(staging, path, '..'), { recursive: true });
      await writeFile(join(staging, path), content);
    }
    const tgz = `${staging}.tgz`;
    if (top === undefined) await packDirectory(staging, tgz);
    else await tar.c({ gzip: true, file: tgz, cwd: staging }, top);
    return blobstore.put(tgz);
  }

  async function specWith(
    jobs: Record<string, string>,
    configurationHash = 'c1',
  ): Promise<Record<string, unknown>> {
    const files: Record<string, string> = {};
    for (const [job, monit] of Object.entries(jobs)) files[`${job}/monit`] = monit;
    const archive = await storeTgz(files, Object.keys(jobs));
    const pkg = await storeTgz({ 'bin/tool': 'tool' });
    return {
      deployment: 'd',
      name: 'ig',
      id: 'i-1',
      az: 'z1',
      configuration_hash: configurationHash,
      job: {
        name: 'ig',
        templates: Object.keys(jobs).map((name) => ({ name, version: 'v1', sha1: 's', blobstore_id: 'b' })),
      },
      packages: { pkg: { name: 'pkg', version: 'p1', sha1: pkg.sha1, blobstore_id: pkg.blobstoreId } },
      rendered_templates_archive: { blobstore_id: archive.blobstoreId, sha1: archive.sha1 },
    };
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-applier-'));
    paths = vcapPaths(join(dir, 'vcap'));
    blobstore = new CountingBlobstore(new LocalBlobstore({ blobstorePath: join(dir, 'blobs') }));
    applier = new Applier({ paths, blobstore });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('installs on prepare without enabling, and apply then downloads nothing again', async () => {
    const spec = await specWith({ web: 'check process web' });
    await applier.prepare(spec);
    const archiveSha1 = (spec['rendered_templates_archive'] as { sha1: string }).sha1;
    const installed = join(paths.dataJobsDir, 'web', bundleHash('v1', archiveSha1));
    expect(await readFile(join(installed, 'monit'), 'utf8')).toBe('check process web');
    await expect(lstat(paths.jobDir('web'))).rejects.toThrow(/ENOENT/);
    await expect(lstat(join(paths.packagesDir, 'pkg'))).rejects.toThrow(/ENOENT/);
    await expect(lstat(paths.specFile)).rejects.toThrow(/ENOENT/);
    const fetchedByPrepare = blobstore.fetched.length;
    await applier.apply(spec);
    expect(await readlink(paths.jobDir('web'))).toBe(installed);
    expect(blobstore.fetched.length).toBe(fetchedByPrepare);
  });

  it('only persists the spec and instance files when configuration_hash is empty', async () => {
    const spec = await specWith({ web: 'x' }, '');
    await applier.apply(spec);
    await expect(lstat(paths.jobDir('web'))).rejects.toThrow(/ENOENT/);
    expect(blobstore.fetched).toEqual([]);
    expect(JSON.parse(await readFile(paths.specFile, 'utf8'))).toEqual(spec);
    expect(await readFile(join(paths.instanceDir, 'az'), 'utf8')).toBe('z1');
  });

  it('keeps the previous jobs enabled when an apply fails', async () => {
    const first = await specWith({ web: 'v1' });
    await applier.apply(first);
    const before = await readlink(paths.jobDir('web'));
    const second = await specWith({ web: 'v2', db: 'db' });
    (second['rendered_templates_archive'] as { sha1: string }).sha1 = 'a'.repeat(40);
    await expect(applier.apply(second)).rejects.toThrow(
      /^Applying job 'web': Checking downloaded blob '.*': Expected stream to have digest 'a{40}' but was '[0-9a-f]{40}'$/,
    );
    expect(await readlink(paths.jobDir('web'))).toBe(before);
    await expect(lstat(paths.jobDir('db'))).rejects.toThrow(/ENOENT/);
    expect(JSON.parse(await readFile(paths.specFile, 'utf8'))).toEqual(first);
  });

  it('names the package whose blob does not match its digest', async () => {
    const spec = await specWith({ web: 'x' });
    const pkg = (spec['packages'] as Record<string, { sha1: string; blobstore_id: string }>)['pkg'];
    if (pkg === undefined) throw new Error('no package');
    pkg.sha1 = `sha256:${'0'.repeat(64)}`;
    await expect(applier.apply(spec)).rejects.toThrow(
      new RegExp(
        `^Applying package 'pkg': Checking downloaded blob '${pkg.blobstore_id}': Expected stream to have digest 'sha256:0{64}' but was 'sha256:[0-9a-f]{64}'$`,
      ),
    );
  });

  it.each([
    [
      { job: { templates: [{ name: 'web', version: 1 }] } },
      'Invalid apply spec: job.templates[0].version: Invalid input: expected string, received number; job.templates[0].sha1: Invalid input: expected string, received undefined; job.templates[0].blobstore_id: Invalid input: expected string, received undefined',
    ],
    [
      { packages: { p: { name: 'p', version: '1', sha1: '', blobstore_id: 'b' } } },
      'Invalid apply spec: packages.p.sha1: Too small: expected string to have >=1 characters',
    ],
    ['not a spec', 'Invalid apply spec: (top level): Invalid input: expected object, received string'],
  ])('refuses a malformed spec, naming the field: %j', async (spec, message) => {
    await expect(applier.apply(spec)).rejects.toMatchObject({ code: 'APPLY_SPEC_INVALID', message });
  });

  it('refuses job names that are not a single path component', async () => {
    const spec = await specWith({ web: 'x' });
    (spec['job'] as { templates: { name: string }[] }).templates[0] = {
      name: '../evil',
      version: 'v1',
      sha1: 's',
      blobstore_id: 'b',
    } as never;
    await expect(applier.apply(spec)).rejects.toThrow("Applying job '../evil': Invalid job name '../evil'");
  });

  it('reads back the persisted spec, or an empty one', async () => {
    expect(await applier.currentSpec()).toEqual({});
    const spec = await specWith({ web: 'x' });
    await applier.apply(spec);
    expect(await applier.currentSpec()).toEqual(spec);
  });
});
