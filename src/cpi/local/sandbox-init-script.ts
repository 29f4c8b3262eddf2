/** A bind mount made inside the VM's mount namespace before its first process starts. */
export interface SandboxMount {
  /** A host path. */
  readonly source: string;
  /** A path inside the VM, e.g. `/var/vcap/store`. */
  readonly target: string;
}

/** What the init script needs; all paths are absolute. */
export interface SandboxInitSpec {
  /** The VM's `/var/vcap` on the host (`<cpiDir>/vms/<cid>/vcap`). */
  readonly vcapDir: string;
  /** Further mounts on top of `/var/vcap` (persistent disks). */
  readonly mounts: readonly SandboxMount[];
  readonly hostname: string;
  /** Written just before the VM's command starts, so the CPI knows the sandbox is set up. */
  readonly readyFile: string;
}

/** Quotes a string for POSIX sh. */
export function quoteForShell(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The shell script run as PID 1 of a VM's new PID, mount and UTS namespaces: it mounts the
 * VM's `/var/vcap` and disks (private to the VM's mount namespace), sets the hostname, marks
 * the sandbox ready and then execs the VM's command (its arguments), which thereby becomes
 * PID 1 itself.
 */
export function renderSandboxInitScript(spec: SandboxInitSpec): string {
  const q = quoteForShell;
  const lines = [
    '#!/bin/sh',
    '# Written by the Bosun local CPI; run as PID 1 of the VM, rewritten on every start.',
    'set -e',
    `mount --bind ${q(spec.vcapDir)} /var/vcap`,
    ...spec.mounts.flatMap((m) => [`mkdir -p ${q(m.target)}`, `mount --bind ${q(m.source)} ${q(m.target)}`]),
    `hostname ${q(spec.hostname)}`,
    'cd /',
    `echo ready > ${q(spec.readyFile)}`,
    'exec "$@"',
  ];
  return `${lines.join('\n')}\n`;
}
