import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../base/index.js';
import { DirectorStore } from './director-store.js';
import { deploymentLockName } from './lock-repo.js';
import { MIGRATIONS } from './migrations.js';

describe('DirectorStore', () => {
  let dataDir: string;
  let clock: FakeClock;
  let store: DirectorStore;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bosun-store-'));
    clock = new FakeClock(1_700_000_000_000);
    store = DirectorStore.open({ dataDir, clock });
  });
  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function rawDb(): Database.Database {
    return new Database(join(dataDir, 'director.db'));
  }

  it('creates director.db in WAL mode with every migration recorded', () => {
    const db = rawDb();
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual(
        MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
      );
    } finally {
      db.close();
    }
  });

  it('enforces foreign keys', () => {
    expect(() =>
      store.vms.create({
        deploymentId: 999,
        instanceId: null,
        cid: 'vm-1',
        agentId: 'agent-1',
        agentCredentials: { user: 'u', password: 'p' },
        stemcellId: null,
        networkSettings: {},
        cloudProperties: {},
        isActive: true,
      }),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('runs no migration again and keeps the data when reopened', () => {
    store.cloudConfigs.create('azs: []');
    store.close();
    store = DirectorStore.open({ dataDir, clock });
    store.close();
    store = DirectorStore.open({ dataDir, clock });
    expect(store.cloudConfigs.latest()?.content).toBe('azs: []');
    const db = rawDb();
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({
        n: MIGRATIONS.length,
      });
    } finally {
      db.close();
    }
  });

  it('refuses a database written by a newer Director', () => {
    store.close();
    const db = rawDb();
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, ?, 0)').run('future');
    db.close();
    expect(() => DirectorStore.open({ dataDir, clock })).toThrow(
      `The Director database has schema version 99, newer than this Director knows (${MIGRATIONS.length})`,
    );
    const fix = rawDb();
    fix.prepare('DELETE FROM schema_migrations WHERE version = 99').run();
    fix.close();
    store = DirectorStore.open({ dataDir, clock });
  });

  it('rolls back every write of a transaction that throws', () => {
    expect(() =>
      store.transaction(() => {
        store.cloudConfigs.create('a: 1');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.cloudConfigs.latest()).toBeUndefined();
  });

  describe('markInterruptedTasks', () => {
    it('ends unfinished tasks of a previous process and releases their locks, on reopen', () => {
      const task = (state: 'queued' | 'processing' | 'cancelling' | 'done'): number => {
        const t = store.tasks.create({
          type: 'update_deployment',
          description: 'create deployment',
          deploymentName: 'web',
          username: 'admin',
        });
        if (state === 'queued') return t.id;
        store.tasks.transition(t.id, 'queued', 'processing', { startedAtMs: clock.nowMs() });
        if (state === 'cancelling') store.tasks.transition(t.id, 'processing', 'cancelling');
        if (state === 'done')
          store.tasks.transition(t.id, 'processing', 'done', { result: 'ok', endedAtMs: clock.nowMs() });
        return t.id;
      };
      const done = task('done');
      const processing = task('processing');
      const queued = task('queued');
      const cancelling = task('cancelling');
      store.locks.acquire(deploymentLockName('web'), processing);
      store.close();

      clock = new FakeClock(1_700_000_600_000);
      store = DirectorStore.open({ dataDir, clock });
      const ended = store.markInterruptedTasks();

      expect(ended.map((t) => [t.id, t.previousState, t.state, t.result])).toEqual([
        [processing, 'processing', 'error', 'Director restarted while the task was running'],
        [queued, 'queued', 'error', 'Director restarted before the task started'],
        [cancelling, 'cancelling', 'cancelled', 'Director restarted while the task was being cancelled'],
      ]);
      expect(store.tasks.find(processing)).toMatchObject({ state: 'error', endedAtMs: 1_700_000_600_000 });
      expect(store.tasks.find(done)).toMatchObject({ state: 'done', result: 'ok' });
      expect(store.tasks.list({ states: ['processing', 'queued', 'cancelling'] })).toEqual([]);
      expect(store.locks.list()).toEqual([]);
      expect(store.markInterruptedTasks()).toEqual([]);
    });
  });
});
