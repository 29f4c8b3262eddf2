import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CpiHash } from '../cpi.js';
import { writeRecord } from './cpi-dir.js';
import type { VmRecord } from './local-records.js';

/** The host paths of the agent's files in a VM whose `/var/vcap` is `vcapDir`. */
export function agentFilesOf(vcapDir: string): { configFile: string; settingsFile: string } {
  return {
    configFile: join(vcapDir, 'bosh', 'agent.json'),
    settingsFile: join(vcapDir, 'bosh', 'settings.json'),
  };
}

/** Writes `/var/vcap/bosh/agent.json` (when the caller gave a config) and `settings.json`, both 0600. */
export async function writeAgentFiles(
  vcapDir: string,
  vm: VmRecord,
  agentConfig: CpiHash | undefined,
  env: CpiHash,
): Promise<void> {
  const { configFile, settingsFile } = agentFilesOf(vcapDir);
  await mkdir(join(vcapDir, 'bosh'), { recursive: true });
  if (agentConfig !== undefined) await writeRecord(configFile, agentConfig, 0o600);
  await writeRecord(settingsFile, settingsOf(vm, env), 0o600);
}

/** Rewrites `disks.persistent` of `settings.json` from the VM's record after attach or detach. */
export async function updatePersistentDiskSettings(vcapDir: string, vm: VmRecord): Promise<void> {
  const { settingsFile } = agentFilesOf(vcapDir);
  let settings: CpiHash;
  try {
    settings = JSON.parse(await readFile(settingsFile, 'utf8')) as CpiHash;
  } catch {
    settings = settingsOf(vm, {});
  }
  const disks = (settings['disks'] ?? {}) as CpiHash;
  await writeRecord(
    settingsFile,
    { ...settings, disks: { ...disks, persistent: persistentDisksOf(vm) } },
    0o600,
  );
}

function settingsOf(vm: VmRecord, env: CpiHash): CpiHash {
  return {
    agent_id: vm.agent_id,
    vm: { name: vm.cid },
    networks: vm.networks,
    disks: { system: '/', ephemeral: null, persistent: persistentDisksOf(vm) },
    env,
  };
}

function persistentDisksOf(vm: VmRecord): CpiHash {
  return Object.fromEntries(vm.disks.map((d) => [d.cid, { path: d.mount_point }]));
}
