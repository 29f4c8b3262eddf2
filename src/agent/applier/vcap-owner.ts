import { readFile } from 'node:fs/promises';

/**
 * The owner BOSH gives installed jobs, packages and per-job directories: `root:vcap`.
 * Absent (undefined) when the agent is not root or the machine has no `vcap` group; files
 * then keep the owner and group they were created with.
 */
export interface VcapOwner {
  uid: number;
  gid: number;
}

/**
 * `root:vcap` when this process runs as root and `groupFile` (default `/etc/group`) has a
 * `vcap` group; otherwise undefined. Called once by the agent's entry point.
 */
export async function findVcapOwner(
  groupFile = '/etc/group',
  isRoot = process.getuid?.() === 0,
): Promise<VcapOwner | undefined> {
  if (!isRoot) return undefined;
  const text = await readFile(groupFile, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const [name, , gid] = line.split(':');
    if (name === 'vcap' && gid !== undefined && /^\d+$/.test(gid)) return { uid: 0, gid: Number(gid) };
  }
  return undefined;
}
