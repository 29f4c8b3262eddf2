import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { create as createTar, extract as extractTar } from 'tar';
import { BosunError } from '../../base/index.js';
import type { Blobstore } from '../blobstore/index.js';
import type { DirectorStore, InstanceRecord } from '../store/index.js';
import type { ExecuteTaskContext } from './execute-plan.js';
import { runPool } from './run-pool.js';
import type { VmFactory } from './vm-factory.js';

export interface FetchLogsRequest {
  readonly deployment: string;
  /** `GROUP` or `GROUP/ID` (UUID or index); undefined for every instance. */
  readonly instance?: string | undefined;
  /** Job names (or globs) to keep; empty for every file. */
  readonly jobs: readonly string[];
}

export interface FetchLogsDependencies {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  readonly vms: VmFactory;
  readonly maxThreads: number;
  /** Where bundles are unpacked and packed again. */
  readonly workDir: string;
}

/**
 * `bosun logs`: asks each chosen instance's agent for a tarball of `/var/vcap/sys/log`
 * (`fetch_logs`), then packs them into one tar.gz with a directory `<group>.<index>.<uuid>/`
 * per instance. Resolves with the task result, JSON `{blobstore_id, sha1}`.
 */
export async function fetchDeploymentLogs(
  deps: FetchLogsDependencies,
  request: FetchLogsRequest,
  task: ExecuteTaskContext,
): Promise<string> {
  if (deps.store.deployments.find(request.deployment) === undefined) {
    throw new BosunError('DEPLOYMENT_NOT_FOUND', `Deployment '${request.deployment}' doesn't exist`);
  }
  const chosen = selectInstances(deps.store.instances.listByDeployment(request.deployment), request.instance);
  if (chosen.length === 0) {
    throw new BosunError(
      'INSTANCE_NOT_FOUND',
      `No instance with a VM matches '${request.instance ?? '*'}' in deployment '${request.deployment}'`,
    );
  }
  const work = await mkdtemp(join(deps.workDir, 'logs-'));
  try {
    const stage = task.events.beginStage('Fetching logs', chosen.length);
    await runPool(chosen, deps.maxThreads, (record) => {
      const name = `${record.instanceGroup}/${record.uuid} (${record.index})`;
      return stage.track(name, async () => {
        const agent = deps.vms.agentFor(record.vm!, name);
        const result = (await agent.run('fetch_logs', ['job', [...request.jobs]], task.signal)) as { blobstore_id?: unknown };
        if (typeof result.blobstore_id !== 'string') throw new BosunError('AGENT_RESULT_INVALID', `${name}: fetch_logs returned no blobstore_id`);
        const dir = join(work, `${record.instanceGroup}.${record.index}.${record.uuid}`);
        await mkdir(dir);
        await extractTar({ file: deps.blobstore.pathOf(result.blobstore_id), cwd: dir });
        await deps.blobstore.delete(result.blobstore_id);
      });
    });
    const bundle = join(work, 'bundle.tgz');
    const entries = chosen.map((r) => `${r.instanceGroup}.${r.index}.${r.uuid}`);
    await createTar({ gzip: true, file: bundle, cwd: work, portable: true }, entries);
    const stored = await deps.blobstore.put(bundle, task.signal);
    return JSON.stringify({ blobstore_id: stored.blobstoreId, sha1: stored.sha1 });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The instances with a VM that `GROUP` or `GROUP/ID` (UUID or index) names; all for undefined. */
function selectInstances(records: readonly InstanceRecord[], selector: string | undefined): InstanceRecord[] {
  const withVm = records.filter((r) => r.vm !== undefined);
  if (selector === undefined) return withVm;
  const [group, id] = selector.split('/');
  return withVm.filter(
    (r) => r.instanceGroup === group && (id === undefined || r.uuid === id || String(r.index) === id),
  );
}
