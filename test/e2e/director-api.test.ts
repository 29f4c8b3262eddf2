// The Director's HTTP API, in process: auth, release upload, stemcells, cloud config, tasks.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/base/index.js';
import { LocalCpi, type Cpi, type CpiCallOptions, type CpiHash } from '../../src/cpi/index.js';
import { resolveDirectorConfig } from '../../src/director/director-config.js';
import { startDirectorDaemon, type DirectorDaemon } from '../../src/director/director-daemon.js';
import { DEFAULT_LOCAL_CLOUD_CONFIG_YAML } from '../../src/manifest/index.js';
import {
  formatEventLog,
  parseTaskEventLines,
  taskViewSchema,
  type TaskView,
} from '../../src/protocol/index.js';
import { createDevRelease, noGit } from '../../src/release/index.js';

const FIXTURE = new URL('../fixtures/releases/chain', import.meta.url).pathname;
const SMALL_CLOUD_CONFIG =
  'azs: [{name: z1}]\nvm_types: [{name: small}]\n' +
  'networks: [{name: default, type: manual, subnets: [{range: 10.0.0.0/24, gateway: 10.0.0.1, az: z1}]}]\n' +
  'compilation: {workers: 1, az: z1, vm_type: small, network: default}\n';
const AUTH = `Basic ${Buffer.from('admin:s3cret').toString('base64')}`;

let root: string;
let daemon: DirectorDaemon;
let releaseTarball: string;

/** The local CPI, except that a stemcell whose image path names `slow-` uploads until cancelled. */
class SlowStemcellCpi extends LocalCpi {
  override createStemcell(
    imagePath: string,
    cloudProperties: CpiHash,
    options?: CpiCallOptions,
  ): Promise<string> {
    if (!imagePath.includes('slow-')) return super.createStemcell(imagePath, cloudProperties);
    return new Promise((_resolve, reject) => {
      if (options?.signal?.aborted === true) reject(new Error('stemcell upload aborted'));
      options?.signal?.addEventListener('abort', () => reject(new Error('stemcell upload aborted')), {
        once: true,
      });
    });
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-director-api-'));
  await cp(FIXTURE, join(root, 'chain'), { recursive: true });
  releaseTarball = (await createDevRelease({ dir: join(root, 'chain'), clock: systemClock, git: noGit }))
    .path;
  const config = resolveDirectorConfig(
    { port: 0, user_management: { local: { users: [{ name: 'admin', password: 's3cret' }] } } },
    join(root, 'data'),
    'test',
  );
  if (config.cpi.type !== 'local') throw new Error('expected the local CPI');
  const cpi: Cpi = new SlowStemcellCpi(config.cpi.local);
  daemon = await startDirectorDaemon(config, { version: '1.2.3', cpi });
});

afterAll(async () => {
  await daemon?.close();
  await rm(root, { recursive: true, force: true });
});

