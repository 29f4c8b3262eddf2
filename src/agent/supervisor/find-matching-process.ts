import { isLive, type ProcessTable } from './process-table.js';

/**
 * `check process <name> matching "<regex>"`: the live process (not the agent) whose command line
 * matches, the longest-running one when several do; undefined when none does. Reads every
 * process's command line, so a `matching` service costs a scan of /proc per poll where a
 * pidfile costs two small reads. Monit matches POSIX extended regexes; JavaScript reads the
 * same for the patterns jobs use.
 */
export async function findMatchingProcess(table: ProcessTable, pattern: string): Promise<number | undefined> {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return undefined; // monit would not have loaded it; nothing can match
  }
  const candidates = (await table.list()).filter((p) => isLive(p) && p.pid !== table.ownPid);
  const matches = [];
  for (const p of candidates) {
    const line = await table.commandLine(p.pid);
    if (line !== undefined && regex.test(line)) matches.push(p);
  }
  return matches.sort((a, b) => a.startTimeMs - b.startTimeMs)[0]?.pid;
}
