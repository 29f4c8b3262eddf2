// What local VMs leave on this machine, seen from the host: their directories under the CPI
// directory, network namespaces, host interfaces, processes and mounts.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { LocalCpi, parseLocalCpiConfig } from '../../src/cpi/index.js';

/** What the host knows of a local VM: from its record under the CPI directory. */
export interface HostVm {
  readonly cid: string;
  readonly netns: string;
  readonly hostInterfaces: readonly string[];
  readonly ips: readonly string[];
  /** `pid:[<inode>]` of its running sandbox. */
  readonly pidNamespace: string | undefined;
}

/** CIDs of the VMs that have a directory under `<cpiDir>/vms`. */
export function vmCidsOnHost(cpiDir: string): string[] {
  const dir = join(cpiDir, 'vms');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** The record of every VM under the CPI directory. */
export function hostVms(cpiDir: string): HostVm[] {
  return vmCidsOnHost(cpiDir).map((cid) => {
    const record = JSON.parse(readFileSync(join(cpiDir, 'vms', cid, 'vm.json'), 'utf8')) as {
      netns: string;
      interfaces: Array<{ host_interface: string; ip: string }>;
      sandbox: { pid_namespace: string } | null;
    };
    return {
      cid,
      netns: record.netns,
      hostInterfaces: record.interfaces.map((i) => i.host_interface),
      ips: record.interfaces.map((i) => i.ip),
      pidNamespace: record.sandbox?.pid_namespace,
    };
  });
}

/** A process as the host sees it: its PID namespace and the VM CID in its environment. */
interface HostProcess {
  readonly pid: number;
  readonly pidNamespace: string;
  readonly vmCid: string | undefined;
}

function listHostProcesses(): HostProcess[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .flatMap((n) => {
      try {
        const environ = readFileSync(`/proc/${n}/environ`, 'utf8').split('\0');
        const vmCid = environ.find((v) => v.startsWith('BOSUN_VM_CID='))?.slice('BOSUN_VM_CID='.length);
        return [{ pid: Number(n), pidNamespace: readlinkSync(`/proc/${n}/ns/pid`), vmCid }];
      } catch {
        // Exited meanwhile.
        return [];
      }
    });
}

/**
 * Host pids of the processes of a VM: those that inherited BOSUN_VM_CID=`cid` from its first
 * process, and those in its PID namespace (job processes, whose environment the agent's
 * supervisor replaces), unless that namespace's id now belongs to another VM (the kernel
 * reuses the ids of namespaces that are gone).
 */
export function pidsOfVm(cid: string, pidNamespace?: string): number[] {
  const processes = listHostProcesses();
  const isReused = processes.some(
    (p) => p.pidNamespace === pidNamespace && p.vmCid !== undefined && p.vmCid !== cid,
  );
  return processes
    .filter(
      (p) => p.vmCid === cid || (!isReused && pidNamespace !== undefined && p.pidNamespace === pidNamespace),
    )
    .map((p) => p.pid);
}

/** What the host resolves `/proc/<pid>/exe` to for each process in the PID namespace of VM `cid`. */
export function executablesOfVm(cpiDir: string, cid: string): string[] {
  const vm = hostVms(cpiDir).find((v) => v.cid === cid);
  if (vm === undefined) throw new Error(`no VM ${cid} under ${cpiDir}`);
  return pidsOfVm(cid, vm.pidNamespace).flatMap((pid) => {
    try {
      return [readlinkSync(`/proc/${pid}/exe`)];
    } catch {
      return [];
    }
  });
}

/** `<pid> <state> <command line>`, for messages. */
function describeProcess(pid: number): string {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[0] ?? '?';
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return `${pid} (${state}) ${cmdline}`;
  } catch {
    return `${pid} (gone)`;
  }
}

function linkExists(name: string): boolean {
  try {
    execFileSync('ip', ['link', 'show', 'dev', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Everything of `vms` still on the host, one line each (empty when nothing is left): the
 * VM directory, IP reservation, network namespace, host interfaces, processes and mounts.
 */
export function leftoversOf(cpiDir: string, vms: readonly HostVm[]): string[] {
  const netns = execFileSync('ip', ['netns', 'list']).toString();
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  const left: string[] = [];
  for (const vm of vms) {
    if (existsSync(join(cpiDir, 'vms', vm.cid)))
      left.push(`${vm.cid}: directory ${join(cpiDir, 'vms', vm.cid)}`);
    for (const ip of vm.ips) {
      if (existsSync(join(cpiDir, 'ips', ip))) left.push(`${vm.cid}: IP reservation ${ip}`);
    }
    if (netns.split('\n').some((l) => l.split(' ')[0] === vm.netns))
      left.push(`${vm.cid}: netns ${vm.netns}`);
    for (const link of vm.hostInterfaces) if (linkExists(link)) left.push(`${vm.cid}: interface ${link}`);
    const pids = pidsOfVm(vm.cid, vm.pidNamespace);
    if (pids.length > 0) left.push(`${vm.cid}: processes ${pids.map(describeProcess).join(', ')}`);
    if (mounts.includes(vm.cid)) left.push(`${vm.cid}: mounts`);
  }
  return left;
}

/**
 * Cleanup after a test, whatever happened: deletes every VM left under the CPI directory
 * through the local CPI (processes, netns, interfaces, directory), then the bridge.
 */
export async function removeLeftVms(cpiDir: string, bridge: string): Promise<void> {
  const cpi = new LocalCpi(parseLocalCpiConfig({ cpi_dir: cpiDir, bridge, stop_grace_ms: 1000 }, 'cleanup'));
  for (const cid of vmCidsOnHost(cpiDir)) {
    await cpi.deleteVm(cid).catch(() => undefined);
    try {
      execFileSync('ip', ['netns', 'delete', `bosun-${cid}`], { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
  }
  try {
    execFileSync('ip', ['link', 'delete', 'dev', bridge], { stdio: 'ignore' });
  } catch {
    // Never made, or already gone.
  }
}
