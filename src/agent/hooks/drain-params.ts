import { BosunError } from '../../base/index.js';
import type { ApplySpec } from '../../protocol/index.js';
import { jobsOfApplySpec } from '../../protocol/index.js';

/**
 * What a drain script is told (reference §4.5): its first call's arguments
 * `<jobChange> <hashChange> [<updatedPackages>...]` and its environment
 * `BOSH_JOB_STATE` / `BOSH_JOB_NEXT_STATE`. Pure data, computed once per drain action.
 */
export interface DrainParams {
  jobChange: 'job_changed' | 'job_new' | 'job_shutdown';
  hashChange: 'hash_changed' | 'hash_unchanged' | 'hash_new';
  /** Packages new in the next spec or whose sha1 differs, sorted; empty for shutdown. */
  updatedPackages: string[];
  /** `BOSH_JOB_STATE`: `{"persistent_disk":<current size MB>}`. */
  jobState: string;
  /** `BOSH_JOB_NEXT_STATE`: `{"persistent_disk":<next size MB>}`, only when a next spec was sent. */
  jobNextState: string | undefined;
}

/** The drain types the Director sends; `status` is rejected as by the modern agent. */
export type DrainType = 'update' | 'shutdown';

/**
 * Computes the drain parameters from the agent's current apply spec and the Director's next
 * one (`drain.go`, `script_params.go`). `type` is taken as the raw RPC argument and checked:
 * `status` fails with `Unexpected call with drain type 'status'`, and `update` without a next
 * spec with `Drain update requires new spec`.
 */
export function computeDrainParams(
  type: string,
  current: ApplySpec,
  next: ApplySpec | undefined,
): DrainParams {
  if (type === 'status') {
    throw new BosunError('DRAIN_TYPE_UNEXPECTED', "Unexpected call with drain type 'status'");
  }
  if (type === 'shutdown') {
    return {
      jobChange: 'job_shutdown',
      hashChange: 'hash_unchanged',
      updatedPackages: [],
      jobState: presentJobState(current),
      jobNextState: next === undefined ? undefined : presentJobState(next),
    };
  }
  if (type !== 'update') {
    throw new BosunError('DRAIN_TYPE_UNKNOWN', `Unknown drain type '${type}'`, {
      hint: "The Director sends 'update' or 'shutdown'.",
    });
  }
  if (next === undefined) throw new BosunError('DRAIN_NEW_SPEC_REQUIRED', 'Drain update requires new spec');
  return {
    jobChange: jobsOfApplySpec(current).length === 0 ? 'job_new' : 'job_changed',
    hashChange: hashChangeOf(current.configuration_hash ?? '', next.configuration_hash ?? ''),
    updatedPackages: updatedPackagesOf(current, next),
    jobState: presentJobState(current),
    jobNextState: presentJobState(next),
  };
}

function hashChangeOf(currentHash: string, nextHash: string): DrainParams['hashChange'] {
  if (currentHash === '') return 'hash_new';
  return currentHash === nextHash ? 'hash_unchanged' : 'hash_changed';
}

function updatedPackagesOf(current: ApplySpec, next: ApplySpec): string[] {
  const currentPackages = current.packages ?? {};
  const updated = Object.values(next.packages ?? {})
    .filter((pkg) => {
      const old = Object.hasOwn(currentPackages, pkg.name) ? currentPackages[pkg.name] : undefined;
      return old === undefined || old.sha1 !== pkg.sha1;
    })
    .map((pkg) => pkg.name);
  // Go's sort.Strings: byte order, not locale order.
  return updated.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** `presented_job_state.go`: only the persistent disk size is exposed; absent means 0. */
function presentJobState(spec: ApplySpec): string {
  return JSON.stringify({ persistent_disk: spec.persistent_disk ?? 0 });
}
