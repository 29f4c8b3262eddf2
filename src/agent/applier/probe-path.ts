import { lstat } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** `lstat`, or undefined when nothing is there; other failures (EACCES, EIO) are thrown. */
export async function lstatIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

/** True for the errors that mean "no such path": ENOENT, and ENOTDIR for a file in the way. */
export function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
