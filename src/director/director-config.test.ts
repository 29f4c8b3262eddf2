import { describe, expect, it } from 'vitest';
import { isBosunError } from '../base/index.js';
import { resolveDirectorConfig } from './director-config.js';

describe('resolveDirectorConfig', () => {
  it('fills in every default under the data directory', () => {
    expect(resolveDirectorConfig(null, '/data', 'd.yml')).toEqual({
      dataDir: '/data',
      name: 'bosun',
      port: 25555,
      bind: '127.0.0.1',
      enablePostDeploy: false,
      maxThreads: 4,
      users: [],
      cpi: {
        type: 'local',
        local: {
          cpi_dir: '/data/cpi',
          bridge: 'bosun0',
          stop_grace_ms: 10_000,
          start_timeout_ms: 10_000,
          path: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        },
      },
      blobstoreDir: '/data/blobs',
      databaseDir: '/data',
    });
  });

  it('takes users, features, an external CPI and paths', () => {
    const config = resolveDirectorConfig(
      {
        port: 8080,
        director: { enable_post_deploy: true },
        user_management: { local: { users: [{ name: 'ops', password: 'pw' }] } },
        cpi: { type: 'external', path: '/opt/cpi', properties: { region: 'x' } },
        blobstore: { path: '/blobs' },
        database: { path: '/db' },
      },
      '/data',
      'd.yml',
    );
    expect(config).toMatchObject({
      port: 8080,
      enablePostDeploy: true,
      maxThreads: 4,
      users: [{ name: 'ops', password: 'pw' }],
      cpi: { type: 'external', path: '/opt/cpi', properties: { region: 'x' } },
      blobstoreDir: '/blobs',
      databaseDir: '/db',
    });
  });

  it('names every problem with its path', () => {
    try {
      resolveDirectorConfig(
        { port: 'x', director: { enable_post_deploy: 'yes' }, cpi: { type: 'external' }, extra: 1 },
        '/data',
        'd.yml',
      );
      expect.unreachable();
    } catch (e) {
      expect(isBosunError(e, 'DIRECTOR_CONFIG_INVALID')).toBe(true);
      expect((e as Error).message).toBe(
        'Director config d.yml is invalid:\n' +
          '  port: Invalid input: expected number, received string\n' +
          '  director.enable_post_deploy: Invalid input: expected boolean, received string\n' +
          '  cpi.path: Invalid input: expected string, received undefined\n' +
          '  (top level): Unrecognized key: "extra"',
      );
    }
  });
});
