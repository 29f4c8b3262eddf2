import { describe, expect, it } from 'vitest';
import type { ActualInstance, StopIntent } from './deployment-plan.js';
import { planStop, preStopEnv, type StopInput } from './plan-stop.js';
import { actualInstance } from './planning-test-bed.js';

describe('preStopEnv', () => {
  // The table of reference §4.4.
  // prettier-ignore
  it.each<[StopIntent, string, string, string]>([
    ['keep_vm', 'keep', 'keep', 'keep'],
    ['delete_vm', 'delete', 'keep', 'keep'],
    ['delete_instance', 'delete', 'delete', 'keep'],
    ['delete_deployment', 'delete', 'delete', 'delete'],
  ])('%s: VM %s, instance %s, deployment %s', (intent, vm, instance, deployment) => {
    expect(preStopEnv(intent)).toEqual({
      BOSH_VM_NEXT_STATE: vm,
      BOSH_INSTANCE_NEXT_STATE: instance,
      BOSH_DEPLOYMENT_NEXT_STATE: deployment,
    });
  });
});

describe('planStop', () => {
  const input = (more: Partial<StopInput>): StopInput => ({
    update: 'full',
    changes: ['configuration'],
    targetState: 'started',
    isDrainSkipped: false,
    ...more,
  });

  // prettier-ignore
  it.each<[string, Partial<StopInput>, 'update' | 'shutdown', StopIntent]>([
    ['an in-place update', {}, 'update', 'keep_vm'],
    ['a new persistent disk size', { changes: ['persistent_disk'] }, 'shutdown', 'keep_vm'],
    ['a recreate (new stemcell)', { update: 'recreate', changes: ['stemcell'] }, 'shutdown', 'delete_vm'],
    ['bosh stop', { changes: ['state'], targetState: 'stopped' }, 'shutdown', 'keep_vm'],
    ['bosh stop --hard', { changes: ['state'], targetState: 'detached' }, 'shutdown', 'delete_vm'],
    ['scale-in', { update: 'delete', changes: [], targetState: 'detached' }, 'shutdown', 'delete_instance'],
    ['delete-deployment', { update: 'delete', changes: [], targetState: 'detached', isDeploymentDeleted: true }, 'shutdown', 'delete_deployment'],
  ])('%s drains with %s and intent %s', (_what, more, drainType, intent) => {
    expect(planStop(actualInstance('a'), input(more))).toEqual({
      skipPreStopAndDrain: false,
      drainType,
      intent,
      preStopEnv: preStopEnv(intent),
    });
  });

  // prettier-ignore
  it.each<[string, Partial<ActualInstance> | undefined, Partial<StopInput>]>([
    ['a new instance', undefined, { update: 'create', changes: [] }],
    ['an unchanged instance', {}, { update: 'none', changes: [] }],
    ['a DNS-only change', {}, { update: 'minimal', changes: ['dns'] }],
    ['an instance without VM', { vmCid: null }, {}],
    ['an instance already stopped', { state: 'stopped' }, {}],
  ])('stops nothing for %s', (_what, actual, more) => {
    expect(planStop(actual === undefined ? undefined : actualInstance('a', actual), input(more))).toBeNull();
  });

  it('marks pre-stop and drain skipped for --skip-drain', () => {
    expect(planStop(actualInstance('a'), input({ isDrainSkipped: true }))?.skipPreStopAndDrain).toBe(true);
  });
});
