import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bashPrePackagingRunner } from './pre-packaging.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bosun-prep-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bashPrePackagingRunner', () => {
  it('runs the script with bash in BUILD_DIR, with BUILD_DIR and RELEASE_DIR set', async () => {
    await writeFile(join(dir, 'pre_packaging'), 'echo "$BUILD_DIR $RELEASE_DIR $GREETING $(pwd)" > out\n');
    await bashPrePackagingRunner({ GREETING: 'hi' })({
      script: join(dir, 'pre_packaging'),
      buildDir: dir,
      releaseDir: '/rel',
    });
    expect(await readFile(join(dir, 'out'), 'utf8')).toBe(`${dir} /rel hi ${dir}\n`);
  });

  it('fails with the exit code and the last lines of output', async () => {
    const script = join(dir, 'pre_packaging');
    await writeFile(script, 'echo preparing\nexit 3\n');
    const e = await bashPrePackagingRunner({})({ script, buildDir: dir, releaseDir: dir }).catch(
      (err: unknown) => err as Error,
    );
    // stdout and stderr (bash -x traces) interleave in no fixed order.
    expect(e?.message.split('\n')[0]).toBe(`Running prep scripts: '${script}' failed with exit code 3:`);
    expect(e?.message.split('\n').slice(1).sort()).toEqual(['+ echo preparing', '+ exit 3', 'preparing']);
  });
});
