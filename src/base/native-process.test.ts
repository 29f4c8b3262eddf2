import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadNativeProcess } from './native-process.js';

describe('loadNativeProcess', () => {
  it('says a pid that is not our child is not a child', () => {
    const native = loadNativeProcess();
    expect(native.reap(1)).toBe('not-a-child');
  });

  it('rejects a pid that is not a positive integer', () => {
    expect(() => loadNativeProcess().reap(0)).toThrow('reap(pid): pid must be a positive integer');
  });

  it('makes this process a subreaper, so an orphaned grandchild is re-parented to it and reaped', async () => {
    const native = loadNativeProcess();
    native.setChildSubreaper();
    // sh starts a background sleep, prints its pid and exits: the sleep is orphaned.
    const child = spawn('/bin/sh', ['-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((r) => child.on('close', r));
    const orphan = Number(out.trim());
    expect(native.reap(orphan)).toBeNull();
    process.kill(orphan, 'SIGKILL');
    let status: ReturnType<typeof native.reap> = null;
    for (let i = 0; i < 100 && status === null; i += 1) {
      await new Promise((r) => setTimeout(r, 10));
      status = native.reap(orphan);
    }
    expect(status).toEqual({ code: null, signal: 9 });
  });
});
