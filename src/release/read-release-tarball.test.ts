import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BosunError, FakeClock } from '../base/index.js';
import { createDevRelease } from './create-dev-release.js';
import { noGit } from './git-repo.js';
import { readReleaseTarball } from './read-release-tarball.js';

const FIXTURE = new URL('../../test/fixtures/releases/chain', import.meta.url).pathname;

let root: string;
/** The fixture release, created once and extracted: each case edits a copy. */
let pristine: string;
let fp: { server: string; app: string; runtime: string };
let sha: { server: string; runtime: string };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-tarball-'));
  await cp(FIXTURE, join(root, 'chain'), { recursive: true });
  const created = await createDevRelease({
    dir: join(root, 'chain'),
    clock: new FakeClock(),
    git: noGit,
    workDir: root,
  });
  const [server] = created.manifest.jobs;
  const [app, runtime] = created.manifest.packages;
  fp = {
    server: server?.fingerprint ?? '',
    app: app?.fingerprint ?? '',
    runtime: runtime?.fingerprint ?? '',
  };
  sha = { server: server?.sha1 ?? '', runtime: runtime?.sha1 ?? '' };
  pristine = join(root, 'pristine');
  await mkdir(pristine);
  await extract({ file: created.path, cwd: pristine });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha1 = async (file: string) =>
  createHash('sha1')
    .update(await readFile(file))
    .digest('hex');

async function editManifest(dir: string, from: string | RegExp, to: string): Promise<void> {
  const path = join(dir, 'release.MF');
  const text = await readFile(path, 'utf8');
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`release.MF has no ${String(from)}`);
  await writeFile(path, edited);
}

/** Rebuilds jobs/server.tgz after `edit`, and records its new sha1 in release.MF. */
async function editJob(dir: string, edit: (jobDir: string) => Promise<void>): Promise<void> {
  const jobDir = join(dir, 'server-job');
  const archive = join(dir, 'jobs/server.tgz');
  await mkdir(jobDir);
  await extract({ file: archive, cwd: jobDir });
  await edit(jobDir);
  await create({ gzip: true, cwd: jobDir, file: archive }, await readdir(jobDir));
  await rm(jobDir, { recursive: true });
  await editManifest(dir, sha.server, await sha1(archive));
}

