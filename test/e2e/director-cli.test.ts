// The CLI's Director commands against a real Director in this process: env, upload-release,
// releases, tasks, task, cancel-task, cloud config; output as bosh-cli prints it, exit codes.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../support/capture-io.js';
import { main } from '../../src/cli/main.js';
import { resolveDirectorConfig } from '../../src/director/director-config.js';
import { startDirectorDaemon, type DirectorDaemon } from '../../src/director/director-daemon.js';

const FIXTURE = new URL('../fixtures/releases/chain', import.meta.url).pathname;

let root: string;
let daemon: DirectorDaemon;
let env: Record<string, string>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-director-cli-'));
  await cp(FIXTURE, join(root, 'chain'), { recursive: true });
  const config = resolveDirectorConfig(
    { port: 0, user_management: { local: { users: [{ name: 'admin', password: 's3cret' }] } } },
    join(root, 'data'),
    'test',
  );
  daemon = await startDirectorDaemon(config, { version: '1.2.3' });
  env = { BOSUN_ENVIRONMENT: daemon.url, BOSUN_CLIENT: 'admin', BOSUN_CLIENT_SECRET: 's3cret' };
});

afterAll(async () => {
  await daemon?.close();
  await rm(root, { recursive: true, force: true });
});

async function bosun(
  argv: string[],
  withEnv: Record<string, string> = env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, stdout, stderr } = captureIo(withEnv);
  const code = await main(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** Event lines with their clock times replaced, so that runs compare. */
const timeless = (text: string): string =>
  text.replace(/\d\d:\d\d:\d\d/g, 'hh:mm:ss').replace(/[0-9a-f]{40}/g, 'FP');

describe('bosun Director commands', () => {
  it('says how to name the Director when it is not named, and exits 2', async () => {
    const r = await bosun(['releases'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'Error: Expected a Director to talk to: missing -e URL (or BOSUN_ENVIRONMENT), --client NAME (or BOSUN_CLIENT), --client-secret SECRET (or BOSUN_CLIENT_SECRET)\n' +
        "Hint: pass -e URL --client NAME --client-secret SECRET, or export BOSUN_ENVIRONMENT, BOSUN_CLIENT and BOSUN_CLIENT_SECRET ('bosun director' prints them)\n",
    );
  });

  it('shows the Director with env, flags winning over the environment', async () => {
    const r = await bosun(['-e', daemon.url, 'env', '--client', 'admin', '--client-secret', 's3cret'], {
      BOSUN_CLIENT: 'nobody',
    });
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: `Using environment '${daemon.url}' as client 'admin'

Name      bosun
UUID      ${daemon.uuid}
Version   1.2.3
CPI       local
Features  enable_post_deploy: disabled
User      admin

Succeeded
`,
    });
    const denied = await bosun(['env'], { ...env, BOSUN_CLIENT_SECRET: 'wrong' });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('Error: Not authorized: valid credentials are required\n');
  });

  it('creates and uploads a release from a directory, printing the task log live, then lists it', async () => {
    const r = await bosun(['upload-release', join(root, 'chain')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const id = /\nTask (\d+)\n/.exec(r.stdout)?.[1];
    const text = timeless(r.stdout);
    expect(text).toBe(`Using environment '${daemon.url}' as client 'admin'

Added dev release 'chain/0+dev.1' (${join(root, 'chain/dev_releases/chain/chain-0+dev.1.tgz')})

Task ${id}

Task ${id} | hh:mm:ss | Extracting release: Extracting release (hh:mm:ss)
Task ${id} | hh:mm:ss | Verifying manifest: Verifying manifest (hh:mm:ss)
Task ${id} | hh:mm:ss | Resolving package dependencies: Resolving package dependencies (hh:mm:ss)
Task ${id} | hh:mm:ss | Creating new packages: app/FP (hh:mm:ss)
Task ${id} | hh:mm:ss | Creating new packages: runtime/FP (hh:mm:ss)
Task ${id} | hh:mm:ss | Creating new jobs: server/FP (hh:mm:ss)
Task ${id} | hh:mm:ss | Release has been created: chain/0+dev.1 (hh:mm:ss)

Task ${id} Started  ${text.match(/Started {2}(.*)\n/)?.[1]}
Task ${id} Finished ${text.match(/Finished (.*)\n/)?.[1]}
Task ${id} Duration hh:mm:ss
Task ${id} done

Succeeded
`);
    const followed = await bosun(['task', id!]);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toBe(r.stdout.replace(/\nAdded dev release[^\n]*\n/, ''));
    expect((await bosun(['task', id!, '--result'])).stdout).toContain(
      "\nCreated release 'chain/0+dev.1'\n\nSucceeded\n",
    );

    const again = await bosun(['upload-release', join(root, 'chain/dev_releases/chain/chain-0+dev.1.tgz')]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('Creating new packages');

    const releases = await bosun(['releases']);
    expect(releases.stdout).toBe(`Using environment '${daemon.url}' as client 'admin'

Name   Version  Commit Hash
chain  0+dev.1  non-git

(*) Currently deployed
(+) Uncommitted changes

1 releases

Succeeded
`);
    const json = JSON.parse((await bosun(['releases', '--json'])).stdout) as {
      Tables: Array<{ Rows: unknown[] }>;
      Lines: string[];
    };
    expect(json.Tables[0]!.Rows).toEqual([{ name: 'chain', version: '0+dev.1', commit_hash: 'non-git' }]);
    expect(json.Lines).toEqual([`Using environment '${daemon.url}' as client 'admin'`, 'Succeeded']);
  });

  it('fails with exit 1 and the task error when the Director cannot take the release', async () => {
    const broken = join(root, 'broken.tgz');
    await writeFile(
      broken,
      (await readFile(join(root, 'chain/dev_releases/chain/chain-0+dev.1.tgz'))).subarray(0, 100),
    );
    const r = await bosun(['upload-release', broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '                   L Error: Extracting release archive failed. Check task debug log for details.\n',
    );
    expect(r.stdout).toMatch(/\nTask \d+ error\n$/);
    const id = /\nTask (\d+) error\n/.exec(r.stdout)![1]!;
    expect(r.stderr).toBe(`Error: Expected task '${id}' to succeed but state is 'error'\n`);
    expect((await bosun(['task', id])).code).toBe(1);
    const debug = await bosun(['task', id, '--debug']);
    expect(debug.stdout).toContain('Failed: BosunError: Extracting release archive failed');
  });

  it('lists recent tasks and refuses to cancel a finished one', async () => {
    const r = await bosun(['tasks', '--recent', '--json']);
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as { Tables: Array<{ Rows: Array<Record<string, string>> }> })
      .Tables[0]!.Rows;
    expect(rows.map((row) => [row['state'], row['description'], row['user']])).toEqual([
      ['error', 'create release', 'admin'],
      ['done', 'create release', 'admin'],
      ['done', 'create release', 'admin'],
    ]);
    expect(rows[1]!['result']).toBe('Release has already been uploaded');
    const active = await bosun(['tasks']);
    expect(active.stdout).toContain('\n0 tasks\n');
    const cancel = await bosun(['cancel-task', rows[1]!['id']!]);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toBe(`Error: Cannot cancel task ${rows[1]!['id']}: invalid state (done)\n`);
  });

  it('shows and replaces the cloud config', async () => {
    expect((await bosun(['cloud-config'])).stdout).toContain('\nazs:\n- name: z1\n');
    const file = join(root, 'cloud.yml');
    const yaml =
      'azs: [{name: z9}]\nvm_types: [{name: small}]\n' +
      'networks: [{name: default, type: manual, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1, az: z9}]}]\n' +
      'compilation: {workers: 1, az: z9, vm_type: small, network: default}\n';
    await writeFile(file, yaml);
    expect((await bosun(['update-cloud-config', file])).code).toBe(0);
    expect((await bosun(['cloud-config'])).stdout).toBe(
      `Using environment '${daemon.url}' as client 'admin'\n\n${yaml}\nSucceeded\n`,
    );
    await writeFile(file, 'azs: [{name: z9}]\n');
    const invalid = await bosun(['update-cloud-config', file]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(
      /^Error: Cloud config cloud-config.yml is invalid:\n {2}cloud-config.yml:1: networks: /,
    );
    const missing = await bosun(['update-cloud-config', join(root, 'nope.yml')]);
    expect(missing.code).toBe(2);
    expect((await bosun(['deployments'])).stdout).toContain('\n0 deployments\n');
  });
});
