import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_AUTHORIZATION,
  captureIo,
  FakeDirector,
  finishedTask,
  oneStepEventLog,
  taskView,
  type FakeRoute,
} from '../director-client/fake-director.js';
import { main } from '../main.js';

const MANIFEST = 'name: web\ninstance_groups:\n- name: web\n  instances: 2\n';
const DEPLOYED = 'name: web\ninstance_groups:\n- name: web\n  instances: 1\n';
const EVENTS = oneStepEventLog('Preparing deployment', 'Preparing deployment');

const TASK_LOG = `Task 7

Task 7 | 22:13:20 | Preparing deployment: Preparing deployment (00:00:01)

Task 7 Started  Tue Nov 14 22:13:20 UTC 2023
Task 7 Finished Tue Nov 14 22:13:21 UTC 2023
Task 7 Duration 00:00:01
Task 7 done
`;

const acceptDeploy: FakeRoute = (r) =>
  r.method === 'POST' && r.path === '/deployments'
    ? { status: 202, json: taskView(7, { state: 'queued', deployment: 'web' }) }
    : undefined;
const deployedManifest: FakeRoute = (r) =>
  r.method === 'GET' && r.path === '/deployments/web'
    ? { status: 200, json: { name: 'web', manifest: DEPLOYED } }
    : undefined;

let dir: string;
let manifest: string;
let director: FakeDirector;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bosun-deploy-'));
  manifest = join(dir, 'web.yml');
  await writeFile(manifest, MANIFEST);
});

afterEach(async () => {
  await director?.close();
  await rm(dir, { recursive: true, force: true });
});

async function deploy(argv: string[], stdin?: { text: string; isTty: boolean }) {
  const run = captureIo(director.env, stdin);
  const code = await main(['deploy', ...argv], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('bosun deploy', () => {
  it('posts the manifest as YAML with the rollout flags, follows the task and succeeds', async () => {
    director = await FakeDirector.start(acceptDeploy, finishedTask(taskView(7), { event: EVENTS }));
    const r = await deploy([
      '-d',
      'web',
      manifest,
      '-n',
      '--recreate',
      '--skip-drain',
      '--canaries',
      '2',
      '--max-in-flight',
      '3',
      '--dry-run',
    ]);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: `Using environment '${director.url}' as client 'admin'\n\nUsing deployment 'web'\n\n${TASK_LOG}\nSucceeded\n`,
    });
    const post = director.requests[0]!;
    expect(post).toMatchObject({
      method: 'POST',
      path: '/deployments',
      query: {
        recreate: 'true',
        skip_drain: '*',
        canaries: '2',
        max_in_flight: '3',
        dry_run: 'true',
        manifest_file: manifest,
      },
      authorization: ADMIN_AUTHORIZATION,
      contentType: 'text/yaml',
    });
    expect(post.body.toString()).toBe(MANIFEST);
  });

  it.each([
    [[], {}],
    [['--skip-drain=web,db'], { skip_drain: 'web,db' }],
    [['--skip-drain=web', '--skip-drain=db'], { skip_drain: 'web,db' }],
    [['--skip-drain=web', '--skip-drain'], { skip_drain: '*' }],
  ])('sends %j as the query %j', async (flags, query) => {
    director = await FakeDirector.start(acceptDeploy, finishedTask(taskView(7), { event: EVENTS }));
    expect((await deploy([manifest, '-n', ...flags])).code).toBe(0);
    // The manifest's file name goes along for the Director's messages.
    expect(director.requests[0]!.query).toEqual({ ...query, manifest_file: manifest });
  });

  it('takes the name from the manifest, and does not ask or diff when stdin is not a terminal', async () => {
    director = await FakeDirector.start(
      acceptDeploy,
      deployedManifest,
      finishedTask(taskView(7), { event: EVENTS }),
    );
    const r = await deploy([manifest], { text: 'n\n', isTty: false });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Continue?');
    expect(director.calls).toEqual([`POST /deployments?manifest_file=${manifest}`]);
  });

  it('shows the change to the deployed manifest and deploys when the operator answers y', async () => {
    director = await FakeDirector.start(
      acceptDeploy,
      deployedManifest,
      finishedTask(taskView(7), { event: EVENTS }),
    );
    const r = await deploy(['-d', 'web', manifest], { text: 'y\n', isTty: true });
    expect(r.stdout).toBe(
      `Using environment '${director.url}' as client 'admin'\n\nUsing deployment 'web'\n\n` +
        '  instance_groups:\n  - name: web\n-   instances: 1\n+   instances: 2\n\n' +
        `Continue? [yN]: \n${TASK_LOG}\nSucceeded\n`,
    );
    expect(r.code).toBe(0);
    expect(director.calls).toEqual([
      'GET /deployments/web',
      `POST /deployments?manifest_file=${manifest}`,
    ]);
  });

  it('shows every line as added for a new deployment, and stops on any answer but y', async () => {
    director = await FakeDirector.start((r) =>
      r.path === '/deployments/web'
        ? {
            status: 404,
            json: { code: 'DEPLOYMENT_NOT_FOUND', description: "Deployment 'web' doesn't exist" },
          }
        : undefined,
    );
    const r = await deploy(['-d', 'web', manifest], { text: 'no\n', isTty: true });
    expect(r.stdout).toBe(
      `Using environment '${director.url}' as client 'admin'\n\nUsing deployment 'web'\n\n` +
        '+ name: web\n+ instance_groups:\n+ - name: web\n+   instances: 2\n\nContinue? [yN]: \n',
    );
    expect(r.stderr).toBe('Error: Stopped\n');
    expect(r.code).toBe(1);
    expect(director.calls).toEqual(['GET /deployments/web']);
  });

  it('fails before any request when -d and the manifest name differ', async () => {
    director = await FakeDirector.start();
    const r = await deploy(['-d', 'db', manifest, '-n']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "Error: Expected manifest to specify deployment name 'db' but was 'web'\n" +
        `Hint: the manifest ${manifest} deploys 'web'; pass -d web or change its name\n`,
    });
    expect(director.requests).toEqual([]);
  });

  it('names the manifest it cannot read', async () => {
    director = await FakeDirector.start();
    const missing = join(dir, 'missing.yml');
    const r = await deploy(['-d', 'web', missing, '-n']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `Error: Cannot read manifest ${missing}: ENOENT: no such file or directory, open '${missing}'`,
    );
    expect(director.requests).toEqual([]);
  });

  it("prints every line of the Director's error and exits 1 when the task fails", async () => {
    const message = 'Unable to render instance groups for deployment. Errors are:\n  - Unable to render jobs';
    const events = `${JSON.stringify({ time: 1_700_000_000, error: { code: 100, message } })}\n`;
    director = await FakeDirector.start(
      acceptDeploy,
      finishedTask(taskView(7, { state: 'error', result: message }), { event: events }),
    );
    const r = await deploy([manifest, '-n']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Task 7 | 22:13:20 | Error: ${message}\n`);
    expect(r.stdout).toMatch(/\nTask 7 error\n$/);
    expect(r.stderr).toBe(`Error: ${message}\nHint: 'bosun task 7 --debug' shows the task's debug log\n`);
  });

  it('refuses a --canaries that is not a whole number', async () => {
    director = await FakeDirector.start();
    const r = await deploy([manifest, '-n', '--canaries', '10%']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      "Error: --canaries takes a whole number of instances of at least 0, got '10%'",
    );
  });
});
