import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, isBosunError } from '../../base/index.js';
import { DirectorStore } from './director-store.js';
import { DEPLOYMENT_LOCKED_MESSAGE, deploymentLockName } from './lock-repo.js';

describe('LockRepo', () => {
  let dataDir: string;
  let clock: FakeClock;
  let store: DirectorStore;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bosun-store-'));
    clock = new FakeClock(1_000_000);
    store = DirectorStore.open({ dataDir, clock });
  });
  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function caught(fn: () => unknown): unknown {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error('expected a throw');
  }

  it("refuses a held deployment lock with BOSH's message and names the holder", () => {
    store.locks.acquire('deployment:web', 7);
    const e = caught(() => store.locks.acquire('deployment:web', 8));
    expect(isBosunError(e, 'DEPLOYMENT_LOCKED')).toBe(true);
    expect((e as Error).message).toBe(
      'Unable to get deployment lock, maybe a deployment is in progress. Try again later.',
    );
    expect(DEPLOYMENT_LOCKED_MESSAGE).toBe((e as Error).message);
    expect(isBosunError(e) && e.hint).toBe("Task 7 holds the lock 'deployment:web'.");
  });

  it('refuses other held locks with their name', () => {
    store.locks.acquire('release:nginx', 1);
    expect(() => store.locks.acquire('release:nginx', 2)).toThrow('Failed to acquire lock for release:nginx');
  });

  it('lets locks of different deployments be held at once', () => {
    store.locks.acquire(deploymentLockName('a'), 1);
    store.locks.acquire(deploymentLockName('b'), 2);
    expect(store.locks.list().map((l) => [l.name, l.ownerTaskId])).toEqual([
      ['deployment:a', 1],
      ['deployment:b', 2],
    ]);
  });

  it('renews a lock when its holder acquires it again', async () => {
    const first = store.locks.acquire('deployment:web', 7, { ttlMs: 1000 });
    await clock.advance(500);
    const again = store.locks.acquire('deployment:web', 7, { ttlMs: 1000 });
    expect(again).toEqual({ ...first, expiresAtMs: first.acquiredAtMs + 1500 });
  });

  it('lets another task take an expired lock over, not one still valid', async () => {
    store.locks.acquire('deployment:web', 7, { ttlMs: 1000 });
    await clock.advance(999);
    expect(() => store.locks.acquire('deployment:web', 8)).toThrow(DEPLOYMENT_LOCKED_MESSAGE);
    await clock.advance(1);
    expect(store.locks.acquire('deployment:web', 8)).toMatchObject({ ownerTaskId: 8, expiresAtMs: null });
  });

  it('releases only for the holder', () => {
    store.locks.acquire('deployment:web', 7);
    expect(store.locks.release('deployment:web', 8)).toBe(false);
    expect(store.locks.release('deployment:web', 7)).toBe(true);
    expect(store.locks.find('deployment:web')).toBeUndefined();
    store.locks.acquire('deployment:web', 8);
  });

  it('releases every lock of a task', () => {
    store.locks.acquire('deployment:a', 7);
    store.locks.acquire('release:x', 7);
    store.locks.acquire('deployment:b', 8);
    expect(store.locks.releaseByTask(7)).toBe(2);
    expect(store.locks.list().map((l) => l.name)).toEqual(['deployment:b']);
  });
});