const CASES: Array<[string, (dir: string) => Promise<void>, string, () => string]> = [
  [
    'a file that is not a tarball',
    (dir) => writeFile(join(dir, 'release.tgz'), 'not a tarball'),
    'RELEASE_INVALID',
    () => 'Extracting release archive failed. Check task debug log for details.',
  ],
  [
    'no release.MF',
    (dir) => rm(join(dir, 'release.MF')),
    'RELEASE_INVALID',
    () => 'Release manifest not found',
  ],
  [
    '§1.2 check 1: a job name that is not an id',
    (dir) => editManifest(dir, '- name: server', '- name: web server'),
    'RELEASE_INVALID',
    () => 'Invalid job name in release manifest: "web server"',
  ],
  [
    '§1.2 check 1: no job version',
    (dir) => editManifest(dir, `  version: ${fp.server}\n`, ''),
    'RELEASE_INVALID',
    () => 'Invalid job version in release manifest: nil',
  ],
  [
    'a release version BOSH cannot parse',
    (dir) => editManifest(dir, 'version: 0+dev.1', 'version: dev one'),
    'RELEASE_INVALID',
    () => 'Release version invalid: dev one',
  ],
  [
    'a manifest field of the wrong type',
    (dir) => editManifest(dir, '  dependencies: []', '  dependencies: [[a]]'),
    'RELEASE_INVALID',
    () => 'release.MF: packages[1].dependencies[0]: Invalid input: expected string, received array',
  ],
  [
    'a package dependency cycle (the Director)',
    (dir) => editManifest(dir, '  dependencies: []', '  dependencies: [app]'),
    'RELEASE_DEPENDENCY_INVALID',
    () => 'Cycle: app=>runtime=>app',
  ],
  [
    'a missing package archive',
    (dir) => rm(join(dir, 'packages/runtime.tgz')),
    'RELEASE_INVALID',
    () => `Extracting package 'runtime/${fp.runtime}' archive failed. Check task debug log for details.`,
  ],
  [
    'a package whose sha1 does not match',
    (dir) => editManifest(dir, sha.runtime, 'f'.repeat(40)),
    'RELEASE_DIGEST_MISMATCH',
    () =>
      `Verifying package 'runtime/${fp.runtime}': Expected sha1 digest "${'f'.repeat(40)}" but received "${sha.runtime}"`,
  ],
  [
    'a job archive that is not a tarball',
    (dir) => writeFile(join(dir, 'jobs/server.tgz'), 'junk'),
    'RELEASE_INVALID',
    () => `Extracting job 'server/${fp.server}' archive failed. Check task debug log for details.`,
  ],
  [
    'a job whose sha1 does not match',
    (dir) => editManifest(dir, sha.server, 'e'.repeat(40)),
    'RELEASE_DIGEST_MISMATCH',
    () =>
      `Verifying job 'server/${fp.server}': Expected sha1 digest "${'e'.repeat(40)}" but received "${sha.server}"`,
  ],
  [
    '§1.2 check 3: no job.MF',
    (dir) => editJob(dir, (job) => rm(join(job, 'job.MF'))),
    'RELEASE_INVALID',
    () => "Missing job manifest for 'server'",
  ],
  [
    '§1.2 check 4: job.MF naming another job',
    (dir) => editJob(dir, (job) => writeFile(join(job, 'job.MF'), 'name: web\n')),
    'JOB_SPEC_INVALID',
    () => "jobs/server.tgz/job.MF: Inconsistent name for job 'server'(exptected: 'server', got: 'web')",
  ],
  [
    '§1.2 check 5: a missing template',
    (dir) => editJob(dir, (job) => rm(join(job, 'templates/ctl.erb'))),
    'JOB_SPEC_INVALID',
    () => "jobs/server.tgz: Missing template file 'ctl.erb' for job 'server'",
  ],
  [
    '§1.2 check 6: no monit file',
    (dir) => editJob(dir, (job) => rm(join(job, 'monit'))),
    'JOB_SPEC_INVALID',
    () => "jobs/server.tgz: Job 'server' is missing monit file",
  ],
  [
    'a job using a package the release lacks (the Director)',
    (dir) =>
      editJob(dir, async (job) => {
        const spec = await readFile(join(job, 'job.MF'), 'utf8');
        await writeFile(join(job, 'job.MF'), spec.replace('- app', '- app\n- nginx'));
      }),
    'RELEASE_DEPENDENCY_INVALID',
    () => "Job 'server' is referencing a missing package 'nginx'",
  ],
];

describe('readReleaseTarball', () => {
  it.each(CASES)("refuses %s with BOSH's words", async (what, edit, code, message) => {
    const dir = join(root, what.replace(/[^a-z0-9]+/gi, '-'));
    await cp(pristine, dir, { recursive: true });
    await edit(dir);
    const file = join(dir, 'release.tgz');
    if ((await readdir(dir)).includes('release.tgz') === false) {
      await create({ gzip: true, cwd: dir, file }, await readdir(dir));
    }
    const before = await readdir(root);
    const e: unknown = await readReleaseTarball(file, { workDir: root }).then(
      (r) => r.cleanUp().then(() => new Error('expected readReleaseTarball to fail')),
      (err: unknown) => err,
    );
    if (!(e instanceof BosunError)) throw e;
    expect(e.message).toBe(message());
    expect(e.code).toBe(code);
    expect(e.hint).toBeTruthy();
    expect(await readdir(root)).toEqual(before);
  });
});
