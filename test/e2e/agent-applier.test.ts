import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Applier } from '../../src/agent/applier/index.js';
import { prepareBaseLayout } from '../../src/agent/base-layout.js';
import { LocalBlobstore, type StoredBlob } from '../../src/agent/blobstore/index.js';
import { vcapPaths, type VcapPaths } from '../../src/agent/vcap-paths.js';

const isRoot = process.getuid?.() === 0;
/** A group that is not root's, to see that installed files are root:vcap. */
const VCAP_GID = 4242;
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o7777;

interface RawEntry {
  path: string;
  type?: 'File' | 'SymbolicLink';
  body?: string;
  linkpath?: string;
}

/** A tgz written header by header, so that it can hold entries `tar.c` refuses to write. */
async function writeRawTgz(file: string, entries: RawEntry[]): Promise<void> {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const header = new tar.Header({
      path: e.path,
      type: e.type ?? 'File',
      size: body.length,
      mode: 0o644,
      linkpath: e.linkpath ?? '',
      mtime: new Date(0),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]));
  }
  blocks.push(Buffer.alloc(1024));
  await writeFile(file, gzipSync(Buffer.concat(blocks)));
}

describe('agent applier (real files in a temporary /var/vcap)', () => {
  let dir: string;
  let paths: VcapPaths;
  let blobstore: LocalBlobstore;
  let applier: Applier;

  /** Writes files (path → content, or [content, mode]) under a staging directory and stores a tgz of `top`. */
  async function storeTgz(
    files: Record<string, string | [string, number]>,
    top: string[] = ['.'],
  ): Promise<StoredBlob> {
    const staging = await mkdtemp(join(dir, 'staging-'));
    for (const [path, spec] of Object.entries(files)) {
      const [content, mode] = typeof spec === 'string' ? [spec, 0o644] : spec;
      await mkdir(join(staging, path, '..'), { recursive: true });
      await writeFile(join(staging, path), content);
      await chmod(join(staging, path), mode);
    }
    await tar.c({ gzip: true, file: `${staging}.tgz`, cwd: staging }, top);
    return blobstore.put(`${staging}.tgz`);
  }

  function applySpec(
    jobs: string[],
    archive: StoredBlob,
    packages: Record<string, StoredBlob>,
  ): Record<string, unknown> {
    return {
      deployment: 'shop',
      name: 'web-ig',
      index: 0,
      id: '5f1d2c3e-0000-4000-8000-000000000001',
      az: 'z1',
      configuration_hash: sha1(archive.sha1),
      job: {
        name: 'web-ig',
        templates: jobs.map((name) => ({ name, version: `${name}-v1`, sha1: 'x', blobstore_id: 'y' })),
      },
      packages: Object.fromEntries(
        Object.entries(packages).map(([name, blob]) => [
          name,
          { name, version: `${name}-1`, sha1: blob.sha1, blobstore_id: blob.blobstoreId },
        ]),
      ),
      rendered_templates_archive: { blobstore_id: archive.blobstoreId, sha1: archive.sha1 },
      networks: { default: { ip: '10.0.0.5' } },
    };
  }

  const renderedJobs = (suffix: string): Record<string, string> => ({
    'web/monit': `check process web${suffix}`,
    'web/bin/ctl': '#!/bin/bash\necho ctl\n',
    'web/bin/pre-start': '#!/bin/bash\n',
    'web/config/web.conf': 'port=80\n',
    'web/.bosh/links.json': '[]\n',
    'db/monit': 'check process db',
    'db/bin/ctl': '#!/bin/bash\n',
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-e2e-applier-'));
    paths = vcapPaths(join(dir, 'vcap'));
    await prepareBaseLayout(paths);
    blobstore = new LocalBlobstore({ blobstorePath: join(dir, 'blobs') });
    applier = new Applier({ paths, blobstore, owner: isRoot ? { uid: 0, gid: VCAP_GID } : undefined });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('installs and enables jobs and packages with BOSH layout, modes and links, then removes what a second apply drops', async () => {
    const archive = await storeTgz(renderedJobs(''), ['web', 'db']);
    const ruby = await storeTgz({ 'bin/ruby': ['#!/bin/sh\n', 0o755], 'lib/ruby.rb': 'x' });
    const openssl = await storeTgz({ 'lib/libssl.so': 'so' });
    const spec = applySpec(['web', 'db'], archive, { ruby, openssl });
    await applier.apply(spec);

    const webDir = join(paths.dataJobsDir, 'web', sha1(`web-v1-${archive.sha1}`));
    const dbDir = join(paths.dataJobsDir, 'db', sha1(`db-v1-${archive.sha1}`));
    const rubyDir = join(paths.dataPackagesDir, 'ruby', sha1(`ruby-1-${ruby.sha1}`));
    const opensslDir = join(paths.dataPackagesDir, 'openssl', sha1(`openssl-1-${openssl.sha1}`));
    expect(await readlink(join(paths.base, 'jobs/web'))).toBe(webDir);
    expect(await readlink(join(paths.base, 'jobs/db'))).toBe(dbDir);
    expect(await readlink(join(paths.base, 'packages/ruby'))).toBe(rubyDir);
    expect(await readlink(join(paths.base, 'packages/openssl'))).toBe(opensslDir);
    for (const job of ['web', 'db']) {
      expect((await readdir(join(paths.base, 'jobs', job, 'packages'))).sort()).toEqual(['openssl', 'ruby']);
      expect(await readlink(join(paths.base, 'jobs', job, 'packages/ruby'))).toBe(rubyDir);
      expect(await readlink(join(paths.base, 'jobs', job, 'packages/openssl'))).toBe(opensslDir);
    }
    expect((await readdir(webDir)).sort()).toEqual(['.bosh', 'bin', 'config', 'monit', 'packages']);
    expect(await readFile(join(paths.base, 'jobs/web/monit'), 'utf8')).toBe('check process web');
    expect(await readFile(join(paths.base, 'packages/ruby/bin/ruby'), 'utf8')).toBe('#!/bin/sh\n');

    expect(await modeOf(webDir)).toBe(0o750);
    expect(await modeOf(join(webDir, 'bin'))).toBe(0o750);
    expect(await modeOf(join(webDir, 'bin/ctl'))).toBe(0o750);
    expect(await modeOf(join(webDir, 'bin/pre-start'))).toBe(0o750);
    expect(await modeOf(join(webDir, 'config'))).toBe(0o750);
    expect(await modeOf(join(webDir, 'monit'))).toBe(0o640);
    expect(await modeOf(join(webDir, 'config/web.conf'))).toBe(0o640);
    expect(await modeOf(join(webDir, '.bosh/links.json'))).toBe(0o640);
    expect(await modeOf(join(rubyDir, 'bin/ruby'))).toBe(0o755);
    expect(await modeOf(rubyDir)).toBe(0o755);
    for (const job of ['web', 'db']) {
      for (const d of [
        join(paths.base, 'sys/log', job),
        join(paths.base, 'sys/run', job),
        join(paths.base, 'data', job),
      ]) {
        expect((await stat(d)).isDirectory()).toBe(true);
        expect(await modeOf(d)).toBe(0o770);
      }
    }
    if (isRoot) {
      for (const p of [
        webDir,
        join(webDir, 'bin/ctl'),
        join(webDir, 'monit'),
        join(paths.base, 'sys/log/web'),
        rubyDir,
      ]) {
        expect(await stat(p)).toMatchObject({ uid: 0, gid: VCAP_GID });
      }
    }

    expect(await modeOf(join(paths.base, 'instance'))).toBe(0o755);
    for (const [name, content] of [
      ['id', '5f1d2c3e-0000-4000-8000-000000000001'],
      ['az', 'z1'],
      ['name', 'web-ig'],
      ['deployment', 'shop'],
    ]) {
      expect(await readFile(join(paths.base, 'instance', name!), 'utf8')).toBe(content);
      expect(await modeOf(join(paths.base, 'instance', name!))).toBe(0o644);
    }
    expect(JSON.parse(await readFile(join(paths.base, 'bosh/spec.json'), 'utf8'))).toEqual(spec);
    expect(await applier.currentSpec()).toEqual(spec);

    // Second apply: db and openssl are gone, web is re-rendered.
    const archive2 = await storeTgz(renderedJobs(' v2'), ['web']);
    await applier.apply(applySpec(['web'], archive2, { ruby }));
    const webDir2 = join(paths.dataJobsDir, 'web', sha1(`web-v1-${archive2.sha1}`));
    expect(await readdir(join(paths.base, 'jobs'))).toEqual(['web']);
    expect(await readlink(join(paths.base, 'jobs/web'))).toBe(webDir2);
    expect(await readFile(join(paths.base, 'jobs/web/monit'), 'utf8')).toBe('check process web v2');
    expect(await readdir(paths.dataJobsDir)).toEqual(['web']);
    expect(await readdir(join(paths.dataJobsDir, 'web'))).toEqual([sha1(`web-v1-${archive2.sha1}`)]);
    expect(await readdir(join(paths.base, 'packages'))).toEqual(['ruby']);
    expect(await readdir(paths.dataPackagesDir)).toEqual(['ruby']);
    expect(await readdir(join(paths.base, 'jobs/web/packages'))).toEqual(['ruby']);
    expect((await readdir(join(paths.base, 'sys/log'))).sort()).toEqual(['db', 'web']);
  });

  it.each<[string, RawEntry, string]>([
    ['../x', { path: '../x', body: 'evil' }, "path contains '..'"],
    ['/abs', { path: '/abs/x', body: 'evil' }, 'absolute path'],
    [
      'a symlink pointing outside',
      { path: 'web/evil', type: 'SymbolicLink', linkpath: '../../../../../etc' },
      "symbolic link to '../../../../../etc' points outside the destination",
    ],
  ])(
    'refuses a rendered archive with %s, names the entry and enables nothing',
    async (_name, evil, reason) => {
      await writeRawTgz(join(dir, 'evil.tgz'), [
        { path: 'web/monit', body: 'check process web' },
        { path: 'web/bin/ctl', body: '#!/bin/sh\n' },
        evil,
      ]);
      const archive = await blobstore.put(join(dir, 'evil.tgz'));
      const ruby = await storeTgz({ 'bin/ruby': 'x' });
      const error = await applier.apply(applySpec(['web'], archive, { ruby })).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'ARCHIVE_ENTRY_REFUSED',
        message: `Applying job 'web': Refusing to extract '${evil.path}' from the rendered templates archive (blob '${archive.blobstoreId}'): ${reason}`,
      });
      expect(await readdir(join(paths.base, 'jobs'))).toEqual([]);
      expect(await readdir(join(paths.base, 'packages'))).toEqual([]);
      expect(await readdir(join(paths.dataJobsDir, 'web'))).toEqual([]);
      await expect(stat(join(paths.base, 'bosh/spec.json'))).rejects.toThrow(/ENOENT/);
      await expect(stat(join(paths.dataJobsDir, 'x'))).rejects.toThrow(/ENOENT/);
    },
  );

  it('names the blob and both digests when a package does not match its digest', async () => {
    const archive = await storeTgz(renderedJobs(''), ['web']);
    const ruby = await storeTgz({ 'bin/ruby': 'x' });
    const wrong = `sha256:${'0'.repeat(64)}`;
    const actual = createHash('sha256')
      .update(await readFile(join(dir, 'blobs', ruby.blobstoreId)))
      .digest('hex');
    const error = await applier
      .apply(applySpec(['web'], archive, { ruby: { ...ruby, sha1: wrong } }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'BLOB_DIGEST_MISMATCH',
      message: `Applying package 'ruby': Checking downloaded blob '${ruby.blobstoreId}': Expected stream to have digest '${wrong}' but was 'sha256:${actual}'`,
    });
    expect(await readdir(join(paths.base, 'jobs'))).toEqual([]);
  });

  it('refuses a malformed spec with an error naming the field', async () => {
    const archive = await storeTgz(renderedJobs(''), ['web']);
    const spec = applySpec(['web'], archive, {});
    spec['rendered_templates_archive'] = { blobstore_id: archive.blobstoreId };
    await expect(applier.apply(spec)).rejects.toMatchObject({
      code: 'APPLY_SPEC_INVALID',
      message:
        'Invalid apply spec: rendered_templates_archive.sha1: Invalid input: expected string, received undefined',
    });
  });
});
