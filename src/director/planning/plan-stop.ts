import type {
  ActualInstance,
  InstanceChange,
  InstanceUpdate,
  StopIntent,
  StopPlan,
} from './deployment-plan.js';

const NEXT_STATES: Readonly<Record<StopIntent, readonly [vm: string, instance: string, deployment: string]>> =
  {
    keep_vm: ['keep', 'keep', 'keep'],
    delete_vm: ['delete', 'keep', 'keep'],
    delete_instance: ['delete', 'delete', 'keep'],
    delete_deployment: ['delete', 'delete', 'delete'],
  };

/** The environment of `pre-stop` for an intent (reference §4.4, `stopper.rb#pre_stop_env`). */
export function preStopEnv(intent: StopIntent): Record<string, string> {
  const [vm, instance, deployment] = NEXT_STATES[intent];
  return {
    BOSH_VM_NEXT_STATE: vm,
    BOSH_INSTANCE_NEXT_STATE: instance,
    BOSH_DEPLOYMENT_NEXT_STATE: deployment,
  };
}

/** What `planStop` needs to know about an instance's update. */
export interface StopInput {
  readonly update: InstanceUpdate;
  readonly changes: readonly InstanceChange[];
  readonly targetState: 'started' | 'stopped' | 'detached';
  /** Whether the deployment itself is being deleted (`delete-deployment`). */
  readonly isDeploymentDeleted?: boolean;
  /** Whether `--skip-drain` names the instance's group. */
  readonly isDrainSkipped: boolean;
}

/**
 * How the Director stops an instance before it changes it (reference §4.2 step 3, §4.5):
 * null when nothing runs (no VM, already stopped) or nothing stops (new, unchanged, minimal).
 * Drain type `shutdown` when the instance is deleted, gets a new VM, ends stopped or
 * detached, or its persistent disk changes; `update` otherwise. The intent chooses the
 * pre-stop environment.
 */
export function planStop(actual: ActualInstance | undefined, input: StopInput): StopPlan | null {
  if (actual === undefined || actual.vmCid === null || actual.state !== 'started') return null;
  if (input.update === 'create' || input.update === 'none' || input.update === 'minimal') return null;
  const isShutdown =
    input.update === 'delete' ||
    input.update === 'recreate' ||
    input.targetState !== 'started' ||
    input.changes.includes('persistent_disk');
  const intent: StopIntent =
    input.update === 'delete'
      ? input.isDeploymentDeleted === true
        ? 'delete_deployment'
        : 'delete_instance'
      : input.update === 'recreate' || input.targetState === 'detached'
        ? 'delete_vm'
        : 'keep_vm';
  return {
    skipPreStopAndDrain: input.isDrainSkipped,
    drainType: isShutdown ? 'shutdown' : 'update',
    intent,
    preStopEnv: preStopEnv(intent),
  };
}
