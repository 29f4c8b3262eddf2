/**
 * A deployment manifest v2 as Bosun uses it (reference §6.1, docs-bosh `manifest-v2.md`).
 * Keys keep the manifest's names; values are checked and converted as the BOSH Director does
 * (`deployment_spec_parser.rb`, `instance_group_spec_parser.rb`, `update_config.rb`).
 * Hashes whose contents belong to someone else (properties, env, cloud_properties, links)
 * stay Ruby values exactly as loaded, because templates see them.
 */
import type { RubyHash, RubyValue } from '../yaml/index.js';
import type { ManifestSource } from './manifest-problems.js';
import type { WatchTime } from './watch-time.js';

/** A checked deployment manifest (see `parseDeploymentManifest`); what needs the cloud config is checked by `checkManifestAgainstCloudConfig`. */
export interface DeploymentManifest {
  readonly name: string;
  readonly releases: readonly ManifestRelease[];
  readonly stemcells: readonly ManifestStemcell[];
  /** The deployment-level `update` block; each instance group has its effective one. */
  readonly update: UpdateConfig;
  /** In manifest order, which is update order (§5.3). */
  readonly instance_groups: readonly InstanceGroup[];
  /** Global properties (deprecated by BOSH); an empty Hash when absent. */
  readonly properties: RubyHash;
  readonly variables: readonly ManifestVariable[];
  readonly tags: RubyHash;
  readonly features: DeploymentFeatures;
  /** `addons` as written; Bosun does not apply them yet. */
  readonly addons: readonly RubyValue[];
  /** BOSH's deprecation warnings for the task log (`Global 'properties' are deprecated. ...`). */
  readonly warnings: readonly string[];
  /** Where the manifest was read from, for messages; absent for manifests built in code. */
  readonly source?: ManifestSource;
}

/** `releases[]`: `version` is a version, `latest` or `create`. */
export interface ManifestRelease {
  readonly name: string;
  readonly version: string;
  readonly url: string | undefined;
  readonly sha1: string | undefined;
}

/** `stemcells[]`: exactly one of `os` and `name`; `version` may be `latest`. */
export interface ManifestStemcell {
  readonly alias: string;
  readonly os: string | undefined;
  readonly name: string | undefined;
  readonly version: string;
}

/**
 * The `update` block (§5.1). `canaries` and `max_in_flight` stay as written (`"2"`,
 * `"25%"`); `parseCanaries` / `parseMaxInFlight` compute them for a number of instances.
 */
export interface UpdateConfig {
  readonly canaries: string;
  readonly max_in_flight: string;
  readonly canary_watch_time: WatchTime;
  readonly update_watch_time: WatchTime;
  /** Default true. */
  readonly serial: boolean;
  readonly vm_strategy: VmStrategy;
  readonly initial_deploy_az_update_strategy: 'serial' | 'parallel';
}

/** How a VM is replaced (§5.1); `create-swap-delete` falls back to `delete-create` on static or VIP networks. */
export type VmStrategy = 'delete-create' | 'create-swap-delete';

/** The states an instance group or instance may be asked to be in. */
export type InstanceGroupState = 'started' | 'stopped' | 'detached' | 'recreate' | 'restart';

/** An `instance_groups[]` entry, checked as `InstanceGroupSpecParser` checks it. */
export interface InstanceGroup {
  readonly name: string;
  /** Default `service`. */
  readonly lifecycle: 'service' | 'errand';
  /** Undefined when the group names no AZs (then neither may its networks). */
  readonly azs: readonly string[] | undefined;
  readonly instances: number;
  readonly jobs: readonly InstanceGroupJob[];
  /** Exactly one of `vm_type` and `vm_resources` is set. */
  readonly vm_type: string | undefined;
  readonly vm_resources: VmResources | undefined;
  readonly vm_extensions: readonly string[];
  /** A stemcell alias of the manifest. */
  readonly stemcell: string;
  /** At most one of the three persistent disk keys is set. Size in MB; 0 means no disk. */
  readonly persistent_disk: number | undefined;
  readonly persistent_disk_type: string | undefined;
  readonly persistent_disks: ReadonlyArray<{ readonly name: string; readonly type: string }> | undefined;
  readonly networks: readonly InstanceGroupNetwork[];
  /** Effective: each key falls back to the deployment's `update`. */
  readonly update: UpdateConfig;
  /** Agent and VM settings (`bosh.password`, `persistent_disk_fs`, ...); empty when absent. */
  readonly env: RubyHash;
  /** Instance-group properties (deprecated by BOSH). */
  readonly properties: RubyHash | undefined;
  readonly migrated_from: ReadonlyArray<{ readonly name: string; readonly az: string | undefined }>;
  readonly state: InstanceGroupState | undefined;
  /** By instance index or id. */
  readonly instance_states: Readonly<Record<string, InstanceGroupState>>;
  readonly tags: RubyHash;
}

/** A job of an instance group. */
export interface InstanceGroupJob {
  readonly name: string;
  readonly release: string;
  /** Undefined when the manifest gives none: then the job sees global + group properties (§2.1). */
  readonly properties: RubyHash | undefined;
  readonly consumes: RubyHash | undefined;
  readonly provides: RubyHash | undefined;
  readonly custom_provider_definitions: readonly RubyValue[] | undefined;
}

/** `vm_resources`: what the CPI should size a VM to (MB for ram and disk). */
export interface VmResources {
  readonly cpu: number;
  readonly ram: number;
  readonly ephemeral_disk_size: number;
}

/** A network of an instance group (§6.3). */
export interface InstanceGroupNetwork {
  readonly name: string;
  /** Every static IP, ranges expanded, in manifest order; undefined when none are given. */
  readonly static_ips: readonly string[] | undefined;
  /** `dns`, `gateway`, `addressable`; a group's only network is the default for dns and gateway. */
  readonly default: readonly string[];
}

/** `variables[]`. */
export interface ManifestVariable {
  readonly name: string;
  readonly type: string;
  readonly options: RubyHash | undefined;
  readonly update_mode: string | undefined;
  readonly consumes: RubyHash | undefined;
}

/** `features`; each flag is undefined when not set (the Director's default applies). */
export interface DeploymentFeatures {
  readonly use_dns_addresses: boolean | undefined;
  readonly use_short_dns_addresses: boolean | undefined;
  readonly use_link_dns_names: boolean | undefined;
  readonly randomize_az_placement: boolean | undefined;
  readonly converge_variables: boolean | undefined;
  readonly use_tmpfs_config: boolean | undefined;
}
