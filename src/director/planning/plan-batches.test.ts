import { describe, expect, it } from 'vitest';
import { planBatches, planStages, sortForUpdate } from './plan-batches.js';

function instance(id: string, az: string | null, isBootstrap = false) {
  return { id, group: 'web', az, isBootstrap };
}

describe('sortForUpdate', () => {
  it('puts the bootstrap first, then its AZ, no AZ, the other AZs by name; by group/id within an AZ', () => {
    const sorted = sortForUpdate([
      instance('f', 'z3'),
      instance('e', 'z1'),
      instance('d', 'z2'),
      instance('c', null),
      instance('b', 'z2', true),
      instance('a', 'z2'),
      instance('g', 'z1'),
    ]);
    expect(sorted.map((i) => `${i.id}:${i.az ?? '-'}`)).toEqual([
      'b:z2',
      'a:z2',
      'd:z2',
      'c:-',
      'e:z1',
      'g:z1',
      'f:z3',
    ]);
  });

  it('sorts by id, not by index (uuids make the order look random)', () => {
    const sorted = sortForUpdate([instance('9f', 'z1', true), instance('b0', 'z1'), instance('1a', 'z1')]);
    expect(sorted.map((i) => i.id)).toEqual(['9f', '1a', 'b0']);
  });
});

describe('planBatches', () => {
  const ids = (az: string, n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => instance(`${az}-${from + i}`, az));

  // prettier-ignore
  it.each<[string, ReturnType<typeof instance>[], string, string, boolean, unknown[]]>([
    ['one AZ: one canary, then the rest two at a time', ids('z1', 5), '1', '2', false, [{ azs: ['z1'], maxInFlight: 2, canaries: ['z1-0'], others: ['z1-1', 'z1-2', 'z1-3', 'z1-4'] }]],
    ['AZ by AZ: canaries only from the first; percentages of each batch', [...ids('z1', 3), ...ids('z2', 2)], '2', '50%', false, [ { azs: ['z1'], maxInFlight: 1, canaries: ['z1-0', 'z1-1'], others: ['z1-2'] }, { azs: ['z2'], maxInFlight: 1, canaries: [], others: ['z2-0', 'z2-1'] }, ]],
    ['canary percentage of the batch, rounded down', ids('z1', 5), '50%', '100%', false, [{ azs: ['z1'], maxInFlight: 5, canaries: ['z1-0', 'z1-1'], others: ['z1-2', 'z1-3', 'z1-4'] }]],
    ['zero canaries', ids('z1', 2), '0', '1', false, [{ azs: ['z1'], maxInFlight: 1, canaries: [], others: ['z1-0', 'z1-1'] }]],
    ['more canaries than instances', ids('z1', 2), '5', '1', false, [{ azs: ['z1'], maxInFlight: 1, canaries: ['z1-0', 'z1-1'], others: [] }]],
    ['max_in_flight 0% is still 1', ids('z1', 2), '1', '0%', false, [{ azs: ['z1'], maxInFlight: 1, canaries: ['z1-0'], others: ['z1-1'] }]],
    ['AZs in parallel on initial deploy: one batch', [...ids('z1', 2), ...ids('z2', 2)], '1', '2', true, [{ azs: ['z1', 'z2'], maxInFlight: 2, canaries: ['z1-0'], others: ['z1-1', 'z2-0', 'z2-1'] }]],
    ['nothing to update', [], '1', '1', false, []],
  ])('%s', (_what, instances, canaries, maxInFlight, isAzParallel, batches) => {
    expect(planBatches(instances, { canaries, maxInFlight, isAzParallel })).toEqual(batches);
  });
});

describe('planStages', () => {
  it('splits manifest order into runs of the same serial value', () => {
    const stages = planStages([
      { name: 'a', serial: true },
      { name: 'b', serial: true },
      { name: 'c', serial: false },
      { name: 'd', serial: false },
      { name: 'e', serial: true },
    ]);
    expect(stages).toEqual([
      { serial: true, groups: ['a', 'b'] },
      { serial: false, groups: ['c', 'd'] },
      { serial: true, groups: ['e'] },
    ]);
  });
});
