import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BosunError } from './bosun-error.js';

/** How a reaped child ended. */
export interface ReapedStatus {
  code: number | null;
  signal: number | null;
}

/**
 * System calls that Node.js does not expose, from the small native addon in
 * `native/process` (built by `npm ci` through the package's `prepare` script).
 */
export interface NativeProcess {
  /** Makes this process a child subreaper: orphaned descendants are re-parented to it. */
  setChildSubreaper(): void;
  /**
   * waitpid(pid, WNOHANG) for one pid: null while it runs, 'not-a-child' when it is not
   * this process's child, or how it ended once reaped. Never call it for a pid that Node's
   * child_process spawned: libuv reaps those itself.
   */
  reap(pid: number): ReapedStatus | 'not-a-child' | null;
}

let loaded: NativeProcess | undefined;

/** Loads the native addon once per process. */
export function loadNativeProcess(): NativeProcess {
  if (loaded !== undefined) return loaded;
  const file = join(findPackageRoot(), 'native/process/build/Release/bosun_process.node');
  if (!existsSync(file)) {
    throw new BosunError('NATIVE_ADDON_MISSING', `The native process addon is not built: ${file} does not exist`, {
      hint: 'Run `npm ci` (or `npm run build:native`) in the Bosun package; it needs make and a C compiler.',
    });
  }
  loaded = createRequire(import.meta.url)(file) as NativeProcess;
  return loaded;
}

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new BosunError('PACKAGE_ROOT_MISSING', 'Cannot find the Bosun package root');
    dir = parent;
  }
  return dir;
}
