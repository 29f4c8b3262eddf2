import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files logrotate's `/etc/logrotate.d/vcap` patterns match under `sys/log` (reference §8):
 * `*.log` and `.*.log` at depth 0, 1 and 2. As with shell globs, directories whose names start
 * with a dot are not entered and symbolic links to directories are; the files themselves must
 * be regular files (logrotate refuses to rotate symbolic links). Sorted.
 */
export async function findLogFiles(logDir: string): Promise<string[]> {
  const found: string[] = [];
  await visit(logDir, 0);
  return found.sort();

  async function visit(dir: string, depth: number): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return [];
      throw e;
    });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isFile() && isLogName(entry.name)) found.push(path);
      if (
        depth < 2 &&
        !entry.name.startsWith('.') &&
        (await isDirectory(path, entry.isSymbolicLink(), entry.isDirectory()))
      ) {
        await visit(path, depth + 1);
      }
    }
  }
}

/** `*.log` or `.*.log`: ends in `.log` and is not just `.log`. */
export function isLogName(name: string): boolean {
  return name.endsWith('.log') && name !== '.log';
}

async function isDirectory(path: string, isLink: boolean, isDir: boolean): Promise<boolean> {
  if (!isLink) return isDir;
  // A dangling link is not a directory.
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}
