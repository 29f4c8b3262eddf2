import { lstat, mkdir, symlink } from 'node:fs/promises';
import type { VcapPaths } from './vcap-paths.js';

/**
 * Creates the directories a stemcell provides before the agent starts: `data/sys/{log,run}`
 * with `sys` linked to `data/sys`, `jobs`, `packages`, `monit/job`, `instance`, `bosh/log`,
 * `store` and `data/tmp`. Idempotent.
 */
export async function prepareBaseLayout(paths: VcapPaths): Promise<void> {
  for (const dir of [
    paths.jobsDir,
    paths.dataJobsDir,
    paths.packagesDir,
    paths.dataPackagesDir,
    `${paths.dataSysDir}/log`,
    `${paths.dataSysDir}/run`,
    paths.storeDir,
    paths.monitJobDir,
    paths.instanceDir,
    paths.agentLogDir,
    paths.tmpDir,
    paths.compileDir,
  ]) {
    await mkdir(dir, { recursive: true });
  }
  const existing = await lstat(paths.sysDir).catch(() => undefined);
  if (existing === undefined) await symlink('data/sys', paths.sysDir);
}
