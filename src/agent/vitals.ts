import { statfs } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem, uptime } from 'node:os';
import { readFile } from 'node:fs/promises';
import type { VcapPaths } from './vcap-paths.js';

/** `get_state ["full"]`'s `vitals`, in the Go agent's shape (numbers as strings). */
export interface Vitals {
  cpu: { sys: string; user: string; wait: string };
  disk: Record<string, { percent: string; inode_percent: string }>;
  load: [string, string, string];
  mem: { kb: string; percent: string };
  swap: { kb: string; percent: string };
  uptime: { secs: number };
}

/** Reads the machine's vitals; disks are the ones under the base directory (system, ephemeral, persistent). */
export async function readVitals(paths: VcapPaths): Promise<Vitals> {
  const totals = cpus().reduce(
    (sum, cpu) => ({
      user: sum.user + cpu.times.user + cpu.times.nice,
      sys: sum.sys + cpu.times.sys + cpu.times.irq,
      idle: sum.idle + cpu.times.idle,
    }),
    { user: 0, sys: 0, idle: 0 },
  );
  const all = totals.user + totals.sys + totals.idle || 1;
  const memTotalKb = totalmem() / 1024;
  const memUsedKb = memTotalKb - freemem() / 1024;
  const swap = await readSwapKb();
  const disk: Vitals['disk'] = {};
  for (const [name, dir] of [
    ['system', '/'],
    ['ephemeral', paths.dataDir],
    ['persistent', paths.storeDir],
  ] as const) {
    const usage = await diskUsage(dir);
    if (usage !== undefined) disk[name] = usage;
  }
  const [l1, l5, l15] = loadavg();
  return {
    cpu: { sys: percent(totals.sys, all), user: percent(totals.user, all), wait: '0.0' },
    disk,
    load: [fixed(l1), fixed(l5), fixed(l15)],
    mem: { kb: String(Math.round(memUsedKb)), percent: percent(memUsedKb, memTotalKb, 0) },
    swap: { kb: String(swap.usedKb), percent: percent(swap.usedKb, swap.totalKb || 1, 0) },
    uptime: { secs: Math.floor(uptime()) },
  };
}

function percent(part: number, whole: number, digits = 1): string {
  return ((part / whole) * 100).toFixed(digits);
}

function fixed(n: number | undefined): string {
  return (n ?? 0).toFixed(2);
}

async function diskUsage(dir: string): Promise<{ percent: string; inode_percent: string } | undefined> {
  try {
    const s = await statfs(dir);
    return {
      percent: percent(s.blocks - s.bfree, s.blocks || 1, 0),
      inode_percent: percent(s.files - s.ffree, s.files || 1, 0),
    };
  } catch {
    return undefined;
  }
}

async function readSwapKb(): Promise<{ totalKb: number; usedKb: number }> {
  const text = await readFile('/proc/meminfo', 'utf8').catch(() => '');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  const totalKb = field('SwapTotal');
  return { totalKb, usedKb: totalKb - field('SwapFree') };
}
