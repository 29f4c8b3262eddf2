import { describe, expect, it } from 'vitest';
import { quoteForShell, renderSandboxInitScript } from './sandbox-init-script.js';

describe('renderSandboxInitScript', () => {
  it('mounts /var/vcap and the disks, sets the hostname, marks ready and execs the command', () => {
    const script = renderSandboxInitScript({
      vcapDir: '/data/cpi/vms/vm-1/vcap',
      mounts: [{ source: "/data/cpi/disks/disk-'1'", target: '/var/vcap/store' }],
      hostname: 'web-0',
      readyFile: '/data/cpi/vms/vm-1/ready',
    });
    expect(script).toBe(
      [
        '#!/bin/sh',
        '# Written by the Bosun local CPI; run as PID 1 of the VM, rewritten on every start.',
        'set -e',
        "mount --bind '/data/cpi/vms/vm-1/vcap' /var/vcap",
        "mkdir -p '/var/vcap/store'",
        `mount --bind '/data/cpi/disks/disk-'\\''1'\\''' '/var/vcap/store'`,
        "hostname 'web-0'",
        'cd /',
        "echo ready > '/data/cpi/vms/vm-1/ready'",
        'exec "$@"',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['plain', "'plain'"],
    ["it's", `'it'\\''s'`],
    ['$HOME `x`', "'$HOME `x`'"],
  ])('quotes %j for sh', (text, quoted) => {
    expect(quoteForShell(text)).toBe(quoted);
  });
});
