import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, isBosunError } from '../../base/index.js';
import { DirectorStore } from '../store/index.js';
import { formatEventLog, parseTaskEventLines } from '../../protocol/index.js';
import { recoverInterruptedTasks } from './recover-interrupted-tasks.js';
import { TaskRunner, type TaskRequest } from './task-runner.js';

const T = 1_704_103_262;

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve: (v: T) => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Real file reads finish on the thread pool, which a loaded machine delays: wait for them (bounded). */
async function eventually(isDone: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !isDone(); i += 1) await new Promise<void>((resolve) => setTimeout(resolve, 10));
}

describe('TaskRunner', () => {
  let dataDir: string;
  let clock: FakeClock;
  let store: DirectorStore;
  let runner: TaskRunner;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bosun-tasks-'));
    clock = new FakeClock(T * 1000);
    store = DirectorStore.open({ dataDir, clock });
    runner = new TaskRunner(store, clock);
  });
  afterEach(async () => {
    await runner.stop();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const request = (run: TaskRequest['run'], deploymentName?: string): TaskRequest => ({
    type: 'update_deployment',
    description: 'create deployment',
    username: 'admin',
    ...(deploymentName === undefined ? {} : { deploymentName }),
    run,
  });
  const eventText = (id: number): string =>
    readFileSync(join(store.tasks.find(id)!.outputDir, 'event'), 'utf8');

  it('runs a task to done with its events, debug log and result, holding the deployment lock meanwhile', async () => {
    const { id, finished } = runner.submit(
      request(async ({ events, debug, taskId }) => {
        expect(store.locks.find('deployment:web')?.ownerTaskId).toBe(taskId);
        expect(store.tasks.find(taskId)?.state).toBe('processing');
        const step = events.beginStage('Updating instance', 1, ['web']).start('web/uuid (0) (canary)');
        debug('applying');
        await clock.advance(5000);
        step.finish();
        return '/deployments/web';
      }, 'web'),
    );
    const task = await finished;
    expect(task).toMatchObject({
      id,
      state: 'done',
      result: '/deployments/web',
      startedAtMs: T * 1000,
      endedAtMs: (T + 5) * 1000,
    });
    expect(readFileSync(join(task.outputDir, 'result'), 'utf8')).toBe('/deployments/web');
    expect(readFileSync(join(task.outputDir, 'debug'), 'utf8')).toBe(
      `2024-01-01T10:01:02.000Z [task:${id}] applying\n`,
    );
    expect(formatEventLog(id, parseTaskEventLines(eventText(id)), task.state)).toContain(
      `Task ${id} | 10:01:02 | Updating instance web: web/uuid (0) (canary) (00:00:05)\n`,
    );
    expect(store.locks.list()).toEqual([]);
  });

  it('ends a task whose function rejects in error, with the message as result and last event', async () => {
    const { id, finished } = runner.submit(
      request(() => Promise.reject(new Error("'web/0' is not running after update")), 'web'),
    );
    expect(await finished).toMatchObject({ state: 'error', result: "'web/0' is not running after update" });
    expect(eventText(id)).toBe(
      `{"time":${T},"error":{"code":100,"message":"'web/0' is not running after update"}}\n`,
    );
    expect(readFileSync(join(store.tasks.find(id)!.outputDir, 'debug'), 'utf8')).toContain(
      "Failed: Error: 'web/0' is not running after update",
    );
    expect(store.locks.list()).toEqual([]);
  });

  it('runs tasks of one deployment one at a time, in order, and other deployments alongside', async () => {
    const started: string[] = [];
    const gates = { a: deferred<string>(), b: deferred<string>(), c: deferred<string>() };
    const task = (name: keyof typeof gates, deployment: string): TaskRequest =>
      request(() => {
        started.push(name);
        return gates[name].promise;
      }, deployment);
    const a = runner.submit(task('a', 'web'));
    const b = runner.submit(task('b', 'web'));
    const c = runner.submit(task('c', 'db'));
    await settle();
    expect(started).toEqual(['a', 'c']);
    expect(store.tasks.find(b.id)?.state).toBe('queued');
    gates.a.resolve('a done');
    await a.finished;
    await settle();
    expect(started).toEqual(['a', 'c', 'b']);
    gates.b.resolve('b done');
    gates.c.resolve('c done');
    expect((await b.finished).state).toBe('done');
    expect((await c.finished).state).toBe('done');
  });

  it("refuses a second change to a busy deployment with BOSH's lock message when asked to", async () => {
    const gate = deferred<string>();
    const first = runner.submit(request(() => gate.promise, 'web'));
    const second = runner.submit({ ...request(() => Promise.resolve('never'), 'web'), whenBusy: 'refuse' });
    const refused = await second.finished;
    expect(refused).toMatchObject({
      state: 'error',
      result: 'Unable to get deployment lock, maybe a deployment is in progress. Try again later.',
    });
    expect(formatEventLog(refused.id, parseTaskEventLines(eventText(refused.id)), 'error')).toContain(
      `| 10:01:02 | Error: Unable to get deployment lock, maybe a deployment is in progress. Try again later.\n`,
    );
    gate.resolve('ok');
    expect((await first.finished).state).toBe('done');
  });

  it('fails a task whose deployment lock another task holds in the store', async () => {
    store.locks.acquire('deployment:web', 999);
    const { finished } = runner.submit(request(() => Promise.resolve('never'), 'web'));
    expect(await finished).toMatchObject({
      state: 'error',
      result: 'Unable to get deployment lock, maybe a deployment is in progress. Try again later.',
    });
    expect(store.locks.find('deployment:web')?.ownerTaskId).toBe(999);
  });

  it('cancels a running task through its signal: cancelling, then cancelled', async () => {
    const { id, finished } = runner.submit(
      request(
        ({ signal }) =>
          new Promise<string>((_resolve, reject) => {
            signal.addEventListener('abort', () => reject(signal.reason as Error));
          }),
        'web',
      ),
    );
    await settle();
    const cancelling = runner.cancel(id);
    expect(cancelling.state).toBe('cancelling');
    expect(await finished).toMatchObject({ state: 'cancelled', result: `Task ${id} cancelled` });
    expect(eventText(id)).toBe(`{"time":${T},"error":{"code":10001,"message":"Task ${id} cancelled"}}\n`);
    expect(store.locks.list()).toEqual([]);
  });

  it('cancels a queued task before it runs', async () => {
    const gate = deferred<string>();
    let isRun = false;
    const first = runner.submit(request(() => gate.promise, 'web'));
    const second = runner.submit(request(() => ((isRun = true), Promise.resolve('x')), 'web'));
    expect(runner.cancel(second.id).state).toBe('cancelled');
    gate.resolve('ok');
    await first.finished;
    await settle();
    expect(isRun).toBe(false);
    expect((await second.finished).state).toBe('cancelled');
  });

  it("refuses to cancel a finished or unknown task in BOSH's words", async () => {
    const { id, finished } = runner.submit(request(() => Promise.resolve('ok')));
    await finished;
    expect(() => runner.cancel(id)).toThrow(`Cannot cancel task ${id}: invalid state (done)`);
    const e = (() => {
      try {
        runner.cancel(999);
      } catch (err) {
        return err;
      }
    })();
    expect(isBosunError(e, 'TASK_NOT_FOUND') && e.message).toBe('Task 999 not found');
  });

  it('follows a task live from an offset until it ends', async () => {
    const gate = deferred<undefined>();
    const { id, finished } = runner.submit(
      request(async ({ events }) => {
        events.warn('first');
        await gate.promise;
        events.warn('second');
        return 'ok';
      }),
    );
    await settle();
    const firstLine = `{"time":${T},"type":"warning","message":"first"}\n`;
    const chunks: string[] = [];
    const following = (async () => {
      for await (const chunk of runner.follow(id, { fromOffset: 0 })) chunks.push(chunk.toString('utf8'));
    })();
    await eventually(() => chunks.length > 0);
    expect(chunks).toEqual([firstLine]);
    gate.resolve(undefined);
    await finished;
    await following;
    expect(chunks.join('')).toBe(eventText(id));

    const rest: string[] = [];
    for await (const chunk of runner.follow(id, { fromOffset: Buffer.byteLength(firstLine) }))
      rest.push(chunk.toString('utf8'));
    expect(rest.join('')).toBe(`{"time":${T},"type":"warning","message":"second"}\n`);
    await expect(runner.follow(999).next()).rejects.toThrow('Task 999 not found');
  });

  it('leaves no task processing after a restart and says why in its event log', async () => {
    const { id } = runner.submit(request(() => new Promise<string>(() => undefined), 'web'));
    await settle();
    store.close(); // the Director dies: its runner never ends the task
    runner = new TaskRunner((store = DirectorStore.open({ dataDir, clock })), clock);
    await clock.advance(60_000);

    expect(recoverInterruptedTasks(store, clock).map((t) => t.id)).toEqual([id]);
    expect(store.tasks.list({ states: ['processing', 'queued', 'cancelling'] })).toEqual([]);
    expect(store.locks.list()).toEqual([]);
    expect(formatEventLog(id, parseTaskEventLines(eventText(id)), 'error')).toBe(
      `Task ${id}\n\nTask ${id} | 10:02:02 | Error: Director restarted while the task was running\n\n` +
        `Task ${id} Started  Mon Jan  1 10:02:02 UTC 2024\nTask ${id} Finished Mon Jan  1 10:02:02 UTC 2024\n` +
        `Task ${id} Duration 00:00:00\nTask ${id} error\n`,
    );
    const chunks: Buffer[] = [];
    for await (const chunk of runner.follow(id)) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(eventText(id));
  });
});
