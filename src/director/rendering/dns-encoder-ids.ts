import type { CloudConfig, DeploymentManifest } from '../../manifest/index.js';
import type { DnsEncoderIds } from '../../templates/index.js';
import type { InstancePlacement } from '../planning/index.js';
import { compareBytes } from './byte-order.js';

/**
 * The numbers the DNS encoder puts in `link(...).address(...)` queries (§2.3). BOSH keeps
 * them in its database as it first sees each AZ, network and group; Bosun derives them from
 * the deploy's inputs, so the same inputs always give the same numbers:
 * - AZs: every AZ of the cloud config and of the placements, sorted (bytewise), from 1;
 * - networks: every network of the cloud config, sorted, from 1;
 * - groups, one sequence as in BOSH's table: the link providers first (ids 1..`providerCount`,
 *   see `LinkProvider.groupId`), then the instance groups sorted by name, keyed
 *   `instance-group/<ig>/<deployment>` as the encoder looks them up.
 */
export function numberDnsEncoderIds(
  manifest: DeploymentManifest,
  cloudConfig: CloudConfig,
  placements: readonly InstancePlacement[],
  providerCount: number,
): DnsEncoderIds {
  const azs = new Set(cloudConfig.azs.map((az) => az.name));
  for (const p of placements) for (const i of p.instances) if (i.az !== null) azs.add(i.az);
  const groups = manifest.instance_groups.map((g) => g.name).sort(compareBytes);
  return {
    azs: numbered([...azs]),
    networks: numbered(cloudConfig.networks.map((n) => n.name)),
    groups: new Map(groups.map((g, i) => [`instance-group/${g}/${manifest.name}`, providerCount + i + 1])),
  };
}

function numbered(names: readonly string[]): Map<string, number> {
  return new Map([...new Set(names)].sort(compareBytes).map((name, i) => [name, i + 1]));
}
