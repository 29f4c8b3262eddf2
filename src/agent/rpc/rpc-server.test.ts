import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BosunError } from '../../base/index.js';
import { callAgent, callAgentTask, postEnvelope, type AgentEndpoint } from '../../../test/support/agent-rpc.js';
import { cancelTaskAction } from '../actions/cancel-task.js';
import { getTaskAction } from '../actions/get-task.js';
import { pingAction } from '../actions/ping.js';
import { ActionDispatcher } from './action-dispatcher.js';
import type { AgentAction } from './agent-action.js';
import { AgentTasks } from './agent-tasks.js';
import { AgentRpcServer } from './rpc-server.js';

const credentials = { user: 'director', password: 's3cret' };
let server: AgentRpcServer | undefined;
let calls: string[] = [];

function testActions(tasks: AgentTasks): AgentAction[] {
  return [
    pingAction(),
    getTaskAction(tasks),
    cancelTaskAction(tasks),
    {
      name: 'record',
      kind: 'sync',
      run: (args) => {
        calls.push(JSON.stringify(args));
        return Promise.resolve('recorded');
      },
    },
    { name: 'broken', kind: 'sync', run: () => Promise.reject(new BosunError('X', 'Getting current spec: disk on fire')) },
    { name: 'slow_ok', kind: 'async', run: () => new Promise((r) => setTimeout(() => r('prepared'), 30)) },
    {
      name: 'slow_fail',
      kind: 'async',
      run: () => Promise.reject(Object.assign(new BosunError('HOOK', '1 of 2 pre-start scripts failed. Failed Jobs: a. Successful Jobs: b.'), { failures: [{ job: 'a', exitCode: 3 }] })),
    },
    {
      name: 'wait_for_cancel',
      kind: 'async-cancellable',
      run: (_args, signal) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new BosunError('C', 'Script was cancelled by user request')))),
    },
  ];
}

async function startAgent(listen = '127.0.0.1:0'): Promise<AgentEndpoint> {
  const tasks = new AgentTasks();
  server = new AgentRpcServer({ listen, credentials, dispatcher: new ActionDispatcher(testActions(tasks), tasks) });
  return { address: await server.listen(), ...credentials };
}

afterEach(async () => {
  await server?.close();
  server = undefined;
  calls = [];
});

describe('AgentRpcServer', () => {
  it.each([
    ['no credentials', null],
    ['a wrong password', 'director:wrong'],
    ['a wrong user', 'admin:s3cret'],
    ['a malformed header value', 'director'],
  ])('answers 401 and runs nothing for %s (§7.1, issue 3)', async (_what, auth) => {
    const endpoint = await startAgent();
    const reply = await postEnvelope(endpoint, { protocol: 3, method: 'record', arguments: ['x'], reply_to: 'r' }, auth);
    expect(reply.status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('answers ping with pong (§7.2)', async () => {
    const endpoint = await startAgent();
    expect(await callAgent(endpoint, 'ping')).toEqual({ value: 'pong' });
  });

  it('answers an unknown method with BOSH\'s exception text (§7.1)', async () => {
    const endpoint = await startAgent();
    expect(await callAgent(endpoint, 'fly_to_moon')).toEqual({ exception: { message: 'unknown message fly_to_moon' } });
  });

  it('wraps a sync action error as Action Failed <method> (§7.1)', async () => {
    const endpoint = await startAgent();
    expect(await callAgent(endpoint, 'broken')).toEqual({ exception: { message: 'Action Failed broken: Getting current spec: disk on fire' } });
  });

  it('answers an async action with a task handle, then get_task gives the value (§7.1)', async () => {
    const endpoint = await startAgent();
    const first = (await callAgent(endpoint, 'slow_ok')) as { value: { agent_task_id: string; state: string } };
    expect(first.value.state).toBe('running');
    expect(first.value.agent_task_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await callAgent(endpoint, 'get_task', [first.value.agent_task_id])).toEqual({ value: first.value });
    expect(await callAgentTask(endpoint, 'slow_ok')).toEqual({ value: 'prepared' });
  });

  it('reports a failed task as Action Failed get_task: Task <id> result: <error>, with failure details (§7.1, §4.3)', async () => {
    const endpoint = await startAgent();
    const first = (await callAgent(endpoint, 'slow_fail')) as { value: { agent_task_id: string } };
    const id = first.value.agent_task_id;
    await new Promise((r) => setTimeout(r, 20));
    expect(await callAgent(endpoint, 'get_task', [id])).toEqual({
      exception: {
        message: `Action Failed get_task: Task ${id} result: 1 of 2 pre-start scripts failed. Failed Jobs: a. Successful Jobs: b.`,
        details: { failures: [{ job: 'a', exitCode: 3 }] },
      },
    });
  });

  it('cancels a cancellable task and refuses to cancel others (§7.2)', async () => {
    const endpoint = await startAgent();
    const waiting = (await callAgent(endpoint, 'wait_for_cancel')) as { value: { agent_task_id: string } };
    const id = waiting.value.agent_task_id;
    expect(await callAgent(endpoint, 'cancel_task', [id])).toEqual({ value: 'canceled' });
    await new Promise((r) => setTimeout(r, 20));
    expect(await callAgent(endpoint, 'get_task', [id])).toEqual({
      exception: { message: `Action Failed get_task: Task ${id} result: Script was cancelled by user request` },
    });
    const slow = (await callAgent(endpoint, 'slow_ok')) as { value: { agent_task_id: string } };
    expect(await callAgent(endpoint, 'cancel_task', [slow.value.agent_task_id])).toEqual({
      exception: { message: `Action Failed cancel_task: Task ${slow.value.agent_task_id} (slow_ok) cannot be cancelled` },
    });
  });

  it('says which task id is unknown (Go agent text)', async () => {
    const endpoint = await startAgent();
    expect(await callAgent(endpoint, 'get_task', ['nope'])).toEqual({
      exception: { message: 'Action Failed get_task: Task with id nope could not be found' },
    });
  });

  it('rejects a body that is not an envelope with the path of the problem', async () => {
    const endpoint = await startAgent();
    const reply = await postEnvelope(endpoint, { protocol: 3, arguments: [] });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ exception: { message: expect.stringMatching(/^Invalid agent request: method: /) as unknown } });
  });

  it('listens on a unix socket', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bosun-rpc-'));
    try {
      const endpoint = await startAgent(join(dir, 'agent.sock'));
      expect(await callAgent(endpoint, 'ping')).toEqual({ value: 'pong' });
    } finally {
      await server?.close();
      server = undefined;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
