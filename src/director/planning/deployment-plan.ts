/**
 * The input and output of `planDeployment` (DESIGN decision 10): the desired state, the
 * store's records, and the plan as data that the Director's executor walks.
 *
 * Lifecycle of an instance in a deploy (reference §4.2, §5):
 *
 *   desired, not in store ──▶ create ──(setup: create VM)──▶ update batch ──▶ started
 *   in store, not desired ──▶ delete ──(stop with delete env)──▶ VM, disks deleted
 *   in both ──▶ keep ──┬─ none      nothing runs (the DB spec is refreshed)
 *                      ├─ minimal   DNS and metadata only, no stop/start
 *                      ├─ full      stop hooks ▶ apply ▶ start hooks, same VM
 *                      └─ recreate  stop hooks ▶ new VM ▶ apply ▶ start hooks
 */
import type { InstanceGroupState, UpdateConfig } from '../../manifest/index.js';
import type { ExistingInstance, InstanceNetworkSettings } from './instance-placement.js';

/**
 * What an instance runs, computed by the Director for a desired instance and recorded in
 * the store for an actual one (the facts of its last successful apply). Values are compared
 * structurally (Hashes by content, key order ignored), so any JSON-like value works.
 */
export interface InstanceFacts {
  readonly stemcell: { readonly name: string; readonly version: string };
  /** The merged cloud properties of the AZ, vm_type (or vm_resources) and vm_extensions. */
  readonly cloudProperties: unknown;
  /** The instance group's `env`. */
  readonly env: unknown;
  readonly networks: Readonly<Record<string, InstanceNetworkSettings>>;
  /** Null when the instance has no persistent disk. */
  readonly persistentDisk: {
    readonly sizeMb: number;
    readonly type?: string;
    readonly cloudProperties?: unknown;
  } | null;
  /** The jobs with their versions and sha1s, in manifest order. */
  readonly jobs: ReadonlyArray<{ readonly name: string; readonly version: string; readonly sha1: string }>;
  /** The compiled packages by name. */
  readonly packages: Readonly<Record<string, { readonly version: string; readonly sha1: string }>>;
  /** The rendered templates' configuration hash (reference §2.7). */
  readonly configurationHash: string;
  /** The instance's local DNS records, if the Director keeps them. */
  readonly dns?: unknown;
  /** The Director's trusted certs (their sha1). */
  readonly trustedCerts?: unknown;
  /** The deployment's tags. */
  readonly tags?: unknown;
}

/** An instance the deploy wants, with its identity from `planInstances`. */
export interface DesiredInstance {
  readonly id: string;
  readonly group: string;
  readonly index: number;
  readonly az: string | null;
  readonly isBootstrap: boolean;
  readonly facts: InstanceFacts;
  /** From the group's `state` / `instance_states` or a `bosun start|stop|restart|recreate`; default `started`. */
  readonly state?: InstanceGroupState;
}

/** An instance group as the deploy wants it: its effective `update` and its planned instances with their facts. */
export interface DesiredInstanceGroup {
  readonly name: string;
  readonly lifecycle: 'service' | 'errand';
  /** The group's effective update config. */
  readonly update: UpdateConfig;
  readonly instances: readonly DesiredInstance[];
}

/** `deploy` flags that change the plan. */
export interface DeployOptions {
  /** `--recreate`: every instance gets a new VM. */
  readonly recreate?: boolean;
  readonly recreatePersistentDisks?: boolean;
  /** `--skip-drain`: `'*'` or the instance groups whose pre-stop and drain are skipped. */
  readonly skipDrain?: '*' | readonly string[];
  /** `--canaries` and `--max-in-flight`: override every `update` block. */
  readonly canaries?: string;
  readonly maxInFlight?: string;
}

/** Everything the deploy wants, from the manifest, `planInstances` and rendering. */
export interface DesiredDeployment {
  readonly name: string;
  /** In manifest order, which is update order. */
  readonly instanceGroups: readonly DesiredInstanceGroup[];
  readonly options?: DeployOptions;
}

/** An instance as the store records it. */
export interface ActualInstance extends ExistingInstance {
  readonly vmCid: string | null;
  /** False when the last update of the instance did not finish (BOSH's `update_completed`). */
  readonly isUpdateCompleted: boolean;
  /** The state the Director last put the instance in. */
  readonly state: 'started' | 'stopped' | 'detached';
  /** The agent's `job_state` from `get_state`, when the Director asked; undefined when unknown. */
  readonly jobState?: 'running' | 'starting' | 'failing' | 'stopped' | 'unresponsive';
  /** The facts of the last apply; null when it never got one. */
  readonly applied: InstanceFacts | null;
}

