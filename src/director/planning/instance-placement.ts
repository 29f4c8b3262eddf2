/**
 * Instance identity (reference §6.4): which instances an instance group keeps, creates and
 * deletes, with their ids, indexes, AZs, bootstrap flag and addresses. Computed by
 * `planInstances` before templates are rendered, because rendering needs all of these.
 */

/**
 * An instance the Director's store records, as far as identity planning needs it. The store
 * keeps every instance of the deployment, including those of groups no longer in the manifest.
 */
export interface ExistingInstance {
  /** The instance's UUID, immutable for its whole life. */
  readonly id: string;
  /** Its instance group's name. */
  readonly group: string;
  readonly index: number;
  /** Null when the group had no AZs. */
  readonly az: string | null;
  readonly isBootstrap: boolean;
  /** The addresses it holds, by network name (dynamic networks have none). */
  readonly ips: Readonly<Record<string, string>>;
  /** Whether it has a persistent disk (kept in its AZ when possible, as BOSH does). */
  readonly hasPersistentDisk: boolean;
}

/** An instance the group will have after the deploy. */
export interface PlacedInstance {
  readonly id: string;
  readonly group: string;
  readonly index: number;
  readonly az: string | null;
  readonly isBootstrap: boolean;
  /** True for an instance this deploy creates. */
  readonly isNew: boolean;
  /** Its network settings by network name, as the agent and the CPI take them. */
  readonly networks: Readonly<Record<string, InstanceNetworkSettings>>;
}

/**
 * BOSH's per-network settings (`ManualNetwork#network_settings` and its dynamic and VIP
 * siblings): what goes in the apply spec's `networks` and `create_vm`'s networks.
 */
export interface InstanceNetworkSettings {
  readonly type: 'manual' | 'dynamic' | 'vip';
  /** Manual and VIP networks only. */
  readonly ip?: string;
  /** Manual networks only. */
  readonly netmask?: string;
  /** As plain JSON. */
  readonly cloud_properties: Readonly<Record<string, unknown>>;
  /** The properties (`dns`, `gateway`, `addressable`) this network is the default for, sorted; absent when none. */
  readonly default?: readonly string[];
  readonly dns?: readonly string[];
  readonly gateway?: string;
}

/** An instance group's instances after the deploy, and those it deletes. */
export interface InstancePlacement {
  readonly group: string;
  /** Sorted by index. */
  readonly instances: readonly PlacedInstance[];
  /** Existing instances the group no longer needs (scale-in), lowest index first. */
  readonly obsolete: readonly ExistingInstance[];
  /** Addresses this plan hands out that no existing instance held before. */
  readonly allocatedIps: readonly string[];
}

/** What `planInstances` needs besides the manifest and the store. */
export interface PlanInstancesOptions {
  /** Makes the id of a new instance (a UUID); called once per new instance, in index order. */
  readonly newId: () => string;
  /**
   * Addresses held by any instance of any deployment, and those taken by groups planned
   * earlier in this deploy. New addresses avoid them; an instance keeps its own.
   */
  readonly usedIps: ReadonlySet<string>;
}

/** `<group>/<id> (<index>)`, BOSH's name of an instance in messages. */
export function instanceName(instance: { group: string; id: string; index: number }): string {
  return `${instance.group}/${instance.id} (${instance.index})`;
}
