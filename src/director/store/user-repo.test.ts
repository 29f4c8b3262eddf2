import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../base/index.js';
import { DirectorStore } from './director-store.js';
import { provisionUsers } from './provision-users.js';

describe('users', () => {
  let dataDir: string;
  let store: DirectorStore;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bosun-store-'));
    store = DirectorStore.open({ dataDir, clock: new FakeClock() });
  });
  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('checks logins against a hash, never the stored password', () => {
    store.users.create({ name: 'ops', password: 's3cret', source: 'config' });
    expect(store.users.isValidLogin('ops', 's3cret')).toBe(true);
    expect(store.users.isValidLogin('ops', 'S3cret')).toBe(false);
    expect(store.users.isValidLogin('nobody', 's3cret')).toBe(false);
    expect(() => store.users.create({ name: 'ops', password: 'x', source: 'config' })).toThrow(
      "User 'ops' already exists",
    );
  });

  it('generates an admin once, with its credentials in a 0600 file', () => {
    const first = provisionUsers(store, undefined, () => 'generated-pw');
    expect(first.credentialsFile).toBe(join(dataDir, 'admin-credentials.yml'));
    expect(readFileSync(first.credentialsFile!, 'utf8')).toBe('name: admin\npassword: generated-pw\n');
    expect(statSync(first.credentialsFile!).mode & 0o777).toBe(0o600);
    expect(store.users.isValidLogin('admin', 'generated-pw')).toBe(true);

    const again = provisionUsers(store, undefined, () => 'other-pw');
    expect(again).toEqual({ credentialsFile: undefined, userNames: ['admin'] });
    expect(store.users.isValidLogin('admin', 'generated-pw')).toBe(true);
  });

  it('makes the config users the only users', () => {
    provisionUsers(store, undefined, () => 'generated-pw');
    provisionUsers(store, [
      { name: 'alice', password: 'a' },
      { name: 'bob', password: 'b' },
    ]);
    provisionUsers(store, [{ name: 'alice', password: 'a2' }]);
    expect(store.users.list().map((u) => [u.name, u.source])).toEqual([['alice', 'config']]);
    expect(store.users.isValidLogin('alice', 'a2')).toBe(true);
    expect(store.users.isValidLogin('admin', 'generated-pw')).toBe(false);
  });
});
