import type { Clock } from '../../base/index.js';
import type { ProcessStatus } from './job-supervisor.js';
import { descendantsOf, isLive, type ProcessTable } from './process-table.js';
import type { ServiceWatcher } from './service-watcher.js';

/**
 * `get_state`'s processes (reference §3.5), one per watcher in dependency order: uptime of the
 * watched process; resident memory of it and its descendants, in KiB and in percent of the
 * machine's memory (one decimal, as monit prints it); CPU seconds used by that live tree.
 * A service with no live process reports zeros.
 */
export async function readProcessStatuses(
  table: ProcessTable,
  clock: Clock,
  watchers: readonly ServiceWatcher[],
): Promise<ProcessStatus[]> {
  const all = await table.list();
  const totalKb = await table.memoryTotalKb();
  return Promise.all(
    watchers.map(async (watcher) => {
      const root = all.find((p) => p.pid === watcher.pid);
      const entry = { name: watcher.name, state: watcher.status };
      if (!isLive(root))
        return { ...entry, uptime: { secs: 0 }, mem: { kb: 0, percent: 0 }, cpu: { total: 0 } };
      const tree = [root, ...descendantsOf(root.pid, all)];
      const kb = (await Promise.all(tree.map((p) => table.residentKb(p.pid)))).reduce((a, b) => a + b, 0);
      const cpuSeconds = tree.reduce((sum, p) => sum + p.cpuSeconds, 0);
      return {
        ...entry,
        uptime: { secs: Math.max(0, Math.floor((clock.nowMs() - root.startTimeMs) / 1000)) },
        mem: { kb, percent: totalKb > 0 ? Math.round((kb * 1000) / totalKb) / 10 : 0 },
        cpu: { total: Math.round(cpuSeconds * 100) / 100 },
      };
    }),
  );
}
