import { randomUUID } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `file` so that readers see the old content or the new, never a part: the content
 * goes to a temporary sibling that is renamed over `file`. `mode` is set exactly (no umask).
 */
export async function writeFileAtomic(file: string, content: string, mode: number): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${basename(file)}.${randomUUID()}`);
  try {
    await writeFile(temp, content, { mode });
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined); // the first failure is the one to report
    throw e;
  }
}
