import { networkHasAzs, type CloudConfig, type CloudNetwork, type ManualSubnet } from './cloud-config.js';
import type { DeploymentManifest, InstanceGroup } from './deployment-manifest.js';
import { isIpInRanges, parseIpv4 } from './ip-range.js';
import { invalidFileError, problemAt, type ManifestPath, type ManifestProblem } from './manifest-problems.js';
import { MANIFEST_INVALID } from './parse-deployment-manifest.js';

/**
 * Throws BosunError `MANIFEST_INVALID` listing every way the manifest does not fit the cloud
 * config (see {@link findCloudConfigProblems}). Pure.
 */
export function checkManifestAgainstCloudConfig(
  manifest: DeploymentManifest,
  cloudConfig: CloudConfig,
): void {
  const problems = findCloudConfigProblems(manifest, cloudConfig);
  if (problems.length > 0) {
    throw invalidFileError(
      MANIFEST_INVALID,
      'Deployment manifest',
      manifest.source?.file ?? `'${manifest.name}'`,
      problems,
    );
  }
}

/**
 * What the Director checks of a manifest against the cloud config while it plans (reference
 * §6.1, §6.3; `instance_group_spec_parser.rb`, `instance_group_networks_parser.rb`,
 * `instance_group_availability_zone_parser.rb`, `networks_to_static_ips.rb`): known vm types,
 * vm extensions, disk types, networks and AZs; AZs that the networks serve; static IPs inside
 * the networks' static ranges and AZs. BOSH's messages, with the manifest's paths and lines.
 */
export function findCloudConfigProblems(manifest: DeploymentManifest, cloud: CloudConfig): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  manifest.instance_groups.forEach((group, i) => {
    const report = (path: ManifestPath, message: string) =>
      problems.push(problemAt(['instance_groups', i, ...path], message, manifest.source));
    checkVmAndDisks(group, cloud, report);
    group.networks.forEach((network, n) => {
      const found = cloud.networks.find((c) => c.name === network.name);
      if (found === undefined) {
        report(
          ['networks', n, 'name'],
          `Instance group '${group.name}' references an unknown network '${network.name}'`,
        );
        return;
      }
      checkNetwork(group, network.static_ips, found, (path, message) =>
        report(['networks', n, ...path], message),
      );
    });
    (group.azs ?? []).forEach((az, a) => {
      if (!cloud.azs.some((c) => c.name === az)) {
        report(['azs', a], `Instance group '${group.name}' references unknown availability zone '${az}'`);
      }
    });
  });
  return problems;
}

type Report = (path: ManifestPath, message: string) => void;

function checkVmAndDisks(group: InstanceGroup, cloud: CloudConfig, report: Report): void {
  const ig = group.name;
  if (
    group.persistent_disk_type !== undefined &&
    !cloud.disk_types.some((d) => d.name === group.persistent_disk_type)
  ) {
    report(
      ['persistent_disk_type'],
      `Instance group '${ig}' references an unknown disk type '${group.persistent_disk_type}'`,
    );
  }
  group.persistent_disks?.forEach((disk, d) => {
    if (!cloud.disk_types.some((t) => t.name === disk.type)) {
      report(
        ['persistent_disks', d, 'type'],
        `Instance group '${ig}' persistent_disks's section references an unknown disk type '${disk.type}'`,
      );
    }
  });
  if (group.vm_type !== undefined && !cloud.vm_types.some((t) => t.name === group.vm_type)) {
    report(['vm_type'], `Instance group '${ig}' references an unknown vm type '${group.vm_type}'`);
  }
  group.vm_extensions.forEach((name, e) => {
    if (!cloud.vm_extensions.some((x) => x.name === name)) {
      report(['vm_extensions', e], `The vm_extension '${name}' has not been configured in cloud-config.`);
    }
  });
}

function checkNetwork(
  group: InstanceGroup,
  staticIps: readonly string[] | undefined,
  network: CloudNetwork,
  report: Report,
): void {
  const ig = group.name;
  if (network.type === 'dynamic' && staticIps !== undefined) {
    report(
      ['static_ips'],
      `Instance group '${ig}' using dynamic network '${network.name}' cannot specify static IP(s)`,
    );
  }
  if (!networkHasAzs(network, group.azs)) {
    report(
      ['name'],
      `Instance group '${ig}' must specify availability zone that matches availability zones of network '${network.name}'`,
    );
    return;
  }
  if (network.type !== 'manual') return;
  for (const ip of staticIps ?? []) {
    const subnet = subnetWithStaticIp(network.subnets, ip);
    if (subnet === undefined) {
      report(
        ['static_ips'],
        `Instance group '${ig}' with network '${network.name}' declares static ip '${ip}', which belongs to no subnet`,
      );
    } else if (group.azs === undefined && subnet.azs !== undefined) {
      report(
        ['static_ips'],
        `Instance group '${ig}' subnets declare availability zones and the instance group does not`,
      );
    } else if (group.azs !== undefined && !(subnet.azs ?? []).some((az) => group.azs?.includes(az))) {
      report(
        ['static_ips'],
        `Instance group '${ig}' declares static ip '${ip}' which does not belong to any of the instance group's availability zones.`,
      );
    } else {
      continue;
    }
    return;
  }
}

/** The subnet whose `static` ranges hold `ip`. */
export function subnetWithStaticIp(subnets: readonly ManualSubnet[], ip: string): ManualSubnet | undefined {
  const n = parseIpv4(ip);
  return n === undefined ? undefined : subnets.find((s) => isIpInRanges(n, s.static));
}
