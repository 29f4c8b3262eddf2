import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobstore } from '../blobstore/index.js';
import { vcapPaths, type VcapPaths } from '../vcap-paths.js';
import { fetchLogs, LogFetcher } from './fetch-logs.js';

describe('fetchLogs', () => {
  let dir: string;
  let paths: VcapPaths;
  let blobstore: LocalBlobstore;

  async function entriesOf(blob: { blobstore_id: string; sha1: string }): Promise<Record<string, string>> {
    await blobstore.fetch(blob.blobstore_id, blob.sha1, join(dir, 'logs.tgz'));
    const files: Record<string, string> = {};
    await tar.t({
      file: join(dir, 'logs.tgz'),
      onReadEntry: (e) => {
        const chunks: Buffer[] = [];
        e.on('data', (c: Buffer) => chunks.push(c));
        e.on('end', () => {
          if (e.type === 'File') files[e.path] = Buffer.concat(chunks).toString('utf8');
        });
      },
    });
    return files;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-fetch-logs-'));
    paths = vcapPaths(join(dir, 'vcap'));
    blobstore = new LocalBlobstore({ blobstorePath: join(dir, 'blobs') });
    await mkdir(join(paths.sysLogDir, 'web'), { recursive: true });
    await mkdir(join(paths.sysLogDir, 'db'), { recursive: true });
    await mkdir(paths.agentLogDir, { recursive: true });
    await writeFile(join(paths.sysLogDir, 'web/web.log'), 'web says hi\n');
    await writeFile(join(paths.sysLogDir, 'db/db.log'), 'db says hi\n');
    await writeFile(join(paths.agentLogDir, 'current'), 'agent log\n');
    await writeFile(join(dir, 'secret'), 'secret');
    await symlink(join(dir, 'secret'), join(paths.sysLogDir, 'web/secret.log'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('bundles every job log, skipping symbolic links', async () => {
    const blob = await fetchLogs({ paths, blobstore, logType: 'job' });
    expect(await entriesOf(blob)).toEqual({
      './db/db.log': 'db says hi\n',
      './web/web.log': 'web says hi\n',
    });
    expect(await readdir(paths.tmpDir)).toEqual([]);
  });

  it("bundles one job's logs when filtered by its name", async () => {
    const blob = await new LogFetcher({ paths, blobstore }).fetchLogs('job', ['web']);
    expect(await entriesOf(blob)).toEqual({ './web/web.log': 'web says hi\n' });
  });

  it('bundles the agent log', async () => {
    const blob = await fetchLogs({ paths, blobstore, logType: 'agent' });
    expect(await entriesOf(blob)).toEqual({ './current': 'agent log\n' });
  });

  it('refuses an unknown log type', async () => {
    await expect(fetchLogs({ paths, blobstore, logType: 'system' })).rejects.toThrow('Invalid log type');
  });

  it('gives the SHA1 of the stored bundle', async () => {
    const blob = await fetchLogs({ paths, blobstore, logType: 'job' });
    await expect(
      blobstore.fetch(blob.blobstore_id, blob.sha1, join(dir, 'check.tgz')),
    ).resolves.toBeUndefined();
    expect((await readFile(join(dir, 'check.tgz'))).length).toBeGreaterThan(0);
  });
});
