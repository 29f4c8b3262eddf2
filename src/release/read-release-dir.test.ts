import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BosunError } from '../base/index.js';
import { readReleaseDir } from './read-release-dir.js';

const FIXTURE = new URL('../../test/fixtures/releases/chain', import.meta.url).pathname;
const EXAMPLE = new URL('../../examples/release', import.meta.url).pathname;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-release-dir-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeTree(files: Record<string, string | null>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    if (text === null) {
      await rm(join(root, path), { recursive: true, force: true });
      continue;
    }
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

async function errorOf(): Promise<BosunError> {
  const e: unknown = await readReleaseDir(root).then(
    () => new Error('expected readReleaseDir to fail'),
    (err: unknown) => err,
  );
  if (!(e instanceof BosunError)) throw e;
  return e;
}

describe('readReleaseDir', () => {
  it('reads the fixture release: its name, jobs, packages in compile order, license', async () => {
    const release = await readReleaseDir(FIXTURE);
    expect(release.dir).toBe(FIXTURE);
    expect(release.name).toBe('chain');
    expect(release.jobs.map((j) => [j.job.spec.name, j.files.map((f) => f.relativePath)])).toEqual([
      ['server', ['job.MF', 'monit', 'templates/ctl.erb', 'templates/config.yml.erb']],
    ]);
    expect(release.packages.map((p) => [p.name, p.dependencies, p.files.map((f) => f.relativePath)])).toEqual(
      [
        ['app', ['runtime'], ['packaging', 'app/lib/util.sh', 'app/main.sh']],
        ['runtime', [], ['packaging', 'runtime/run.sh', 'runtime/vendor.txt']],
      ],
    );
    expect(release.compileOrder.map((p) => p.name)).toEqual(['runtime', 'app']);
    expect(release.license?.files.map((f) => f.relativePath)).toEqual(['LICENSE']);
    expect(release.algorithm).toBe('sha1');
  });

  it('reads the example release: two jobs and a package compiled from src/', async () => {
    const release = await readReleaseDir(EXAMPLE, { algorithm: 'sha256' });
    expect(release.name).toBe('bosun-example');
    expect(release.jobs.map((j) => [j.job.spec.name, j.job.spec.packages])).toEqual([
      ['ticker', ['greeter-tools']],
      ['web', ['greeter-tools']],
    ]);
    expect(release.packages.map((p) => [p.name, p.dependencies, p.files.map((f) => f.relativePath)])).toEqual([
      ['greeter-tools', [], ['packaging', 'greeter-tools/greeter.c']],
    ]);
    expect(release.license).toBeUndefined();
    expect(release.jobs[0]?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Record<string, string | null>, string, string]>([
    [
      'a job using a package the release lacks (bosh-cli)',
      { 'jobs/server/spec': 'name: server\npackages: [app, nginx]\n' },
      'RELEASE_DEPENDENCY_INVALID',
      "Expected to find package 'nginx' since it's a dependency of job 'server'",
    ],
    [
      'a package depending on a package the release lacks (bosh-cli)',
      { 'packages/runtime/spec': 'name: runtime\ndependencies: [libc]\nfiles: [runtime/run.sh]\n' },
      'RELEASE_DEPENDENCY_INVALID',
      "Expected to find package 'libc' since it's a dependency of package 'runtime'",
    ],
    [
      'a dependency cycle (the Director)',
      { 'packages/runtime/spec': 'name: runtime\ndependencies: [app]\nfiles: [runtime/run.sh]\n' },
      'RELEASE_DEPENDENCY_INVALID',
      'Cycle: app=>runtime=>app',
    ],
    [
      'a job directory not named as its job (§1.3)',
      { 'jobs/server/spec': 'name: web\n' },
      'JOB_SPEC_INVALID',
      "Job directory 'server' does not match job name 'web' in spec",
    ],
    [
      'a template file that is missing (§1.2 check 5)',
      { 'jobs/server/templates/ctl.erb': null },
      'JOB_SPEC_INVALID',
      "Missing template file 'ctl.erb' for job 'server'",
    ],
    [
      'two packages with one name',
      { 'packages/copy/spec': 'name: app\n', 'packages/copy/packaging': '' },
      'PACKAGE_INVALID',
      "Packages '<root>/packages/app' and '<root>/packages/copy' are both named 'app'",
    ],
    [
      'a glob matching nothing',
      { 'src/runtime/run.sh': null },
      'PACKAGE_INVALID',
      "Collecting package files: Missing files for pattern 'runtime/run.sh'",
    ],
    [
      "both 'name' and 'final_name' (bosh-cli)",
      { 'config/final.yml': 'name: a\nfinal_name: b\n' },
      'RELEASE_CONFIG_INVALID',
      "Expected 'name' or 'final_name' but not both in config '<root>/config/final.yml'",
    ],
  ])('refuses %s', async (_what, changes, code, message) => {
    await cp(FIXTURE, root, { recursive: true });
    await writeTree(changes);
    const e = await errorOf();
    expect(e.code).toBe(code);
    expect(e.message).toContain(message.replaceAll('<root>', root));
    expect(e.hint).toBeTruthy();
  });
});
