import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../base/index.js';
import { DirectorStore } from './director-store.js';
import type { JobInput, PackageInput } from './release-artifacts.js';

const pkg = (name: string, fingerprint = `fp-${name}`, dependencies: string[] = []): PackageInput => ({
  name,
  version: fingerprint,
  fingerprint,
  sha1: `sha256:${'a'.repeat(64)}`,
  blobstoreId: `blob-${name}`,
  dependencies,
});
const job = (name: string, fingerprint = `fp-${name}`): JobInput => ({
  name,
  version: fingerprint,
  fingerprint,
  sha1: 'b'.repeat(40),
  blobstoreId: `blob-job-${name}`,
  spec: { name, templates: { 'ctl.erb': 'bin/ctl' }, packages: ['nginx'], properties: {} },
});

describe('ReleaseRepo and PackageRepo', () => {
  let dataDir: string;
  let store: DirectorStore;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bosun-store-'));
    store = DirectorStore.open({ dataDir, clock: new FakeClock(5000) });
  });
  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a version with its jobs and packages and finds it by name and version', () => {
    store.releases.createVersion({
      name: 'web',
      version: '0+dev.1',
      commitHash: 'abc123',
      uncommittedChanges: true,
      jobs: [job('web')],
      packages: [pkg('nginx', 'fp1', ['pcre']), pkg('pcre')],
    });
    const found = store.releases.findVersion('web', '0+dev.1');
    expect(found).toMatchObject({
      releaseName: 'web',
      version: '0+dev.1',
      commitHash: 'abc123',
      uncommittedChanges: true,
      createdAtMs: 5000,
    });
    expect(found?.packages.map((p) => [p.name, p.fingerprint, p.dependencies])).toEqual([
      ['nginx', 'fp1', ['pcre']],
      ['pcre', 'fp-pcre', []],
    ]);
    expect(found?.jobs[0]?.spec).toEqual(job('web').spec);
    expect(store.releases.findVersion('web', '0+dev.2')).toBeUndefined();
  });

  it('shares unchanged packages between versions and refuses a changed one under an old version', () => {
    const base = { name: 'web', commitHash: 'x', uncommittedChanges: false, jobs: [job('web')] };
    const v1 = store.releases.createVersion({ ...base, version: '1', packages: [pkg('nginx')] });
    const v2 = store.releases.createVersion({ ...base, version: '2', packages: [pkg('nginx')] });
    expect(v2.packages[0]?.id).toBe(v1.packages[0]?.id);
    expect(() =>
      store.releases.createVersion({
        ...base,
        version: '3',
        packages: [{ ...pkg('nginx'), fingerprint: 'changed' }],
      }),
    ).toThrow(
      "Release 'web' already has package 'nginx/fp-nginx' with fingerprint 'fp-nginx', not 'changed'",
    );
    expect(store.releases.findVersion('web', '3')).toBeUndefined();
    expect(() => store.releases.createVersion({ ...base, version: '1', packages: [] })).toThrow(
      "Release 'web/1' already exists",
    );
  });

  it('lists releases with the versions a deployment uses', () => {
    const base = { name: 'web', commitHash: 'x', uncommittedChanges: false, jobs: [], packages: [] };
    store.releases.createVersion({ ...base, version: '1' });
    const v2 = store.releases.createVersion({ ...base, version: '2' });
    store.deployments.save({
      name: 'd',
      manifest: 'name: d',
      cloudConfigId: null,
      releaseVersionIds: [v2.id],
      stemcellIds: [],
    });
    expect(
      store.releases.list().map((r) => [r.name, r.versions.map((v) => [v.version, v.isDeployed])]),
    ).toEqual([
      [
        'web',
        [
          ['1', false],
          ['2', true],
        ],
      ],
    ]);
  });

  it('caches a compiled package per fingerprint, stemcell and dependencies, keeping the first', () => {
    const key = {
      packageFingerprint: 'fp1',
      stemcellOs: 'ubuntu-jammy',
      stemcellVersion: '1.1',
      dependencyKey: '[]',
    };
    expect(store.packages.findCompiled(key)).toBeUndefined();
    const first = store.packages.createCompiled({
      ...key,
      packageName: 'nginx',
      blobstoreId: 'b1',
      sha1: 's1',
    });
    const second = store.packages.createCompiled({
      ...key,
      packageName: 'nginx',
      blobstoreId: 'b2',
      sha1: 's2',
    });
    expect(second).toEqual(first);
    expect(store.packages.findCompiled(key)?.blobstoreId).toBe('b1');
    expect(store.packages.findCompiled({ ...key, stemcellVersion: '1.2' })).toBeUndefined();
    expect(store.packages.findCompiled({ ...key, dependencyKey: '[["pcre","fp"]]' })).toBeUndefined();
  });
});
