import { describe, expect, it } from 'vitest';
import { checkManifestAgainstCloudConfig, findCloudConfigProblems } from './check-against-cloud-config.js';
import { defaultLocalCloudConfig } from './default-cloud-config.js';
import { parseCloudConfig } from './parse-cloud-config.js';
import { parseDeploymentManifest } from './parse-deployment-manifest.js';

const CLOUD = parseCloudConfig(
  `azs: [{name: z1}, {name: z2}]
networks:
- name: split
  subnets:
  - {range: 10.0.1.0/24, gateway: 10.0.1.1, static: [10.0.1.10 - 10.0.1.20], az: z1}
  - {range: 10.0.2.0/24, gateway: 10.0.2.1, static: [10.0.2.10 - 10.0.2.20], az: z2}
- {name: flat, subnets: [{range: 10.0.3.0/24, gateway: 10.0.3.1, static: [10.0.3.10]}]}
- {name: dyn, type: dynamic}
vm_types: [{name: default}]
vm_extensions: [{name: lb}]
disk_types: [{name: default, disk_size: 1024}]
compilation: {workers: 1, az: z1, vm_type: default, network: split}`,
  'cloud.yml',
);

/** A manifest whose one instance group (line 6 on) has these extra lines. */
function manifest(group: string): string {
  return `name: app
releases: [{name: app, version: latest}]
stemcells: [{alias: default, os: ubuntu-jammy, version: latest}]
update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}
instance_groups:
- name: web
  instances: 1
  jobs: [{name: nginx, release: app}]
  stemcell: default
${group}`;
}

function problemsOf(group: string) {
  return findCloudConfigProblems(parseDeploymentManifest(manifest(group), 'manifest.yml'), CLOUD);
}

describe('findCloudConfigProblems', () => {
  it('finds nothing wrong with a manifest that fits', () => {
    expect(
      problemsOf(`  azs: [z1, z2]
  vm_type: default
  vm_extensions: [lb]
  persistent_disk_type: default
  networks: [{name: split, static_ips: [10.0.2.10]}]`),
    ).toEqual([]);
  });

  // prettier-ignore
  it.each<[string, string, string, number, string]>([
    ['an unknown vm type', '  vm_type: huge\n  networks: [{name: flat}]', 'instance_groups[0].vm_type', 10, "Instance group 'web' references an unknown vm type 'huge'"],
    ['an unknown vm extension', '  vm_type: default\n  vm_extensions: [lb, public]\n  networks: [{name: flat}]', 'instance_groups[0].vm_extensions[1]', 11, "The vm_extension 'public' has not been configured in cloud-config."],
    ['an unknown disk type', '  vm_type: default\n  persistent_disk_type: fast\n  networks: [{name: flat}]', 'instance_groups[0].persistent_disk_type', 11, "Instance group 'web' references an unknown disk type 'fast'"],
    ['an unknown disk type in persistent_disks', '  vm_type: default\n  persistent_disks: [{name: data, type: fast}]\n  networks: [{name: flat}]', 'instance_groups[0].persistent_disks[0].type', 11, "Instance group 'web' persistent_disks's section references an unknown disk type 'fast'"],
    ['an unknown network', '  vm_type: default\n  networks: [{name: other}]', 'instance_groups[0].networks[0].name', 11, "Instance group 'web' references an unknown network 'other'"],
    ['no AZs on a network with AZs', '  vm_type: default\n  networks: [{name: split}]', 'instance_groups[0].networks[0].name', 11, "Instance group 'web' must specify availability zone that matches availability zones of network 'split'"],
    ['AZs on a network without AZs', '  azs: [z1]\n  vm_type: default\n  networks: [{name: flat}]', 'instance_groups[0].networks[0].name', 12, "Instance group 'web' must specify availability zone that matches availability zones of network 'flat'"],
    ['static IPs on a dynamic network', '  vm_type: default\n  networks: [{name: dyn, static_ips: [10.0.9.9]}]', 'instance_groups[0].networks[0].static_ips', 11, "Instance group 'web' using dynamic network 'dyn' cannot specify static IP(s)"],
    ['a static IP outside the static ranges', '  azs: [z1]\n  vm_type: default\n  networks: [{name: split, static_ips: [10.0.1.30]}]', 'instance_groups[0].networks[0].static_ips', 12, "Instance group 'web' with network 'split' declares static ip '10.0.1.30', which belongs to no subnet"],
    ['a static IP of another AZ', '  azs: [z1]\n  vm_type: default\n  networks: [{name: split, static_ips: [10.0.2.10]}]', 'instance_groups[0].networks[0].static_ips', 12, "Instance group 'web' declares static ip '10.0.2.10' which does not belong to any of the instance group's availability zones."],
  ])('reports %s with BOSH message', (_what, group, path, line, message) => {
    expect(problemsOf(group)).toEqual([{ path, line, message }]);
  });

  it('reports an unknown AZ and the network that does not serve it', () => {
    expect(
      problemsOf('  azs: [z1, z9]\n  vm_type: default\n  networks: [{name: split}]').map((p) => p.message),
    ).toEqual([
      "Instance group 'web' must specify availability zone that matches availability zones of network 'split'",
      "Instance group 'web' references unknown availability zone 'z9'",
    ]);
  });

  it('accepts the example shapes on the default local cloud config', () => {
    const m = parseDeploymentManifest(
      manifest('  azs: [z1, z2, z3]\n  vm_type: default\n  networks: [{name: default}]'),
      'm.yml',
    );
    expect(() => checkManifestAgainstCloudConfig(m, defaultLocalCloudConfig())).not.toThrow();
  });

  it('throws MANIFEST_INVALID with the manifest file and lines', () => {
    const m = parseDeploymentManifest(
      manifest('  vm_type: huge\n  networks: [{name: flat}]'),
      'manifest.yml',
    );
    expect(() => checkManifestAgainstCloudConfig(m, CLOUD)).toThrow(
      expect.objectContaining({
        code: 'MANIFEST_INVALID',
        message:
          "Deployment manifest manifest.yml is invalid:\n  manifest.yml:10: instance_groups[0].vm_type: Instance group 'web' references an unknown vm type 'huge'",
      }),
    );
  });
});
