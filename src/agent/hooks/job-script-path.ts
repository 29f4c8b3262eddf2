import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { VcapPaths } from '../vcap-paths.js';

/** `<base>/jobs/<job>/bin/<script>`: where every hook, drain and errand script lives. */
export function jobScriptPath(paths: VcapPaths, job: string, scriptName: string): string {
  return join(paths.jobDir(job), 'bin', scriptName);
}

/**
 * The jobs, in the order given, that have `bin/<script>` (BOSH's `FileExists`: anything at
 * the path, even a directory, counts, and then fails to run). The others are skipped silently.
 */
export async function jobsWithScript(
  paths: VcapPaths,
  jobNames: readonly string[],
  scriptName: string,
): Promise<string[]> {
  const present = await Promise.all(
    jobNames.map((job) =>
      stat(jobScriptPath(paths, job, scriptName)).then(
        () => true,
        (e: NodeJS.ErrnoException) => e.code !== 'ENOENT' && e.code !== 'ENOTDIR',
      ),
    ),
  );
  return jobNames.filter((_, i) => present[i] === true);
}
