import { describe, expect, it } from 'vitest';
import type {
  DesiredDeployment,
  DesiredInstance,
  DesiredInstanceGroup,
  InstanceGroupPlan,
} from './deployment-plan.js';
import { planDeleteDeployment, planDeployment } from './plan-deployment.js';
import { preStopEnv } from './plan-stop.js';
import { actualInstance, desiredInstance, FACTS, UPDATE } from './planning-test-bed.js';

function group(
  name: string,
  instances: DesiredInstance[],
  more: Partial<DesiredInstanceGroup> = {},
): DesiredInstanceGroup {
  return {
    name,
    lifecycle: 'service',
    update: UPDATE,
    instances: instances.map((i) => ({ ...i, group: name })),
    ...more,
  };
}

/** Instances `<name>-<n>` in AZs z1, z2, z1, ...; the first is the bootstrap. */
function instances(name: string, count: number): DesiredInstance[] {
  return Array.from({ length: count }, (_, n) =>
    desiredInstance(`${name}-${n}`, {
      group: name,
      index: n,
      az: n % 2 === 0 ? 'z1' : 'z2',
      isBootstrap: n === 0,
    }),
  );
}

function deployment(
  groups: DesiredInstanceGroup[],
  options: DesiredDeployment['options'] = {},
): DesiredDeployment {
  return { name: 'app', instanceGroups: groups, options };
}

function byName(plan: ReturnType<typeof planDeployment>, name: string): InstanceGroupPlan {
  return plan.instanceGroups.find((g) => g.name === name)!;
}

