import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findVcapOwner } from './vcap-owner.js';

describe('findVcapOwner', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-group-'));
    await writeFile(join(dir, 'group'), 'root:x:0:\nvcapx:x:7:\nvcap:x:1000:syslog\n');
    await writeFile(join(dir, 'no-vcap'), 'root:x:0:\n');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is root:vcap for root on a machine with a vcap group', async () => {
    expect(await findVcapOwner(join(dir, 'group'), true)).toEqual({ uid: 0, gid: 1000 });
  });

  it('is undefined without a vcap group, or when not root', async () => {
    expect(await findVcapOwner(join(dir, 'no-vcap'), true)).toBeUndefined();
    expect(await findVcapOwner(join(dir, 'group'), false)).toBeUndefined();
    expect(await findVcapOwner(join(dir, 'missing'), true)).toBeUndefined();
  });
});
