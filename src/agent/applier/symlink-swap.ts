import { randomUUID } from 'node:crypto';
import { readlink, rename, rm, symlink, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { lstatIfExists } from './probe-path.js';

/**
 * Points `linkPath` at `target` atomically: a new link under a temporary name is renamed over
 * the old one, so readers see the old target or the new one, never nothing. A real directory
 * in the way is removed first.
 */
export async function replaceSymlink(target: string, linkPath: string): Promise<void> {
  const existing = await lstatIfExists(linkPath);
  if (existing?.isSymbolicLink() === true && (await readlink(linkPath)) === target) return;
  if (existing !== undefined && !existing.isSymbolicLink())
    await rm(linkPath, { recursive: true, force: true });
  const temp = join(dirname(linkPath), `.${basename(linkPath)}.link-${randomUUID()}`);
  await symlink(target, temp);
  try {
    await rename(temp, linkPath);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

/** Removes `linkPath` if it is a symbolic link; anything else is left alone. */
export async function removeSymlink(linkPath: string): Promise<void> {
  const existing = await lstatIfExists(linkPath);
  if (existing?.isSymbolicLink() === true) await unlink(linkPath);
}
