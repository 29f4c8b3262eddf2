import { chmod, lchown, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { VcapOwner } from './vcap-owner.js';
import { lstatIfExists } from './probe-path.js';

/**
 * BOSH's `FixPermissions` for an installed job (reference §2.10): owner `root:vcap`,
 * directories 0750, files anywhere under `<dir>/bin/` 0750, other files 0640. Symbolic links
 * are re-owned but never followed.
 */
export async function fixJobPermissions(dir: string, owner: VcapOwner | undefined): Promise<void> {
  await walk(dir, false);

  async function walk(path: string, isUnderBin: boolean): Promise<void> {
    const info = await lstat(path);
    if (owner !== undefined) await lchown(path, owner.uid, owner.gid);
    if (info.isSymbolicLink()) return;
    if (!info.isDirectory()) {
      await chmod(path, isUnderBin ? 0o750 : 0o640);
      return;
    }
    await chmod(path, 0o750);
    for (const name of await readdir(path)) {
      await walk(join(path, name), isUnderBin || (path === dir && name === 'bin'));
    }
  }
}

/**
 * Creates `dir` (and missing parents) with `mode` and `owner` when it does not exist; an
 * existing directory is left as it is, as BOSH does for per-job directories.
 */
export async function ensureDir(dir: string, mode: number, owner: VcapOwner | undefined): Promise<void> {
  const existing = await lstatIfExists(dir);
  if (existing !== undefined) return;
  await mkdir(dir, { recursive: true, mode });
  await chmod(dir, mode);
  if (owner !== undefined) await lchown(dir, owner.uid, owner.gid);
}

/** Sets the owner of one path, when there is one to set. */
export async function setOwner(path: string, owner: VcapOwner | undefined): Promise<void> {
  if (owner !== undefined) await lchown(path, owner.uid, owner.gid);
}
