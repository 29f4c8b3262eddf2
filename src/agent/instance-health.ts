import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobState } from './agent-ports.js';
import type { VcapPaths } from './vcap-paths.js';

/** Rewrites `instance/health.json` = `{"state":"<job_state>"}` after start, stop and unmonitor (reference §2.10). */
export async function writeInstanceHealth(paths: VcapPaths, state: JobState): Promise<void> {
  await mkdir(paths.instanceDir, { recursive: true, mode: 0o755 });
  const file = join(paths.instanceDir, 'health.json');
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify({ state }), { mode: 0o644 });
  await rename(temp, file);
}
