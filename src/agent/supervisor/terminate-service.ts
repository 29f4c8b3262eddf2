import type { ReapedStatus } from '../../base/index.js';
import { descendantsOf, isLive, type ProcessInfo } from './process-table.js';
import { reapZombie, type SupervisionContext } from './supervision-context.js';

/** The processes of one service: what stop signals and reaps. */
export interface ServiceProcesses {
  readonly name: string;
  /** The watched process, per the pidfile, when there is one. */
  readonly pid: number | undefined;
  /**
   * Process groups led by the programs the supervisor ran for this service. A daemon a ctl
   * script backgrounds stays in its group, so these catch what the pidfile does not name.
   * Groups with no process left are removed.
   */
  readonly groups: Set<number>;
}

/** What to signal: single processes and whole process groups. */
export interface Targets {
  readonly pids: readonly number[];
  readonly groups: readonly number[];
}

/**
 * The live processes of a service: the watched process and its descendants, its process group,
 * and every member of the groups its programs led. The agent and its own group are never
 * included.
 */
export async function findTargets(ctx: SupervisionContext, service: ServiceProcesses): Promise<Targets> {
  const all = await ctx.table.list();
  const isSafeGroup = (pgid: number): boolean => pgid > 1 && pgid !== ctx.table.ownPgid;
  const root = all.find((p) => p.pid === service.pid);
  const pids = new Set<number>();
  const groups = new Set<number>([...service.groups].filter(isSafeGroup));
  if (isLive(root)) {
    pids.add(root.pid);
    for (const child of descendantsOf(root.pid, all)) pids.add(child.pid);
    if (isSafeGroup(root.pgid)) groups.add(root.pgid);
  }
  for (const p of all) if (isLive(p) && groups.has(p.pgid)) pids.add(p.pid);
  pids.delete(ctx.table.ownPid);
  const liveGroups = [...groups].filter((g) => all.some((p) => p.pgid === g && isLive(p)));
  return { pids: [...pids], groups: liveGroups };
}

/**
 * After a stop program: waits until the watched process is gone, at most until `termAtMs`;
 * then SIGTERM to every target, SIGKILL `killGraceMs` later to what is left, and waits until
 * nothing is left. Reaps the zombies that are the agent's to reap. `signal` (the 5-minute
 * limit, or cancellation) interrupts any wait.
 */
export async function terminateService(
  ctx: SupervisionContext,
  service: ServiceProcesses,
  termAtMs: number,
  signal: AbortSignal,
): Promise<void> {
  const { clock, policy } = ctx;
  const signalled = new Set<number>();
  while (
    service.pid !== undefined &&
    isLive(await ctx.table.inspect(service.pid)) &&
    clock.nowMs() < termAtMs
  ) {
    await clock.sleep(Math.min(policy.pollIntervalMs, termAtMs - clock.nowMs()), signal);
  }
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    const targets = await findTargets(ctx, service);
    if (targets.pids.length === 0) break;
    const groups = targets.groups.length === 0 ? '' : ` and process group ${targets.groups.join(', ')}`;
    const why =
      sig === 'SIGTERM' ? 'after its stop timeout' : `${policy.killGraceMs / 1000} seconds after SIGTERM`;
    ctx.log.write(
      'warning',
      `'${service.name}' still running ${why}: ${sig} to pid ${targets.pids.join(', ')}${groups}`,
    );
    sendSignal(ctx, targets, sig);
    for (const pid of targets.pids) signalled.add(pid);
    const untilMs = sig === 'SIGTERM' ? clock.nowMs() + policy.killGraceMs : Infinity;
    while ((await findTargets(ctx, service)).pids.length > 0 && clock.nowMs() < untilMs) {
      await clock.sleep(Math.min(policy.pollIntervalMs, untilMs - clock.nowMs()), signal);
    }
  }
  await reapServiceZombies(ctx, service, signalled);
}

function sendSignal(ctx: SupervisionContext, targets: Targets, sig: NodeJS.Signals): void {
  for (const pgid of targets.groups) ctx.table.signal(-pgid, sig);
  for (const pid of targets.pids) ctx.table.signal(pid, sig);
}

/**
 * Reaps the zombies of a service that are the agent's children (re-parented to it): its watched
 * process, members of its groups and any pid in `alsoPids`. Forgets groups that are empty.
 * Returns how the reaped processes ended, by pid.
 */
export async function reapServiceZombies(
  ctx: SupervisionContext,
  service: ServiceProcesses,
  alsoPids: ReadonlySet<number> = new Set(),
): Promise<Map<number, ReapedStatus>> {
  const all: readonly ProcessInfo[] = await ctx.table.list();
  const reaped = new Map<number, ReapedStatus>();
  for (const p of all) {
    if (p.pid !== service.pid && !service.groups.has(p.pgid) && !alsoPids.has(p.pid)) continue;
    const status = reapZombie(ctx, p);
    if (status !== undefined) reaped.set(p.pid, status);
  }
  for (const group of service.groups) {
    if (!all.some((p) => p.pgid === group && !reaped.has(p.pid))) service.groups.delete(group);
  }
  return reaped;
}

/**
 * The cheap sweep of a running service: reaps the agent's zombie children that belong to the
 * service's process groups (helpers a ctl script left behind, re-parented to the agent).
 * Reads only the agent's children, not the whole process table.
 */
export async function reapChildZombies(ctx: SupervisionContext, service: ServiceProcesses): Promise<void> {
  for (const pid of await ctx.table.childrenOf(ctx.table.ownPid)) {
    if (ctx.spawnedPids.has(pid)) continue;
    const info = await ctx.table.inspect(pid);
    if (info !== undefined && service.groups.has(info.pgid)) reapZombie(ctx, info);
  }
}
