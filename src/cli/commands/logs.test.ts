import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../base/index.js';
import {
  ADMIN_AUTHORIZATION,
  captureIo,
  FakeDirector,
  finishedTask,
  oneStepEventLog,
  taskView,
} from '../director-client/fake-director.js';
import { main } from '../main.js';
import { formatLogsTimestamp, runLogs } from './logs.js';

const TARBALL = randomBytes(70_000);
const SHA1 = createHash('sha1').update(TARBALL).digest('hex');
// Local time, as bosh-cli names the file.
const NOW = new Date(2024, 0, 2, 3, 4, 5, 60);

let dir: string;
let director: FakeDirector;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bosun-logs-'));
});

afterEach(async () => {
  await director?.close();
  await rm(dir, { recursive: true, force: true });
});

async function startDirector(sha1 = SHA1): Promise<void> {
  director = await FakeDirector.start(
    (r) =>
      r.method === 'GET' && r.path === '/deployments/web/logs'
        ? { status: 202, json: taskView(9, { state: 'queued', deployment: 'web' }) }
        : undefined,
    finishedTask(taskView(9), {
      event: oneStepEventLog('Fetching logs for web/f00d (0)', 'Finding and packing log files'),
      result: JSON.stringify({ blobstore_id: 'blob-1', sha1 }),
    }),
    (r) =>
      r.method === 'GET' && r.path === '/resources/blob-1' ? { status: 200, body: TARBALL } : undefined,
  );
}

/** Runs `bosun logs` at NOW. */
async function logs(...argv: string[]) {
  const run = captureIo(director.env);
  const code = await runLogs(argv, run.io, { clock: new FakeClock(NOW.getTime()) });
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

async function logsViaMain(...argv: string[]) {
  const run = captureIo(director.env);
  const code = await main(['logs', ...argv], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('bosun logs', () => {
  it("collects the chosen instance's job logs and downloads exactly the Director's bytes", async () => {
    await startDirector();
    const r = await logs('-d', 'web', 'web/0', '--job', 'nginx', '--job', 'exporter', '--dir', dir);
    const file = join(dir, 'web.web.0-20240102-030405-06.tgz');
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `Using environment '${director.url}' as client 'admin'\n\nUsing deployment 'web'\n\n` +
        'Task 9\n\n' +
        'Task 9 | 22:13:20 | Fetching logs for web/f00d (0): Finding and packing log files (00:00:01)\n\n' +
        'Task 9 Started  Tue Nov 14 22:13:20 UTC 2023\nTask 9 Finished Tue Nov 14 22:13:21 UTC 2023\n' +
        'Task 9 Duration 00:00:01\nTask 9 done\n\n' +
        `Downloading resource 'blob-1' to '${file}'...\n\nSucceeded\n`,
    });
    expect(director.requests[0]).toMatchObject({
      method: 'GET',
      path: '/deployments/web/logs',
      query: { instance: 'web/0', job: 'nginx,exporter' },
      authorization: ADMIN_AUTHORIZATION,
    });
    expect((await readFile(file)).equals(TARBALL)).toBe(true);
    expect(await readdir(dir)).toEqual(['web.web.0-20240102-030405-06.tgz']);
  });

  it("asks for every instance's logs without GROUP and names the file after the deployment alone", async () => {
    await startDirector();
    const r = await logs('-d', 'web', '--dir', dir);
    expect(r.code).toBe(0);
    expect(director.requests[0]!.query).toEqual({});
    expect(await readdir(dir)).toEqual(['web-20240102-030405-06.tgz']);
  });

  it('keeps nothing and fails when the bytes do not match the digest', async () => {
    await startDirector('0'.repeat(40));
    const r = await logsViaMain('-d', 'web', '--dir', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `Error: Downloading logs: Checking downloaded resource 'blob-1': Expected stream to have digest '${'0'.repeat(40)}' but was '${SHA1}'\n`,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails before any request when --dir is not a directory, and needs -d', async () => {
    await startDirector();
    const missing = join(dir, 'nope');
    const r = await logsViaMain('-d', 'web', '--dir', missing);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`Error: --dir ${missing}: not a directory`);
    const noDeployment = await logsViaMain('--dir', dir);
    expect(noDeployment.code).toBe(2);
    expect(noDeployment.stderr.split('\n')[0]).toBe('Error: Expected a deployment: pass -d NAME');
    expect(director.requests).toEqual([]);
  });
});

describe('formatLogsTimestamp', () => {
  it.each([
    [new Date(2024, 0, 2, 3, 4, 5, 60), '20240102-030405-06'],
    [new Date(2024, 11, 31, 23, 59, 59, 123), '20241231-235959-123'],
    [new Date(2024, 5, 6, 7, 8, 9, 0), '20240606-070809'],
  ])('formats %s as %s', (at, text) => {
    expect(formatLogsTimestamp(at)).toBe(text);
  });
});
