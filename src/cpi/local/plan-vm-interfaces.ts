import { createHash } from 'node:crypto';
import type { CpiNetworks } from '../cpi.js';
import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';
import { parseCidr, prefixLengthOfNetmask, type Ipv4Subnet } from './ipv4.js';
import type { LocalCpiConfig } from './local-cpi-config.js';

/** One interface to create; `ip` is null for a dynamic network until an address is reserved. */
export interface PlannedInterface {
  readonly network: string;
  readonly type: 'manual' | 'dynamic';
  readonly ip: string | null;
  readonly prefixLength: number;
  readonly gateway: string | null;
  readonly bridge: string;
  readonly hostInterface: string;
  readonly guestInterface: string;
  readonly isDefaultGateway: boolean;
  /** For dynamic networks: the subnet to take an address from and the addresses never to take. */
  readonly dynamicSubnet: Ipv4Subnet | null;
  readonly excludedIps: readonly string[];
}

const MAX_INTERFACES = 10;

/**
 * Plans a VM's interfaces from `create_vm`'s networks (pure). Manual networks need `ip` and
 * `netmask`; dynamic networks take the config's `dynamic_network`; `vip` networks are not
 * supported. A network's `cloud_properties.bridge` overrides the configured bridge. The
 * default route goes through the network whose `default` lists `gateway`, else the first.
 */
export function planVmInterfaces(
  vmCid: string,
  networks: CpiNetworks,
  config: LocalCpiConfig,
): PlannedInterface[] {
  const entries = Object.entries(networks);
  if (entries.length > MAX_INTERFACES)
    throw invalid(`a VM may have at most ${MAX_INTERFACES} networks, got ${entries.length}`);
  const explicitDefault = entries.findIndex(
    ([, n]) => Array.isArray(n.default) && n.default.includes('gateway'),
  );
  const defaultIndex = explicitDefault === -1 ? 0 : explicitDefault;
  const hash = createHash('sha256').update(vmCid).digest('hex').slice(0, 12);
  return entries.map(([name, net], index) => {
    const type = net.type ?? 'manual';
    const bridgeProperty = net.cloud_properties?.['bridge'];
    const bridge =
      typeof bridgeProperty === 'string' && bridgeProperty !== '' ? bridgeProperty : config.bridge;
    const common = {
      network: name,
      bridge,
      hostInterface: `b${index}${hash}`,
      guestInterface: `eth${index}`,
      isDefaultGateway: index === defaultIndex,
    };
    if (type === 'vip')
      throw invalid(`network '${name}' has type 'vip', which the local CPI does not support`);
    if (type === 'dynamic') {
      const dynamic = config.dynamic_network;
      if (dynamic === undefined)
        throw invalid(`network '${name}' is dynamic, but the local CPI config has no dynamic_network range`);
      const subnet = parseCidr(dynamic.range);
      return {
        ...common,
        type,
        ip: null,
        prefixLength: subnet.prefixLength,
        gateway: dynamic.gateway,
        dynamicSubnet: subnet,
        excludedIps: [dynamic.gateway, ...dynamic.reserved],
      };
    }
    if (typeof net.ip !== 'string' || typeof net.netmask !== 'string') {
      throw invalid(`manual network '${name}' needs 'ip' and 'netmask'`);
    }
    return {
      ...common,
      type: 'manual',
      ip: net.ip,
      prefixLength: prefixLengthOfNetmask(net.netmask),
      gateway: typeof net.gateway === 'string' ? net.gateway : null,
      dynamicSubnet: null,
      excludedIps: [],
    };
  });
}

function invalid(message: string): CpiError {
  return new CpiError(CPI_ERROR_TYPES.networkNotFound, `Cannot configure the VM's networks: ${message}`);
}
