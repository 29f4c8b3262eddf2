// The Director's agent client against the agent's real RPC server (reference §7.1).
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/base/index.js';
import { BosunError } from '../../src/base/index.js';
import { cancelTaskAction } from '../../src/agent/actions/cancel-task.js';
import { getTaskAction } from '../../src/agent/actions/get-task.js';
import { pingAction } from '../../src/agent/actions/ping.js';
import { ActionDispatcher, AgentRpcServer, AgentTasks, type AgentAction } from '../../src/agent/rpc/index.js';
import { AgentClient, AgentError } from '../../src/director/agent-client/index.js';

let server: AgentRpcServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(actions: (tasks: AgentTasks) => AgentAction[], password = 'p'): Promise<AgentClient> {
  const tasks = new AgentTasks();
  server = new AgentRpcServer({
    listen: '127.0.0.1:0',
    credentials: { user: 'director', password: 'p' },
    dispatcher: new ActionDispatcher([pingAction(), getTaskAction(tasks), cancelTaskAction(tasks), ...actions(tasks)], tasks),
  });
  const address = await server.listen();
  return new AgentClient({
    endpoint: { address, user: 'director', password },
    instanceName: 'web/abc (0)',
    agentId: 'agent-1',
    clock: systemClock,
    pollIntervalMs: 10,
  });
}

describe('AgentClient', () => {
  it('polls an async action to its value', async () => {
    const client = await clientFor(() => [{ name: 'apply', kind: 'async', run: () => new Promise((r) => setTimeout(() => r('applied'), 50)) }]);
    expect(await client.run('apply', [{}])).toBe('applied');
  });

  it('surfaces a failed task with the agent\'s text and details', async () => {
    const client = await clientFor(() => [
      {
        name: 'run_script',
        kind: 'async',
        run: () => Promise.reject(Object.assign(new BosunError('H', '1 of 1 post-deploy scripts failed. Failed Jobs: web.'), { failures: [{ job: 'web' }] })),
      },
    ]);
    const error = await client.run('run_script', ['post-deploy', {}]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).message).toMatch(/^Action Failed get_task: Task [0-9a-f-]+ result: 1 of 1 post-deploy scripts failed\. Failed Jobs: web\.$/);
    expect((error as AgentError).details).toEqual({ failures: [{ job: 'web' }] });
  });

  it('sends cancel_task when the caller aborts', async () => {
    let wasCancelled = false;
    const client = await clientFor(() => [
      {
        name: 'drain',
        kind: 'async-cancellable',
        run: (_args, signal) =>
          new Promise((_r, reject) =>
            signal.addEventListener('abort', () => {
              wasCancelled = true;
              reject(new Error('Script was cancelled by user request'));
            }),
          ),
      },
    ]);
    const controller = new AbortController();
    const draining = client.run('drain', ['shutdown'], controller.signal);
    setTimeout(() => controller.abort(new Error('task cancelled')), 50);
    await expect(draining).rejects.toThrow('task cancelled');
    expect(wasCancelled).toBe(true);
  });

  it('names the instance and agent when the agent refuses the credentials', async () => {
    const client = await clientFor(() => [], 'wrong');
    await expect(client.call('ping')).rejects.toThrow(
      /^Sending 'ping' to instance: 'web\/abc \(0\)', agent-id: 'agent-1' failed: HTTP 401/,
    );
  });
});
