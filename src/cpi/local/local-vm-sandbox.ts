import { mkdir, writeFile } from 'node:fs/promises';
import type { CpiCallOptions } from '../cpi.js';
import type { LocalCpiContext } from './local-cpi-context.js';
import type { SandboxState, VmRecord } from './local-records.js';
import { renderSandboxInitScript } from './sandbox-init-script.js';
import { isSandboxRunning, startSandbox, stopSandbox } from './sandbox-process.js';

/**
 * Starts the VM's sandbox from its record: rewrites `init.sh` with the VM's current disks and
 * starts it detached. The network namespace must exist.
 */
export async function startVmSandbox(
  ctx: LocalCpiContext,
  vm: VmRecord,
  options: CpiCallOptions,
): Promise<SandboxState> {
  const script = ctx.dir.vmInitScript(vm.cid);
  const spec = {
    vcapDir: ctx.dir.vmVcapDir(vm.cid),
    mounts: vm.disks.map((d) => ({ source: ctx.dir.diskDir(d.cid), target: d.mount_point })),
    hostname: vm.hostname,
    readyFile: ctx.dir.vmReadyFile(vm.cid),
  };
  await writeFile(script, renderSandboxInitScript(spec), { mode: 0o700 });
  // The mount point of every VM's /var/vcap; on the host it stays an empty directory.
  await mkdir('/var/vcap', { recursive: true });
  ctx.log.write(`starting sandbox of VM ${vm.cid}: ${vm.command.join(' ')}`);
  const state = await startSandbox({
    netnsPath: `/run/netns/${vm.netns}`,
    initScript: script,
    command: vm.command,
    env: vm.command_env,
    consoleLog: ctx.dir.vmConsoleLog(vm.cid),
    readyFile: spec.readyFile,
    timeoutMs: ctx.config.start_timeout_ms,
    clock: ctx.clock,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  ctx.log.write(`sandbox of VM ${vm.cid} runs: PID 1 is host pid ${state.init_pid} (${state.pid_namespace})`);
  return state;
}

/** Stops the VM's sandbox when it runs; its namespace, directory and disks stay. */
export async function stopVmSandbox(ctx: LocalCpiContext, vm: VmRecord): Promise<void> {
  if (vm.sandbox === null || !(await isSandboxRunning(vm.sandbox))) return;
  ctx.log.write(
    `stopping sandbox of VM ${vm.cid} (host pid ${vm.sandbox.init_pid}, grace ${ctx.config.stop_grace_ms} ms)`,
  );
  await stopSandbox(vm.sandbox, ctx.config.stop_grace_ms, ctx.clock);
}
