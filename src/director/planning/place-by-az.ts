import type { ExistingInstance } from './instance-placement.js';

/** A desired instance's AZ and the existing instance it reuses, if any. */
export interface Slot {
  readonly az: string | null;
  readonly existing: ExistingInstance | undefined;
}

/** Where a group's instances go, and which existing ones are left over. */
export interface AzPlacement {
  readonly slots: readonly Slot[];
  readonly obsolete: readonly ExistingInstance[];
}

/**
 * BOSH's `AvailabilityZonePicker` for groups without static IPs (pure, deterministic):
 * 1. existing instances with a persistent disk stay in their AZ when it is still wanted;
 * 2. the other desired instances go, one by one, to the AZ with the fewest instances so far;
 *    ties go to an AZ that still has an unclaimed existing instance, else to the smallest
 *    name (`TieStrategy::MinWins`; `randomize_az_placement` is not supported);
 * 3. a desired instance in an AZ reuses that AZ's unclaimed existing instance with the
 *    lowest index;
 * 4. existing instances left unclaimed are obsolete: scale-in removes the highest indexes
 *    and the instances of AZs that lost their place.
 * `azs` undefined means the group has no AZs: instances without an AZ are reused by index.
 */
export function placeByAz(
  count: number,
  azs: readonly string[] | undefined,
  existing: readonly ExistingInstance[],
): AzPlacement {
  const unclaimed = new Map<string | null, ExistingInstance[]>();
  for (const instance of [...existing].sort((a, b) => a.index - b.index)) {
    unclaimed.set(instance.az, [...(unclaimed.get(instance.az) ?? []), instance]);
  }
  const existingCount = (az: string) => unclaimed.get(az)?.length ?? 0;
  // Stable sort: AZs with more existing instances first, then manifest order.
  const desiredAzs =
    azs === undefined ? undefined : [...azs].sort((a, b) => existingCount(b) - existingCount(a));
  const weight = new Map<string, number>((desiredAzs ?? []).map((az) => [az, 0]));
  const slots: Slot[] = [];
  const claim = (instance: ExistingInstance) => {
    const list = unclaimed.get(instance.az) ?? [];
    list.splice(list.indexOf(instance), 1);
  };
  const record = (az: string | null, instance: ExistingInstance | undefined) => {
    if (az !== null) weight.set(az, (weight.get(az) ?? 0) + 1);
    slots.push({ az, existing: instance });
  };

  if (desiredAzs !== undefined) {
    const withDisk = [...unclaimed.values()]
      .flat()
      .filter((i) => i.hasPersistentDisk)
      .sort((a, b) => a.index - b.index);
    for (const instance of withDisk) {
      if (slots.length >= count) break;
      if (instance.az === null || !desiredAzs.includes(instance.az)) continue;
      claim(instance);
      record(instance.az, instance);
    }
  }

  const preferred = [...unclaimed.values()].flat().flatMap((i) => (i.az === null ? [] : [i.az]));
  while (slots.length < count) {
    const az = desiredAzs === undefined ? null : pickAz(weight, preferred);
    const instance = unclaimed.get(az)?.shift();
    const at = az === null ? -1 : preferred.indexOf(az);
    if (at !== -1) preferred.splice(at, 1);
    record(az, instance);
  }
  return { slots, obsolete: [...unclaimed.values()].flat().sort((a, b) => a.index - b.index) };
}

/** BOSH's `Balancer#pop`: the least loaded AZ; ties to a preferred one, else the smallest name. */
function pickAz(weight: ReadonlyMap<string, number>, preferred: readonly string[]): string {
  const min = Math.min(...weight.values());
  const tied = [...weight.keys()].filter((az) => weight.get(az) === min);
  if (tied.length === 1) return tied[0]!;
  return tied.find((az) => preferred.includes(az)) ?? [...tied].sort()[0]!;
}
