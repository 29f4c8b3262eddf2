import type { CloudConfig } from './cloud-config.js';
import { parseCloudConfig } from './parse-cloud-config.js';

/**
 * The cloud config a fresh Director has, fit for the local CPI (issue 4 §3), so that
 * manifests written for bosh-lite deploy unchanged:
 * - AZs `z1`, `z2`, `z3` with no cloud properties (all on this machine);
 * - one manual network `default` on 10.245.0.0/20: 10.245.0.0/16 stays clear of bosh-lite's
 *   10.244.0.0/16, so both can run on one machine. The gateway `.1` is the local CPI's bridge;
 *   `.2-.9` are reserved for the host's own use; `.10-.99` are static IPs for `static_ips`;
 *   the rest (about 4000 addresses) are handed out dynamically. No DNS servers: sandboxes
 *   share the host's resolv.conf;
 * - vm_type and disk_type `default` (1 GB; the local CPI records disk sizes, it does not
 *   enforce them);
 * - compilation on 2 reused workers in z1.
 */
export const DEFAULT_LOCAL_CLOUD_CONFIG_YAML = `azs:
- name: z1
- name: z2
- name: z3

networks:
- name: default
  type: manual
  subnets:
  - range: 10.245.0.0/20
    gateway: 10.245.0.1
    reserved: [10.245.0.2 - 10.245.0.9]
    static: [10.245.0.10 - 10.245.0.99]
    azs: [z1, z2, z3]
    cloud_properties: {}

vm_types:
- name: default
  cloud_properties: {}

disk_types:
- name: default
  disk_size: 1024
  cloud_properties: {}

compilation:
  workers: 2
  az: z1
  vm_type: default
  network: default
  reuse_compilation_vms: true
`;

/** The default cloud config for the local CPI, parsed; a fresh value on every call. */
export function defaultLocalCloudConfig(): CloudConfig {
  return parseCloudConfig(DEFAULT_LOCAL_CLOUD_CONFIG_YAML, 'default cloud config');
}
