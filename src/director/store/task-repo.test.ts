import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../base/index.js';
import { DirectorStore } from './director-store.js';

describe('TaskRepo', () => {
  let dataDir: string;
  let store: DirectorStore;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bosun-store-'));
    store = DirectorStore.open({ dataDir, clock: new FakeClock(42) });
  });
  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const input = (deploymentName: string | null) => ({
    type: 'update_deployment',
    description: 'create deployment',
    deploymentName,
    username: 'admin',
  });

  it('creates queued tasks with increasing ids and an output directory of their own', () => {
    const a = store.tasks.create(input('web'));
    const b = store.tasks.create(input(null));
    expect(b.id).toBe(a.id + 1);
    expect(a).toEqual({
      id: a.id,
      state: 'queued',
      type: 'update_deployment',
      description: 'create deployment',
      deploymentName: 'web',
      username: 'admin',
      outputDir: join(dataDir, 'tasks', String(a.id)),
      result: null,
      createdAtMs: 42,
      startedAtMs: null,
      endedAtMs: null,
    });
  });

  it('changes state only from the state the caller expects', () => {
    const t = store.tasks.create(input('web'));
    expect(store.tasks.transition(t.id, 'processing', 'done')).toBeUndefined();
    expect(store.tasks.transition(t.id, 'queued', 'processing', { startedAtMs: 50 })).toMatchObject({
      state: 'processing',
      startedAtMs: 50,
    });
    expect(
      store.tasks.transition(t.id, 'processing', 'error', { result: 'boom', endedAtMs: 60 }),
    ).toMatchObject({
      state: 'error',
      result: 'boom',
      startedAtMs: 50,
      endedAtMs: 60,
    });
  });

  it('lists newest first, by deployment and state', () => {
    const a = store.tasks.create(input('web'));
    const b = store.tasks.create(input('db'));
    const c = store.tasks.create(input('web'));
    store.tasks.transition(c.id, 'queued', 'processing');
    expect(store.tasks.list().map((t) => t.id)).toEqual([c.id, b.id, a.id]);
    expect(store.tasks.list({ deploymentName: 'web' }).map((t) => t.id)).toEqual([c.id, a.id]);
    expect(store.tasks.list({ states: ['queued'] }).map((t) => t.id)).toEqual([b.id, a.id]);
    expect(store.tasks.list({ limit: 1 }).map((t) => t.id)).toEqual([c.id]);
    expect(store.tasks.list({ states: [] })).toEqual([]);
  });

  it('records events newest first', () => {
    store.events.create({
      username: 'admin',
      action: 'create',
      objectType: 'deployment',
      objectName: 'web',
      taskId: 1,
      deploymentName: 'web',
    });
    store.events.create({
      username: 'admin',
      action: 'delete',
      objectType: 'vm',
      objectName: 'vm-1',
      deploymentName: 'web',
      instance: 'web/u',
      context: { reason: 'recreate' },
    });
    const events = store.events.list({ deploymentName: 'web' });
    expect(events.map((e) => [e.action, e.objectType, e.objectName, e.context])).toEqual([
      ['delete', 'vm', 'vm-1', { reason: 'recreate' }],
      ['create', 'deployment', 'web', {}],
    ]);
    expect(events[0]?.occurredAtMs).toBe(42);
  });
});
