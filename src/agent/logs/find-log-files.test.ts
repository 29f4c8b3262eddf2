import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLogFiles } from './find-log-files.js';

describe('findLogFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-logs-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('finds .log files, dot-files included, at depth 0 to 2 only', async () => {
    const log = join(dir, 'log');
    for (const d of ['web/sub/deeper', '.hidden', 'other']) await mkdir(join(log, d), { recursive: true });
    for (const f of [
      'top.log',
      '.dot.log',
      '.log',
      'notes.txt',
      'web/web.log',
      'web/.web.log',
      'web/web.log.1.gz',
      'web/sub/sub.log',
      'web/sub/deeper/too-deep.log',
      '.hidden/hidden.log',
      'other/elsewhere.log',
    ]) {
      await writeFile(join(log, f), '');
    }
    await symlink(join(log, 'other'), join(log, 'linked-dir'));
    await symlink(join(log, 'top.log'), join(log, 'web/linked.log'));
    expect((await findLogFiles(log)).map((f) => f.slice(log.length + 1))).toEqual([
      '.dot.log',
      'linked-dir/elsewhere.log',
      'other/elsewhere.log',
      'top.log',
      'web/.web.log',
      'web/sub/sub.log',
      'web/web.log',
    ]);
  });

  it('finds nothing in a missing directory', async () => {
    expect(await findLogFiles(join(dir, 'missing'))).toEqual([]);
  });
});
