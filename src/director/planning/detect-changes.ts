import type {
  ActualInstance,
  DeployOptions,
  DesiredInstance,
  InstanceChange,
  InstanceFacts,
  InstanceUpdate,
} from './deployment-plan.js';
import { INSTANCE_CHANGES } from './deployment-plan.js';

/** Changes that need a new VM (BOSH's `needs_shutting_down?`). */
const SHUTDOWN_CHANGES: readonly InstanceChange[] = [
  'recreate',
  'cloud_properties',
  'stemcell',
  'env',
  'network',
];

/**
 * The change set of a kept instance (reference §5.4, `instance_plan.rb#changes`), in BOSH's
 * order. Facts are compared structurally. An instance that never got an apply differs in
 * everything BOSH compares against its stored spec (not env and network, which BOSH skips
 * when nothing was stored).
 */
export function detectChanges(
  desired: DesiredInstance,
  actual: ActualInstance,
  options: DeployOptions = {},
): InstanceChange[] {
  const want = desired.facts;
  const had: Partial<InstanceFacts> = actual.applied ?? {};
  const target = targetStateOf(desired);
  const found = new Set<InstanceChange>();
  if (!actual.isUpdateCompleted) found.add('dirty');
  if (desired.state === 'restart') found.add('restart');
  if (options.recreate === true || desired.state === 'recreate' || actual.jobState === 'unresponsive')
    found.add('recreate');
  if (options.recreatePersistentDisks === true) found.add('recreate_persistent_disks');
  if (!isSame(want.cloudProperties, had.cloudProperties)) found.add('cloud_properties');
  if (!isSame(want.stemcell, had.stemcell)) found.add('stemcell');
  if (had.env !== undefined && had.env !== null && !isSame(want.env, had.env)) found.add('env');
  if (
    had.networks !== undefined &&
    Object.keys(had.networks).length > 0 &&
    !isSame(want.networks, withoutDnsRecordName(had.networks))
  ) {
    found.add('network');
  }
  if (!isSame(want.packages, had.packages)) found.add('packages');
  if (!isSame(want.persistentDisk, had.persistentDisk ?? null)) found.add('persistent_disk');
  if (want.configurationHash !== had.configurationHash) found.add('configuration');
  if (!isSame(want.jobs, had.jobs)) found.add('job');
  if (isStateChanged(target, actual)) found.add('state');
  if (want.dns !== undefined && !isSame(want.dns, had.dns)) found.add('dns');
  if (want.trustedCerts !== undefined && !isSame(want.trustedCerts, had.trustedCerts))
    found.add('trusted_certs');
  if (want.tags !== undefined && !isSame(want.tags, had.tags)) found.add('tags');
  return INSTANCE_CHANGES.filter((c) => found.has(c));
}

/** `started`, `stopped` or `detached`; `recreate` and `restart` are started instances. */
export function targetStateOf(desired: DesiredInstance): 'started' | 'stopped' | 'detached' {
  return desired.state === 'stopped' || desired.state === 'detached' ? desired.state : 'started';
}

function isStateChanged(target: 'started' | 'stopped' | 'detached', actual: ActualInstance): boolean {
  if (target === 'detached') return actual.state !== 'detached';
  if (actual.jobState === 'unresponsive') return true;
  if (actual.jobState !== undefined) {
    return (
      (target === 'stopped' && actual.jobState === 'running') ||
      (target === 'started' && actual.jobState !== 'running')
    );
  }
  return target !== actual.state;
}

/** Whether the changes need a new VM. */
export function needsShuttingDown(changes: readonly InstanceChange[]): boolean {
  return changes.some((c) => SHUTDOWN_CHANGES.includes(c));
}

/**
 * What kind of update the changes call for: none; a new VM; no restart when the set has at
 * most two members and is `{dns, tags}` or starts with `dns` or `tags` (BOSH's rule, quirks
 * included: `{dns, trusted_certs}` does not restart); else a full stop and start.
 */
export function updateKindOf(changes: readonly InstanceChange[]): InstanceUpdate {
  if (changes.length === 0) return 'none';
  if (needsShuttingDown(changes)) return 'recreate';
  const [first] = changes;
  if (changes.length <= 2 && (first === 'dns' || first === 'tags')) return 'minimal';
  return 'full';
}

/** BOSH ignores `dns_record_name` when it compares network settings. */
function withoutDnsRecordName(networks: Readonly<Record<string, object>>): Record<string, object> {
  return Object.fromEntries(
    Object.entries(networks).map(([name, settings]) => [
      name,
      Object.fromEntries(Object.entries(settings).filter(([k]) => k !== 'dns_record_name')),
    ]),
  );
}

/** Structural equality of JSON-like values (and Maps, bigints); object key order is ignored. */
export function isSame(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>)].map(([k, v]) => `${canonical(k)}:${canonical(v)}`);
    return `{${entries.sort().join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`);
    return `{${entries.sort().join(',')}}`;
  }
  // Scalars left: null, booleans, numbers, strings, and functions or symbols (never in facts).
  return JSON.stringify(value) ?? typeof value;
}
