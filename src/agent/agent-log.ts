import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Clock } from '../base/index.js';

/**
 * The agent's own log, `bosh/log/current` (reference §8), one timestamped line per event,
 * also echoed to the given stream. Written synchronously so that nothing is lost when the
 * agent is killed.
 */
export function createAgentLog(logDir: string, clock: Clock, echo?: Writable): (line: string) => void {
  mkdirSync(logDir, { recursive: true });
  const file = join(logDir, 'current');
  return (line) => {
    const text = `${new Date(clock.nowMs()).toISOString()} ${line}\n`;
    appendFileSync(file, text);
    echo?.write(text);
  };
}
