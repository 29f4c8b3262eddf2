import { parseCanaries, parseMaxInFlight } from '../../manifest/index.js';
import type { UpdateBatch, UpdateStage } from './deployment-plan.js';

/** What ordering needs of an instance. */
interface Orderable {
  readonly id: string;
  readonly group: string;
  readonly az: string | null;
  readonly isBootstrap: boolean;
}

/**
 * BOSH's `InstancePlanSorter` (reference §5.2): the bootstrap instance, the others of its
 * AZ, those without an AZ, then the other AZs by name; within an AZ by `<group>/<id>`, not
 * by index.
 */
export function sortForUpdate<T extends Orderable>(instances: readonly T[]): T[] {
  const key = (i: T) => `${i.group}/${i.id}`;
  const byKey = (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const bootstrap = instances.find((i) => i.isBootstrap) ?? [...instances].sort(byKey)[0];
  if (bootstrap === undefined) return [];
  const rest = instances.filter((i) => i !== bootstrap);
  const inAz = (az: string | null) => rest.filter((i) => i.az === az).sort(byKey);
  const first = inAz(bootstrap.az);
  const noAz = bootstrap.az === null ? [] : inAz(null);
  const others = [...new Set(rest.map((i) => i.az))]
    .filter((az): az is string => az !== null && az !== bootstrap.az)
    .sort()
    .flatMap(inAz);
  return [bootstrap, ...first, ...noAz, ...others];
}

/** What batching needs of the group's update config, after deploy flags. */
export interface BatchSettings {
  readonly canaries: string;
  readonly maxInFlight: string;
  /** `initial_deploy_az_update_strategy: parallel` and every instance to update is new. */
  readonly isAzParallel: boolean;
}

/**
 * Splits the instances to update (already in update order) into batches (reference §5.2,
 * `instance_group_updater.rb`): one per AZ in the order the AZs first appear, or one for all
 * when AZs go in parallel. Canaries come only from the first batch; canaries and
 * max_in_flight percentages count the instances of each batch.
 */
export function planBatches(instances: readonly Orderable[], settings: BatchSettings): UpdateBatch[] {
  const groups = new Map<string | null, string[]>();
  for (const i of instances) groups.set(i.az, [...(groups.get(i.az) ?? []), i.id]);
  const parts: Array<{ azs: Array<string | null>; ids: string[] }> = settings.isAzParallel
    ? instances.length === 0
      ? []
      : [{ azs: [...groups.keys()], ids: instances.map((i) => i.id) }]
    : [...groups].map(([az, ids]) => ({ azs: [az], ids }));
  return parts.map(({ azs, ids }, n) => {
    const canaryCount = n === 0 ? parseCanaries(settings.canaries, ids.length) : 0;
    return {
      azs,
      maxInFlight: parseMaxInFlight(settings.maxInFlight, ids.length),
      canaries: ids.slice(0, canaryCount),
      others: ids.slice(canaryCount),
    };
  });
}

/**
 * BOSH's `MultiInstanceGroupUpdater` (reference §5.3): manifest order split into maximal runs
 * of groups with the same `serial`.
 */
export function planStages(
  groups: ReadonlyArray<{ readonly name: string; readonly serial: boolean }>,
): UpdateStage[] {
  const stages: Array<{ serial: boolean; groups: string[] }> = [];
  for (const group of groups) {
    const last = stages.at(-1);
    if (last !== undefined && last.serial === group.serial) last.groups.push(group.name);
    else stages.push({ serial: group.serial, groups: [group.name] });
  }
  return stages;
}
