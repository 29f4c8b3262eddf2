import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';
import type { CpiDir } from './cpi-dir.js';
import { formatIpv4, hostsOfSubnet, parseIpv4, type Ipv4Subnet } from './ipv4.js';

/**
 * Reserves `ip` for VM `vmCid` by creating `<cpiDir>/ips/<ip>` exclusively, which is atomic
 * across processes. Fails with a CpiError naming the VM that holds it.
 */
export async function reserveIp(dir: CpiDir, ip: string, vmCid: string): Promise<void> {
  if (await tryReserveIp(dir, ip, vmCid)) return;
  const holder = (
    await readFile(dir.ipReservation(formatIpv4(parseIpv4(ip))), 'utf8').catch(() => '?')
  ).trim();
  throw new CpiError(CPI_ERROR_TYPES.cloud, `IP ${ip} is already in use by VM '${holder}'`);
}

async function tryReserveIp(dir: CpiDir, ip: string, vmCid: string): Promise<boolean> {
  await mkdir(dir.ipsDir, { recursive: true });
  try {
    await writeFile(dir.ipReservation(formatIpv4(parseIpv4(ip))), `${vmCid}\n`, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** Reserves the lowest free address of `subnet` that is not excluded, for a dynamic network. */
export async function reserveFreeIp(
  dir: CpiDir,
  subnet: Ipv4Subnet,
  excluded: readonly string[],
  vmCid: string,
): Promise<string> {
  const skip = new Set(excluded.map((ip) => parseIpv4(ip)));
  for (const candidate of hostsOfSubnet(subnet)) {
    if (skip.has(candidate)) continue;
    const ip = formatIpv4(candidate);
    if (await tryReserveIp(dir, ip, vmCid)) return ip;
  }
  throw new CpiError(
    CPI_ERROR_TYPES.cloud,
    `No free IP left in ${formatIpv4(subnet.network)}/${subnet.prefixLength} for a dynamic network`,
  );
}

/** Releases addresses held by `vmCid`; addresses held by another VM are left alone. */
export async function releaseIps(dir: CpiDir, ips: readonly string[], vmCid: string): Promise<void> {
  for (const ip of ips) {
    const file = dir.ipReservation(ip);
    const holder = (await readFile(file, 'utf8').catch(() => '')).trim();
    if (holder === vmCid) await rm(file, { force: true });
  }
}
