import { afterEach, describe, expect, it } from 'vitest';
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

const deleteWeb: FakeRoute = (r) =>
  r.method === 'DELETE' && r.path === '/deployments/web'
    ? { status: 202, json: taskView(4, { state: 'queued', deployment: 'web' }) }
    : undefined;
const deleteMissing: FakeRoute = (r) =>
  r.method === 'DELETE' && r.path === '/deployments/gone'
    ? { status: 404, json: { code: 'DEPLOYMENT_NOT_FOUND', description: "Deployment 'gone' doesn't exist" } }
    : undefined;

let director: FakeDirector;

afterEach(async () => {
  await director?.close();
});

async function deleteDeployment(argv: string[], stdin?: { text: string; isTty: boolean }) {
  director = await FakeDirector.start(
    deleteWeb,
    deleteMissing,
    finishedTask(taskView(4), { event: oneStepEventLog('Deleting instances', 'web/f00d (0)') }),
  );
  const run = captureIo(director.env, stdin);
  const code = await main(['delete-deployment', ...argv], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

const TASK_LOG = `Task 4

Task 4 | 22:13:20 | Deleting instances: web/f00d (0) (00:00:01)

Task 4 Started  Tue Nov 14 22:13:20 UTC 2023
Task 4 Finished Tue Nov 14 22:13:21 UTC 2023
Task 4 Duration 00:00:01
Task 4 done
`;

describe('bosun delete-deployment', () => {
  it('asks, deletes with --force and follows the task', async () => {
    const r = await deleteDeployment(['-d', 'web', '--force'], { text: 'y\n', isTty: true });
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `Using environment '${director.url}' as client 'admin'\n\nUsing deployment 'web'\n\n` +
        `Continue? [yN]: \n${TASK_LOG}\nSucceeded\n`,
    });
    expect(director.requests[0]).toMatchObject({
      method: 'DELETE',
      path: '/deployments/web',
      query: { force: 'true' },
      authorization: ADMIN_AUTHORIZATION,
    });
  });

  it('does not ask with -n, and sends no query without --force', async () => {
    const r = await deleteDeployment(['-n', '-d', 'web'], { text: '', isTty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Continue?');
    expect(director.calls).toEqual(['DELETE /deployments/web']);
  });

  it('stops without deleting when the answer is not y', async () => {
    const r = await deleteDeployment(['-d', 'web'], { text: '\n', isTty: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: Stopped\n');
    expect(director.requests).toEqual([]);
  });

  it('succeeds, saying so, when the deployment does not exist', async () => {
    const r = await deleteDeployment(['-d', 'gone', '-n']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `Using environment '${director.url}' as client 'admin'\n\nUsing deployment 'gone'\n\n` +
        "Deployment 'gone' doesn't exist\n\nSucceeded\n",
    });
  });
});
