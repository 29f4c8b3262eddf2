import { z } from 'zod';
import { BosunError, describeError } from '../base/index.js';
import { inspectRubyString } from '../yaml/index.js';
import type { UpdateConfig, VmStrategy } from './deployment-manifest.js';
import { rubyBoolean, rubyHash, rubyString } from './ruby-schema.js';
import { isUpdateAmount, UPDATE_AMOUNT_INVALID } from './update-amount.js';
import { parseWatchTime, type WatchTime } from './watch-time.js';

const VM_STRATEGIES: readonly VmStrategy[] = ['create-swap-delete', 'delete-create'];
const AZ_UPDATE_STRATEGIES = ['parallel', 'serial'] as const;

function updateAmount(key: string) {
  return rubyString.superRefine((value, ctx) => {
    if (!isUpdateAmount(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `Property '${key}' value (${inspectRubyString(value)}) cannot be calculated: expected an integer or a percentage like '25%'`,
      });
    }
  });
}

const watchTime = rubyString.transform((value, ctx): WatchTime => {
  try {
    return parseWatchTime(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: describeError(e) });
    return z.NEVER;
  }
});

const vmStrategy = rubyString.transform((value, ctx): VmStrategy => {
  const found = VM_STRATEGIES.find((s) => s === value);
  if (found !== undefined) return found;
  ctx.addIssue({
    code: 'custom',
    message: `Invalid vm_strategy '${value}', valid strategies are: ${VM_STRATEGIES.join(', ')}`,
  });
  return z.NEVER;
});

const azUpdateStrategy = rubyString.transform((value, ctx): 'parallel' | 'serial' => {
  const found = AZ_UPDATE_STRATEGIES.find((s) => s === value);
  if (found !== undefined) return found;
  ctx.addIssue({
    code: 'custom',
    message: `Invalid initial_deploy_az_update_strategy '${value}', valid strategies are: '${AZ_UPDATE_STRATEGIES.join(', ')}'`,
  });
  return z.NEVER;
});

const optionalKeys = {
  serial: rubyBoolean.optional(),
  vm_strategy: vmStrategy.optional(),
  initial_deploy_az_update_strategy: azUpdateStrategy.optional(),
};

/** An instance group's `update`: every key optional, falling back to the deployment's. */
export const partialUpdateSchema = rubyHash({
  canaries: updateAmount('canaries').optional(),
  max_in_flight: updateAmount('max_in_flight').optional(),
  canary_watch_time: watchTime.optional(),
  update_watch_time: watchTime.optional(),
  ...optionalKeys,
});

/** The deployment's `update`: the four numbers are required (§5.1). */
export const deploymentUpdateSchema = rubyHash({
  canaries: updateAmount('canaries'),
  max_in_flight: updateAmount('max_in_flight'),
  canary_watch_time: watchTime,
  update_watch_time: watchTime,
  ...optionalKeys,
});

/** An instance group's `update` as written: only the keys it sets. */
export type PartialUpdate = z.infer<typeof partialUpdateSchema>;

/** The deployment's effective `update`, with BOSH's defaults. */
export function resolveDeploymentUpdate(raw: z.infer<typeof deploymentUpdateSchema>): UpdateConfig {
  return {
    canaries: raw.canaries,
    max_in_flight: raw.max_in_flight,
    canary_watch_time: raw.canary_watch_time,
    update_watch_time: raw.update_watch_time,
    serial: raw.serial ?? true,
    vm_strategy: raw.vm_strategy ?? 'delete-create',
    initial_deploy_az_update_strategy: raw.initial_deploy_az_update_strategy ?? 'serial',
  };
}

/** An instance group's effective `update`: each key it leaves out comes from `parent`. */
export function resolveGroupUpdate(raw: PartialUpdate | undefined, parent: UpdateConfig): UpdateConfig {
  return {
    canaries: raw?.canaries ?? parent.canaries,
    max_in_flight: raw?.max_in_flight ?? parent.max_in_flight,
    canary_watch_time: raw?.canary_watch_time ?? parent.canary_watch_time,
    update_watch_time: raw?.update_watch_time ?? parent.update_watch_time,
    serial: raw?.serial ?? parent.serial,
    vm_strategy: raw?.vm_strategy ?? parent.vm_strategy,
    initial_deploy_az_update_strategy:
      raw?.initial_deploy_az_update_strategy ?? parent.initial_deploy_az_update_strategy,
  };
}

/** The `--canaries` / `--max-in-flight` flags of `deploy`, which override every level (§5.1). */
export interface UpdateOverrides {
  readonly canaries?: string | undefined;
  readonly maxInFlight?: string | undefined;
}

/** `update` with the deploy flags applied. Throws BosunError `UPDATE_AMOUNT_INVALID` for a bad flag. */
export function applyUpdateOverrides(update: UpdateConfig, overrides: UpdateOverrides): UpdateConfig {
  for (const value of [overrides.canaries, overrides.maxInFlight]) {
    if (value !== undefined && !isUpdateAmount(value)) {
      throw new BosunError(UPDATE_AMOUNT_INVALID, `'${value}' cannot be calculated`, {
        hint: "Pass a number of instances, like 2, or a percentage, like '25%'.",
      });
    }
  }
  return {
    ...update,
    canaries: overrides.canaries ?? update.canaries,
    max_in_flight: overrides.maxInFlight ?? update.max_in_flight,
  };
}
