import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BosunError, FakeClock } from '../../base/index.js';
import { noGit, type GitRepo } from '../../release/index.js';
import { runCreateRelease } from './create-release.js';

const FIXTURE = new URL('../../../test/fixtures/releases/chain', import.meta.url).pathname;

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-cli-create-release-'));
  dir = join(root, 'chain');
  await cp(FIXTURE, dir, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(argv: string[], git: GitRepo = noGit): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  const code = await runCreateRelease(
    argv,
    { stdout, stderr: new PassThrough(), env: {} },
    { clock: new FakeClock(), git },
  );
  return { code, stdout: Buffer.concat(out).toString() };
}

/** `name: <value>` lines of the recorded manifest, by entry: {server: {fingerprint, sha1}, ...}. */
async function recorded(version: string): Promise<Record<string, Record<string, string>>> {
  const text = await readFile(join(dir, `dev_releases/chain/chain-${version}.yml`), 'utf8');
  const entries: Record<string, Record<string, string>> = {};
  let current = '';
  for (const line of text.split('\n')) {
    const name = /^- name: (.+)$/.exec(line)?.[1] ?? (line === 'license:' ? 'license' : undefined);
    if (name !== undefined) current = name;
    const field = /^ {2}(fingerprint|sha1): (.+)$/.exec(line);
    if (field?.[1] !== undefined && field[2] !== undefined) (entries[current] ??= {})[field[1]] = field[2];
  }
  return entries;
}

describe('bosun create-release', () => {
  it('prints what bosh-cli prints: Added lines, the summary, the jobs and packages tables', async () => {
    const { code, stdout } = await run(['--dir', dir]);
    expect(code).toBe(0);
    const m = await recorded('0+dev.1');
    const [server, app, runtime, license] = [m['server'], m['app'], m['runtime'], m['license']];
    const archive = join(dir, 'dev_releases/chain/chain-0+dev.1.tgz');
    expect(stdout).toBe(
      [
        `Added job 'server/${server?.fingerprint}'`,
        `Added package 'app/${app?.fingerprint}'`,
        `Added package 'runtime/${runtime?.fingerprint}'`,
        `Added license 'license/${license?.fingerprint}'`,
        "Added dev release 'chain/0+dev.1'",
        '',
        'Name         chain',
        'Version      0+dev.1',
        'Commit Hash  non-git',
        `Archive      ${archive}`,
        '',
        `${'Job'.padEnd(47)}  ${'Digest'.padEnd(40)}  Packages`,
        `server/${server?.fingerprint}  ${server?.sha1}  app`,
        '',
        '1 jobs',
        '',
        `${'Package'.padEnd(48)}  ${'Digest'.padEnd(40)}  Dependencies`,
        `${`app/${app?.fingerprint}`.padEnd(48)}  ${app?.sha1}  runtime`,
        `runtime/${runtime?.fingerprint}  ${runtime?.sha1}  -`,
        '',
        '2 packages',
        '',
        'Succeeded',
        '',
      ].join('\n'),
    );
  });

  it('marks uncommitted changes with + after --force, and writes --tarball', async () => {
    const git: GitRepo = {
      lastCommitSha: () => Promise.resolve('abc1234'),
      status: () => Promise.resolve('?? new-file'),
    };
    const tarball = join(root, 'chain.tgz');
    const { stdout } = await run(['--dir', dir, '--force', '--tarball', tarball, '--version', '5'], git);
    expect(stdout).toContain(
      `Name         chain\nVersion      5\nCommit Hash  abc1234+\nArchive      ${tarball}\n`,
    );
    await expect(run(['--dir', dir], git)).rejects.toThrow(
      'Git repository has local modifications:\n\n?? new-file',
    );
  });

  it.each<[string[], string]>([
    [['--final'], "Unknown option '--final'"],
    [['extra'], "bosun create-release takes no arguments, got 'extra'"],
  ])('refuses %j as a usage error', async (argv, message) => {
    const e = await run(argv).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BosunError);
    expect((e as BosunError).code).toBe('USAGE');
    expect((e as BosunError).message).toContain(message);
  });
});
