import { BosunError } from '../../base/index.js';
import { parseIpv4, type CloudConfig } from '../../manifest/index.js';
import type { InstanceNetworkSettings } from './instance-placement.js';
import { IpAllocator } from './network-settings.js';

/**
 * The network settings of a compilation VM: cloud config `compilation.network`, in
 * `compilation.az` when given, with the lowest dynamic address not in `takenIps` (which
 * grows by the address handed out). Throws BosunError `IP_RESERVATION_FAILED` when none is free.
 */
export function compilationNetworkSettings(
  cloud: CloudConfig,
  takenIps: Set<string>,
  workerId: string,
): Record<string, InstanceNetworkSettings> {
  const name = cloud.compilation.network;
  const network = cloud.networks.find((n) => n.name === name);
  if (network === undefined) {
    throw new BosunError('CLOUD_CONFIG_INVALID', `Compilation network '${name}' is not in the cloud config`);
  }
  const taken = new Set([...takenIps].map((ip) => parseIpv4(ip)).filter((n): n is number => n !== undefined));
  const settings = new IpAllocator(taken, new Set()).settingsFor(
    { id: workerId, group: 'compilation', index: 0, az: cloud.compilation.az ?? null },
    { name, static_ips: undefined, default: ['dns', 'gateway'] },
    network,
    { staticIp: undefined, currentIp: undefined },
  );
  if (settings.ip !== undefined) takenIps.add(settings.ip);
  return { [name]: settings };
}
