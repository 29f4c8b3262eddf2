import { describe, expect, it } from 'vitest';
import { BosunError } from '../../base/index.js';
import { CpiError } from '../cpi-error.js';
import { FakeCommandRunner } from '../fake-command-runner.js';
import { checkSandboxPrivileges } from './sandbox-privileges.js';

async function failureOf(p: Promise<unknown>): Promise<CpiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CpiError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('checkSandboxPrivileges', () => {
  it('passes when root can run unshare, nsenter and ip', async () => {
    const runner = new FakeCommandRunner();
    await checkSandboxPrivileges(runner, { PATH: '/bin' }, 0);
    expect(runner.commandLines).toEqual([
      'unshare --pid --fork --mount --mount-proc --uts --propagation slave -- true',
      'nsenter --version',
      'ip netns list',
    ]);
  });

  it('says root is needed, without running anything, when not root', async () => {
    const runner = new FakeCommandRunner();
    const e = await failureOf(checkSandboxPrivileges(runner, {}, 1000));
    expect(e.message).toBe(
      'The local CPI cannot create VMs: it needs root (to create namespaces, mounts and network interfaces), and this process runs as uid 1000',
    );
    expect(e.hint).toMatch(/run the Director \(or `bosun cpi local`\) as root/);
    expect(runner.requests).toHaveLength(0);
  });

  it('says unshare cannot create namespaces, with its error', async () => {
    const runner = new FakeCommandRunner((r) =>
      r.argv[0] === 'unshare'
        ? { exitCode: 1, stderr: 'unshare: unshare failed: Operation not permitted\n' }
        : {},
    );
    const e = await failureOf(checkSandboxPrivileges(runner, {}, 0));
    expect(e.message).toBe(
      "The local CPI cannot create VMs: 'unshare' (util-linux) cannot create PID, mount and UTS namespaces: 'unshare --pid --fork --mount --mount-proc --uts --propagation slave -- true' failed: unshare: unshare failed: Operation not permitted",
    );
  });

  it('says ip is missing when it cannot start', async () => {
    const runner = new FakeCommandRunner((r) =>
      r.argv[0] === 'ip' ? new BosunError('COMMAND_NOT_STARTED', "Cannot run 'ip': spawn ip ENOENT") : {},
    );
    const e = await failureOf(checkSandboxPrivileges(runner, {}, 0));
    expect(e.message).toBe(
      "The local CPI cannot create VMs: 'ip' (iproute2) with network namespace support does not run: it is not installed or not on PATH",
    );
  });
});