/** The members of a change set, in BOSH's order (reference §5.4). */
export const INSTANCE_CHANGES = [
  'dirty',
  'restart',
  'recreate',
  'recreate_persistent_disks',
  'cloud_properties',
  'stemcell',
  'env',
  'network',
  'packages',
  'persistent_disk',
  'configuration',
  'job',
  'state',
  'dns',
  'trusted_certs',
  'tags',
] as const;
/** One member of a change set. */
export type InstanceChange = (typeof INSTANCE_CHANGES)[number];

/** What happens to an instance: see the diagram at the top of this file. */
export type InstanceUpdate = 'create' | 'delete' | 'none' | 'minimal' | 'full' | 'recreate';

/** BOSH's stop intents, which choose the pre-stop environment (reference §4.4). */
export type StopIntent = 'keep_vm' | 'delete_vm' | 'delete_instance' | 'delete_deployment';

/** How a running instance is stopped before it is updated, recreated or deleted. */
export interface StopPlan {
  /** `--skip-drain` applies: neither pre-stop nor drain runs. */
  readonly skipPreStopAndDrain: boolean;
  readonly drainType: 'update' | 'shutdown';
  readonly intent: StopIntent;
  /** The `run_script("pre-stop", {env})` environment. */
  readonly preStopEnv: Readonly<Record<string, string>>;
}

/** What happens to one instance, and how it is stopped first. */
export interface InstancePlan {
  readonly id: string;
  readonly group: string;
  readonly index: number;
  readonly az: string | null;
  readonly isBootstrap: boolean;
  readonly update: InstanceUpdate;
  /** The change set in BOSH's order; empty for `create`, `delete` and `none`. */
  readonly changes: readonly InstanceChange[];
  /** BOSH's `needs_shutting_down?`: obsolete, or a change that needs a new VM. */
  readonly needsShuttingDown: boolean;
  /** The state the instance ends in. */
  readonly targetState: 'started' | 'stopped' | 'detached';
  /** Null when nothing is stopped (new, unchanged, minimal, or not running). */
  readonly stop: StopPlan | null;
  /** The VM to delete, for `delete`. */
  readonly vmCid: string | null;
}

/**
 * Instances updated together: a thread pool of `maxInFlight` takes the `canaries`, waits for
 * all of them, then takes the `others` (reference §5.2).
 */
export interface UpdateBatch {
  /** The AZs of the batch: one, or all of them when they are updated in parallel. */
  readonly azs: ReadonlyArray<string | null>;
  readonly maxInFlight: number;
  readonly canaries: readonly string[];
  readonly others: readonly string[];
}

/** What happens to one instance group: deletes first, then its update batches in order. */
export interface InstanceGroupPlan {
  readonly name: string;
  readonly lifecycle: 'service' | 'errand';
  readonly serial: boolean;
  /** Every desired instance, in update order (bootstrap first). */
  readonly instances: readonly InstancePlan[];
  /** Scale-in: deleted first, `maxInFlight` at a time. */
  readonly deletes: { readonly instances: readonly InstancePlan[]; readonly maxInFlight: number };
  /** The instances to update, AZ by AZ; empty when nothing changed. */
  readonly batches: readonly UpdateBatch[];
  /** BOSH's `did_change`: something was deleted or updated. */
  readonly hasChanges: boolean;
}

/** Consecutive groups with the same `serial`: one after another when serial, else all at once. */
export interface UpdateStage {
  readonly serial: boolean;
  readonly groups: readonly string[];
}

/**
 * The whole deploy as data. The executor: deletes `removedInstances`; creates `vmsToCreate` in
 * parallel; then walks `stages` (serial ones group by group, others at once), per group the
 * `deletes`, then each batch (canaries, wait, others); post-deploy when `hasChanges`.
 */
export interface DeploymentPlan {
  readonly deployment: string;
  readonly instanceGroups: readonly InstanceGroupPlan[];
  /** Instances of groups the manifest dropped; deleted before any group is updated. */
  readonly removedInstances: readonly InstancePlan[];
  /** Manifest order split into stages (reference §5.3). */
  readonly stages: readonly UpdateStage[];
  /** Instance ids that need a VM created in the setup stage, in parallel. */
  readonly vmsToCreate: readonly string[];
  /** The VMs of deleted instances. */
  readonly vmsToDelete: ReadonlyArray<{ readonly instanceId: string; readonly vmCid: string }>;
  /** Whether anything changes; post-deploy runs only then. */
  readonly hasChanges: boolean;
}