describe('planDeployment', () => {
  it('creates every instance of a fresh deploy, VMs first, then AZ by AZ with canaries', () => {
    const plan = planDeployment(
      deployment([group('web', instances('web', 3)), group('db', instances('db', 1))]),
      [],
    );
    expect(plan.vmsToCreate).toEqual(['web-0', 'web-1', 'web-2', 'db-0']);
    expect(plan.vmsToDelete).toEqual([]);
    const web = byName(plan, 'web');
    expect(web.instances.map((i) => [i.id, i.update, i.stop])).toEqual([
      ['web-0', 'create', null],
      ['web-2', 'create', null],
      ['web-1', 'create', null],
    ]);
    expect(web.batches).toEqual([
      { azs: ['z1'], maxInFlight: 1, canaries: ['web-0'], others: ['web-2'] },
      { azs: ['z2'], maxInFlight: 1, canaries: [], others: ['web-1'] },
    ]);
    expect(plan.stages).toEqual([{ serial: true, groups: ['web', 'db'] }]);
    expect(plan.hasChanges).toBe(true);
  });

  it('changes nothing on a redeploy of the same facts, so post-deploy does not run', () => {
    const desired = deployment([group('web', instances('web', 2))]);
    const actual = instances('web', 2).map((i) =>
      actualInstance(i.id, { index: i.index, az: i.az, isBootstrap: i.isBootstrap }),
    );
    const plan = planDeployment(desired, actual);
    expect(byName(plan, 'web').instances.map((i) => i.update)).toEqual(['none', 'none']);
    expect(byName(plan, 'web').batches).toEqual([]);
    expect(plan.vmsToCreate).toEqual([]);
    expect(plan.hasChanges).toBe(false);
  });

  it('updates only changed instances, in place or with a new VM, and says how to stop them', () => {
    const [a, b, c] = instances('web', 3) as [DesiredInstance, DesiredInstance, DesiredInstance];
    const desired = deployment([
      group('web', [
        { ...a, facts: { ...FACTS, configurationHash: 'c2' } },
        { ...b, facts: { ...FACTS, stemcell: { ...FACTS.stemcell, version: '2' } } },
        c,
      ]),
    ]);
    const actual = [a, b, c].map((i) =>
      actualInstance(i.id, { index: i.index, az: i.az, isBootstrap: i.isBootstrap }),
    );
    const web = byName(planDeployment(desired, actual), 'web');
    expect(
      web.instances.map((i) => [
        i.id,
        i.update,
        i.changes,
        i.needsShuttingDown,
        i.stop?.drainType,
        i.stop?.intent,
      ]),
    ).toEqual([
      ['web-0', 'full', ['configuration'], false, 'update', 'keep_vm'],
      ['web-2', 'none', [], false, undefined, undefined],
      ['web-1', 'recreate', ['stemcell'], true, 'shutdown', 'delete_vm'],
    ]);
    expect(web.instances[2]!.stop?.preStopEnv).toEqual(preStopEnv('delete_vm'));
    expect(web.batches).toEqual([
      { azs: ['z1'], maxInFlight: 1, canaries: ['web-0'], others: [] },
      { azs: ['z2'], maxInFlight: 1, canaries: [], others: ['web-1'] },
    ]);
  });

  it('deletes scaled-in instances first with the delete_instance env, and instances of dropped groups', () => {
    const desired = deployment([group('web', instances('web', 1))], {});
    const actual = [
      actualInstance('web-0', { isBootstrap: true }),
      actualInstance('web-1', { index: 1, az: 'z2' }),
      actualInstance('web-2', { index: 2, vmCid: null }),
      actualInstance('old-0', { group: 'old' }),
    ];
    const plan = planDeployment(desired, actual);
    const web = byName(plan, 'web');
    expect(web.deletes.maxInFlight).toBe(1);
    expect(web.deletes.instances.map((i) => [i.id, i.update, i.stop?.intent, i.stop?.drainType])).toEqual([
      ['web-1', 'delete', 'delete_instance', 'shutdown'],
      ['web-2', 'delete', undefined, undefined],
    ]);
    expect(web.deletes.instances[0]!.stop?.preStopEnv).toEqual({
      BOSH_VM_NEXT_STATE: 'delete',
      BOSH_INSTANCE_NEXT_STATE: 'delete',
      BOSH_DEPLOYMENT_NEXT_STATE: 'keep',
    });
    expect(plan.removedInstances.map((i) => [i.id, i.stop?.intent])).toEqual([['old-0', 'delete_instance']]);
    expect(plan.vmsToDelete).toEqual([
      { instanceId: 'web-1', vmCid: 'vm-web-1' },
      { instanceId: 'old-0', vmCid: 'vm-old-0' },
    ]);
    expect(web.hasChanges).toBe(true);
    expect(plan.hasChanges).toBe(true);
  });

  it('honours --recreate, --skip-drain and the --canaries / --max-in-flight flags', () => {
    const desired = deployment([group('web', instances('web', 4))], {
      recreate: true,
      skipDrain: ['web'],
      canaries: '0',
      maxInFlight: '100%',
    });
    const actual = instances('web', 4).map((i) =>
      actualInstance(i.id, { index: i.index, az: i.az, isBootstrap: i.isBootstrap }),
    );
    const web = byName(planDeployment(desired, actual), 'web');
    expect(
      new Set(web.instances.map((i) => `${i.update}:${i.stop?.intent}:${i.stop?.skipPreStopAndDrain}`)),
    ).toEqual(new Set(['recreate:delete_vm:true']));
    expect(web.batches).toEqual([
      { azs: ['z1'], maxInFlight: 2, canaries: [], others: ['web-0', 'web-2'] },
      { azs: ['z2'], maxInFlight: 2, canaries: [], others: ['web-1', 'web-3'] },
    ]);
  });

  it('refuses a --max-in-flight that cannot be calculated', () => {
    expect(() =>
      planDeployment(deployment([group('web', instances('web', 1))], { maxInFlight: 'many' }), []),
    ).toThrow(
      expect.objectContaining({ code: 'UPDATE_AMOUNT_INVALID', message: "'many' cannot be calculated" }),
    );
  });

  it('updates all AZs at once on an initial deploy with initial_deploy_az_update_strategy: parallel', () => {
    const update = { ...UPDATE, initial_deploy_az_update_strategy: 'parallel' as const, max_in_flight: '2' };
    const web = byName(
      planDeployment(deployment([group('web', instances('web', 3), { update })]), []),
      'web',
    );
    expect(web.batches).toEqual([
      { azs: ['z1', 'z2'], maxInFlight: 2, canaries: ['web-0'], others: ['web-2', 'web-1'] },
    ]);
  });

  it('splits groups into serial and parallel stages', () => {
    const parallel = { ...UPDATE, serial: false };
    const plan = planDeployment(
      deployment([
        group('a', instances('a', 1)),
        group('b', instances('b', 1), { update: parallel }),
        group('c', instances('c', 1), { update: parallel }),
        group('d', instances('d', 1)),
      ]),
      [],
    );
    expect(plan.stages).toEqual([
      { serial: true, groups: ['a'] },
      { serial: false, groups: ['b', 'c'] },
      { serial: true, groups: ['d'] },
    ]);
  });

  it('creates no VM for an errand group and updates it only when it has VMs', () => {
    const errand = group('smoke', instances('smoke', 1), { lifecycle: 'errand' });
    const fresh = planDeployment(deployment([errand]), []);
    expect(fresh.vmsToCreate).toEqual([]);
    expect(byName(fresh, 'smoke').batches).toEqual([]);
    const kept = planDeployment(deployment([errand]), [
      actualInstance('smoke-0', { group: 'smoke', isBootstrap: true }),
    ]);
    expect(byName(kept, 'smoke').batches).toEqual([
      { azs: ['z1'], maxInFlight: 1, canaries: ['smoke-0'], others: [] },
    ]);
  });

  it('creates a VM for a kept instance that has none, and none for a detached one', () => {
    const [a, b] = instances('web', 2) as [DesiredInstance, DesiredInstance];
    const plan = planDeployment(deployment([group('web', [a, { ...b, state: 'detached' }])]), [
      actualInstance('web-0', { vmCid: null, isBootstrap: true }),
      actualInstance('web-1', { index: 1, az: 'z2', vmCid: null, state: 'detached' }),
    ]);
    expect(plan.vmsToCreate).toEqual(['web-0']);
  });
});

describe('planDeleteDeployment', () => {
  it('stops every running instance with the delete_deployment env', () => {
    const plans = planDeleteDeployment([
      actualInstance('web-1', { index: 1 }),
      actualInstance('db-0', { group: 'db' }),
      actualInstance('web-0', { state: 'stopped' }),
    ]);
    expect(plans.map((p) => [p.group, p.index, p.stop?.intent, p.stop?.drainType])).toEqual([
      ['db', 0, 'delete_deployment', 'shutdown'],
      ['web', 0, undefined, undefined],
      ['web', 1, 'delete_deployment', 'shutdown'],
    ]);
    expect(plans[0]!.stop?.preStopEnv).toEqual(preStopEnv('delete_deployment'));
  });

  it('skips pre-stop and drain with --skip-drain', () => {
    expect(
      planDeleteDeployment([actualInstance('a')], { skipDrain: '*' })[0]!.stop?.skipPreStopAndDrain,
    ).toBe(true);
  });
});