function call(
  method: string,
  path: string,
  init: { body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${daemon.url}${path}`, {
    method,
    headers: { authorization: AUTH, ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

async function json<T = unknown>(
  method: string,
  path: string,
  init: { body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const response = await call(method, path, init);
  return { status: response.status, body: (await response.json()) as T };
}

async function finished(id: number): Promise<TaskView> {
  for (;;) {
    const task = taskViewSchema.parse((await json('GET', `/tasks/${id}`)).body);
    if (['done', 'error', 'cancelled'].includes(task.state)) return task;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function output(id: number, type: string): Promise<string> {
  return (await call('GET', `/tasks/${id}/output?type=${type}`)).text();
}

async function uploadRelease(bytes: Buffer): Promise<TaskView> {
  const { status, body } = await json<TaskView>('POST', '/releases', {
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/x-compressed' },
  });
  expect(status).toBe(202);
  return finished(taskViewSchema.parse(body).id);
}

describe('Director API', () => {
  it.each([
    ['GET', '/info'],
    ['GET', '/releases'],
    ['POST', '/releases'],
    ['GET', '/stemcells'],
    ['POST', '/stemcells'],
    ['GET', '/cloud_configs?latest=true'],
    ['POST', '/cloud_configs'],
    ['GET', '/deployments'],
    ['GET', '/tasks'],
    ['GET', '/tasks/1'],
    ['GET', '/tasks/1/output?type=event'],
    ['DELETE', '/tasks/1'],
    ['GET', '/no-such-endpoint'],
  ])('answers 401 to %s %s without valid credentials', async (method, path) => {
    for (const authorization of [
      undefined,
      `Basic ${Buffer.from('admin:wrong').toString('base64')}`,
      'Bearer x',
    ]) {
      const response = await fetch(`${daemon.url}${path}`, {
        method,
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="Bosun Director"');
      expect(await response.json()).toEqual({
        code: 'UNAUTHORIZED',
        description: 'Not authorized: valid credentials are required',
      });
    }
  });

  it('tells who it is and who asks on /info', async () => {
    const { status, body } = await json('GET', '/info');
    expect(status).toBe(200);
    expect(body).toEqual({
      name: 'bosun',
      uuid: daemon.uuid,
      version: '1.2.3',
      user: 'admin',
      cpi: 'local',
      features: { enable_post_deploy: false },
    });
  });

  it("uploads a release with BOSH's stages, lists it, and treats the same upload again as a no-op", async () => {
    const bytes = await readFile(releaseTarball);
    const task = await uploadRelease(bytes);
    expect(task).toMatchObject({
      state: 'done',
      result: "Created release 'chain/0+dev.1'",
      user: 'admin',
      description: 'create release',
    });
    const steps = parseTaskEventLines(await output(task.id, 'event'))
      .filter((e) => e.state === 'finished')
      .map((e) => `${e.stage}: ${(e.task ?? '').replace(/\/[0-9a-f]{40}$/, '/FP')}`);
    expect(steps).toEqual([
      'Extracting release: Extracting release',
      'Verifying manifest: Verifying manifest',
      'Resolving package dependencies: Resolving package dependencies',
      'Creating new packages: app/FP',
      'Creating new packages: runtime/FP',
      'Creating new jobs: server/FP',
      'Release has been created: chain/0+dev.1',
    ]);
    expect((await readdir(join(root, 'data/blobs'))).filter((f) => !f.startsWith('.'))).toHaveLength(3);

    const again = await uploadRelease(bytes);
    expect(again).toMatchObject({ state: 'done', result: 'Release has already been uploaded' });
    const { body } = await json('GET', '/releases');
    expect(body).toEqual([
      {
        name: 'chain',
        release_versions: [
          {
            version: '0+dev.1',
            commit_hash: 'non-git',
            uncommitted_changes: false,
            currently_deployed: false,
            job_names: ['server'],
          },
        ],
      },
    ]);
  });

  it("fails the task of a corrupted tarball with BOSH's message and the cause in the debug log", async () => {
    const bytes = await readFile(releaseTarball);
    const task = await uploadRelease(bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(task).toMatchObject({
      state: 'error',
      result: 'Extracting release archive failed. Check task debug log for details.',
    });
    const text = formatEventLog(task.id, parseTaskEventLines(await output(task.id, 'event')), task.state);
    expect(text).toMatch(/\| Extracting release: Extracting release \(00:00:0\d\)\n/);
    expect(text).toContain('L Error: Extracting release archive failed. Check task debug log for details.\n');
    expect(await output(task.id, 'debug')).toMatch(
      /Failed: BosunError: Extracting release archive failed[^]*Caused by: /,
    );
    expect(await readdir(join(root, 'data/tmp'))).toEqual([]);
  });

  it('starts with the default cloud config for the local CPI and takes a new one', async () => {
    const first = await json<Array<{ id: number; content: string }>>('GET', '/cloud_configs?latest=true');
    expect(first.body.map((c) => c.content)).toEqual([DEFAULT_LOCAL_CLOUD_CONFIG_YAML]);
    const created = await json<{ id: number; content: string }>('POST', '/cloud_configs', {
      body: SMALL_CLOUD_CONFIG,
      headers: { 'content-type': 'text/yaml' },
    });
    expect(created.status).toBe(201);
    expect(created.body.content).toBe(SMALL_CLOUD_CONFIG);
    expect((await json('POST', '/cloud_configs', { body: SMALL_CLOUD_CONFIG })).status).toBe(200);
    const latest = await json<Array<{ id: number; content: string }>>('GET', '/cloud_configs?latest=true');
    expect(latest.body).toEqual([created.body]);
    const invalid = await json<{ code: string; description: string }>('POST', '/cloud_configs', {
      body: 'azs: 3\n',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('CLOUD_CONFIG_INVALID');
    expect(invalid.body.description).toMatch(
      /^Cloud config cloud-config.yml is invalid:\n {2}cloud-config.yml:1: azs: /,
    );
    expect((await json('POST', '/cloud_configs', { body: 'azs: [\n' })).body).toMatchObject({
      code: 'YAML_INVALID',
    });
    expect((await json<unknown[]>('GET', '/cloud_configs')).body).toHaveLength(2);
  });

  it('lists tasks newest first, filtered, and serves their output by byte range', async () => {
    const all = (await json<TaskView[]>('GET', '/tasks')).body;
    expect(all.map((t) => t.id)).toEqual([...all.map((t) => t.id)].sort((a, b) => b - a));
    expect((await json<TaskView[]>('GET', '/tasks?limit=1')).body).toEqual([all[0]]);
    expect((await json<TaskView[]>('GET', '/tasks?state=error')).body.every((t) => t.state === 'error')).toBe(
      true,
    );
    expect((await json('GET', '/tasks?deployment=nope')).body).toEqual([]);
    expect((await json('GET', '/tasks?bogus=1')).status).toBe(400);
    expect(await json('GET', '/tasks/999')).toEqual({
      status: 404,
      body: { code: 'TASK_NOT_FOUND', description: 'Task 999 not found' },
    });

    const id = all[all.length - 1]!.id;
    const whole = await call('GET', `/tasks/${id}/output?type=event`);
    const text = await whole.text();
    expect(whole.status).toBe(200);
    const tail = await call('GET', `/tasks/${id}/output?type=event`, { headers: { range: 'bytes=10-' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(
      `bytes 10-${Buffer.byteLength(text) - 1}/${Buffer.byteLength(text)}`,
    );
    expect(await tail.text()).toBe(Buffer.from(text).subarray(10).toString());
    const past = await call('GET', `/tasks/${id}/output?type=event`, {
      headers: { range: `bytes=${Buffer.byteLength(text)}-` },
    });
    expect(past.status).toBe(416);
    expect(await output(id, 'result')).toBe("Created release 'chain/0+dev.1'");
  });

  it('uploads a virtual stemcell and a stemcell tarball, once each', async () => {
    const post = async (body: string | Uint8Array<ArrayBuffer>, contentType: string): Promise<TaskView> => {
      const r = await json<TaskView>('POST', '/stemcells', {
        body,
        headers: { 'content-type': contentType },
      });
      expect(r.status).toBe(202);
      return finished(r.body.id);
    };
    expect(
      await post(JSON.stringify({ os: 'ubuntu-jammy', version: '1.0' }), 'application/json'),
    ).toMatchObject({
      state: 'done',
      result: "Created stemcell 'bosh-warden-boshlite-ubuntu-jammy-go_agent/1.0'",
    });
    expect(
      await post(JSON.stringify({ os: 'ubuntu-jammy', version: '1.0' }), 'application/json'),
    ).toMatchObject({
      result: 'Stemcell has already been uploaded',
    });
    const dir = join(root, 'stemcell');
    await mkdir(dir);
    await writeFile(
      join(dir, 'stemcell.MF'),
      'name: bosh-test\nversion: 42\noperating_system: ubuntu-noble\napi_version: 3\n',
    );
    await writeFile(join(dir, 'image'), 'not really an image');
    await createTar({ file: join(root, 'stemcell.tgz'), gzip: true, cwd: dir }, ['stemcell.MF', 'image']);
    const task = await post(
      new Uint8Array(await readFile(join(root, 'stemcell.tgz'))),
      'application/x-compressed',
    );
    expect(task).toMatchObject({ state: 'done', result: "Created stemcell 'bosh-test/42'" });
    expect(formatEventLog(task.id, parseTaskEventLines(await output(task.id, 'event')))).toMatch(
      /Update stemcell: Uploading stemcell bosh-test\/42 to the cloud \(00:00:0\d\)\n.*Update stemcell: Save stemcell bosh-test\/42 \(sc-/,
    );
    const { body } = await json<Array<Record<string, unknown>>>('GET', '/stemcells');
    expect(body.map((s) => [s['name'], s['operating_system'], s['version'], s['api_version']])).toEqual([
      ['bosh-test', 'ubuntu-noble', '42', 3],
      ['bosh-warden-boshlite-ubuntu-jammy-go_agent', 'ubuntu-jammy', '1.0', null],
    ]);
    expect(
      (
        await json('POST', '/stemcells', {
          body: '{"os": "../x"}',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
  });

  it('cancels a running task, and refuses to cancel a finished one', async () => {
    const { body } = await json<TaskView>('POST', '/stemcells', {
      body: JSON.stringify({ name: 'slow-stemcell', os: 'ubuntu-jammy', version: '2' }),
      headers: { 'content-type': 'application/json' },
    });
    for (
      let t = body;
      t.state !== 'processing';
      t = (await json<TaskView>('GET', `/tasks/${body.id}`)).body
    ) {
      expect(t.state).toBe('queued');
    }
    const cancelling = await json<TaskView>('DELETE', `/tasks/${body.id}`);
    expect(cancelling).toMatchObject({ status: 200, body: { id: body.id, state: 'cancelling' } });
    expect(await finished(body.id)).toMatchObject({
      state: 'cancelled',
      result: `Task ${body.id} cancelled`,
    });
    expect(await json('DELETE', `/tasks/${body.id}`)).toEqual({
      status: 400,
      body: {
        code: 'TASK_NOT_CANCELLABLE',
        description: `Cannot cancel task ${body.id}: invalid state (cancelled)`,
      },
    });
  });

  it('lists no deployments on a fresh Director and answers unknown endpoints with 404', async () => {
    expect(await json('GET', '/deployments')).toEqual({ status: 200, body: [] });
    expect((await json('GET', '/nope')).status).toBe(404);
    expect((await json('PUT', '/releases')).status).toBe(405);
  });
});
