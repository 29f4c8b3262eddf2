import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestBytes, type DigestAlgorithm } from './digest.js';
import { computeFingerprint, fingerprintEntries, type FingerprintEntry } from './fingerprint.js';
import { readReleaseDir } from './read-release-dir.js';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// The files bosh-cli's `generate-job job1` and `generate-package pkgN` write
// (releasedir/fs_generator.go), as edited by bosh-cli's integration test
// (integration/create_release_test.go): job1 needs pkg1 and pkg2, pkg1 depends on pkg2.
const JOB1_SPEC = '---\nname: job1\n\ntemplates: {}\n\npackages: [pkg1, pkg2]\n\nproperties: {}\n';
const pkgSpec = (name: string, deps: string, files = 'files: []') =>
  `---\nname: ${name}\n\ndependencies: ${deps}\n\n${files}\n`;
const PACKAGING = 'set -e\n';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-fingerprint-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(path: string, text: string, mode = 0o644): Promise<string> {
  const full = join(root, path);
  await mkdir(join(full, '..'), { recursive: true });
  await writeFile(full, text);
  await chmod(full, mode);
  return full;
}

/** bosh-cli's integration-test release, with or without the second step's content. */
async function writeBoshCliTestRelease(withContent: boolean): Promise<void> {
  await write('config/final.yml', 'name: release\n');
  await write('jobs/job1/spec', JOB1_SPEC);
  await write('jobs/job1/monit', '');
  await write(
    'packages/pkg1/spec',
    pkgSpec('pkg1', '[pkg2]', withContent ? 'files:\n- in-src\n- in-blobs' : 'files: []'),
  );
  await write('packages/pkg1/packaging', PACKAGING);
  await write('packages/pkg2/spec', pkgSpec('pkg2', '[]'));
  await write('packages/pkg2/packaging', PACKAGING);
  await write('LICENSE', 'LICENSE');
  if (withContent) {
    await write('src/in-src', 'in-src');
    await write('blobs/in-blobs', 'in-blobs');
  }
}

describe('fingerprintEntries', () => {
  const entry = (relativePath: string, digest: string, mode?: string): FingerprintEntry => ({
    relativePath,
    name: relativePath,
    digest,
    mode,
  });

  it.each<[string, FingerprintEntry[], string[], DigestAlgorithm, string]>([
    [
      'sorts files by path, then appends the sorted chunks joined by commas',
      [entry('b', 'B', '100644'), entry('a', 'A', '100755')],
      ['y', 'x'],
      'sha1',
      sha1('v2aA100755bB100644x,y'),
    ],
    ['leaves an excluded mode out', [entry('packaging', 'P')], [], 'sha1', sha1('v2packagingP')],
    [
      'sorts by bytes, as Go does (Z before a)',
      [entry('a', '1'), entry('Z', '2')],
      [],
      'sha1',
      sha1('v2Z2a1'),
    ],
    [
      'hashes the base name but sorts by path (license files)',
      [{ relativePath: 'z/LICENSE', name: 'LICENSE', digest: 'L', mode: undefined }, entry('a', 'A')],
      [],
      'sha1',
      sha1('v2aALICENSEL'),
    ],
    [
      'drops the sha256: prefix of the result',
      [entry('a', 'A', '100644')],
      [],
      'sha256',
      sha256('v2aA100644'),
    ],
  ])('%s', (_what, entries, chunks, algorithm, expected) => {
    expect(fingerprintEntries(entries, chunks, algorithm)).toBe(expected);
  });
});

describe('computeFingerprint', () => {
  it.each<[string, { followSymlinks: boolean }, string]>([
    [
      'a followed symlink hashes its target and, from lstat, counts as executable',
      { followSymlinks: true },
      `v2link${sha1('x')}100755`,
    ],
    [
      'a kept symlink hashes its target path, with mode "symlink"',
      { followSymlinks: false },
      `v2link${sha1('target')}symlink`,
    ],
  ])('%s', async (_what, options, chunks) => {
    await write('target', 'x');
    await symlink('target', join(root, 'link'));
    const fp = await computeFingerprint([{ path: join(root, 'link'), relativePath: 'link' }], [], {
      algorithm: 'sha1',
      ...options,
    });
    expect(fp).toBe(sha1(chunks));
  });

  it('takes git modes from the execute bits and digests with the sha256: prefix', async () => {
    const tool = await write('bin/tool', '#!/bin/sh\n', 0o744);
    const data = await write('data', 'd', 0o600);
    const fp = await computeFingerprint(
      [
        { path: tool, relativePath: 'bin/tool' },
        { path: data, relativePath: 'data' },
      ],
      [],
      { algorithm: 'sha256', followSymlinks: false },
    );
    expect(fp).toBe(
      sha256(
        `v2bin/tool${digestBytes('sha256', '#!/bin/sh\n')}100755data${digestBytes('sha256', 'd')}100644`,
      ),
    );
  });

  it('names the file it cannot read', async () => {
    const missing = join(root, 'missing');
    await expect(
      computeFingerprint([{ path: missing, relativePath: 'm' }], [], {
        algorithm: 'sha1',
        followSymlinks: false,
      }),
    ).rejects.toThrow(`Fingerprinting file '${missing}': ENOENT`);
  });
});

describe('fingerprints of a release directory', () => {
  // The expected values are those of bosh-cli's integration test: SHA-1 at cloudfoundry/bosh-cli
  // 967072499503 (classic default), SHA-256 at 09230634fe80 (newer bosh-cli, and `--sha2`).
  it.each<[DigestAlgorithm, boolean, Record<string, string>]>([
    [
      'sha1',
      false,
      {
        job1: '2587bae8b82982432573d964c4c23bae3403ddee',
        pkg1: 'a869c327f5cf345e945f8c8798aca1c34993f66b',
        pkg2: '100bedf6f31da1a4693c446f1ea93348ea7a7a9d',
      },
    ],
    [
      'sha1',
      true,
      { pkg1: '9555b8abbcb5180f02f6b7c6027f9d8f49c0e952', pkg2: '100bedf6f31da1a4693c446f1ea93348ea7a7a9d' },
    ],
    [
      'sha256',
      false,
      {
        job1: 'f54520d6563c438bf0bc5bb674777db171b78d848a057a3faec0e9b572c3a76c',
        pkg1: '08441a1962e8141645edb0f2ddb91330454f2f1a3954d7f27fa256eb5e7b4ed6',
        pkg2: '34581dd0d93735e444a32450e3ae3951258c936479b45e08f1fa074740c7e392',
        license: '42a33a7295936a632c8f54e70f2553975ee38a476d6aae93f3676e68c9db2f86',
      },
    ],
    ['sha256', true, { pkg1: '00ebebd8dd5a533a91f9de34b0cf708772fca87ada7e37e63bec00ece2e0634c' }],
  ])('match bosh-cli with %s (files in src/ and blobs/: %s)', async (algorithm, withContent, expected) => {
    await writeBoshCliTestRelease(withContent);
    const release = await readReleaseDir(root, { algorithm });
    const actual: Record<string, string> = {};
    for (const { job, fingerprint } of release.jobs) actual[job.spec.name] = fingerprint;
    for (const pkg of release.packages) actual[pkg.name] = pkg.fingerprint;
    if (release.license !== undefined) actual['license'] = release.license.fingerprint;
    expect(actual).toMatchObject(expected);
  });
});
