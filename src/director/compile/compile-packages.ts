import { z } from 'zod';
import { BosunError, describeError } from '../../base/index.js';
import type { PackageRepo } from '../store/index.js';
import type { TaskEventLog } from '../tasks/index.js';
import {
  PACKAGE_MISSING_SOURCE_CODE,
  planCompilation,
  toRef,
  type CompiledPackageRef,
  type CompileNode,
  type ReleasePackages,
} from './compile-plan.js';
import { CompileWorkerPool, type CompileWorker, type WorkerDeleteFailure } from './compile-worker-pool.js';
import { runInDependencyOrder } from './run-in-dependency-order.js';

export const PACKAGE_COMPILATION_FAILED = 'PACKAGE_COMPILATION_FAILED';

/** What {@link compilePackages} needs; the deploy executor builds it once per deploy. */
export interface CompilePackagesOptions {
  /** Every package of the releases involved, by release; `needed` names the ones the deployment's jobs use (their dependencies are added, within the release). */
  readonly releases: readonly ReleasePackages[];
  readonly stemcell: { readonly os: string; readonly version: string };
  /** The compiled-package cache (`DirectorStore.packages`). */
  readonly store: Pick<PackageRepo, 'findCompiled' | 'createCompiled'>;
  /** cloud config `compilation.workers`: at most this many workers exist at once (a positive integer). */
  readonly workers: number;
  /** cloud config `compilation.reuse_compilation_vms`: keep a worker for several packages. */
  readonly reuseWorkers: boolean;
  /** Creates a worker whose agent answers; aborting `signal` should stop the creation. */
  readonly createWorker: (signal: AbortSignal) => Promise<CompileWorker>;
  /** Deletes a worker; called once for every worker created, also after a failure or an abort. */
  readonly deleteWorker: (worker: CompileWorker) => Promise<void>;
  readonly events: TaskEventLog;
  /** Cancels agent tasks and worker creation; no package starts once aborted. */
  readonly signal?: AbortSignal;
  readonly debug?: (message: string) => void;
}

const compileAnswerSchema = z.object({
  result: z.object({ blobstore_id: z.string().min(1), sha1: z.string().min(1) }),
});

/**
 * Compiles, on compilation workers, every package the deployment needs that the cache lacks
 * for the stemcell (BOSH's `PackageCompileStage`), and returns the compiled package of every
 * package involved keyed by `<release>/<package>`. Event log: stage `Preparing package
 * compilation` with step `Finding packages to compile`, then, when something compiles, stage
 * `Compiling packages` with one step `<name>/<version>` per package. A package compiles after
 * its dependencies, up to `workers` at once, and is recorded in the cache once its agent
 * answers. When everything is cached no worker is created. The first failure stops new
 * packages; running ones finish; then PACKAGE_COMPILATION_FAILED names the package and the
 * agent's error. Every worker is deleted before this returns or throws.
 */
export async function compilePackages(
  options: CompilePackagesOptions,
): Promise<Map<string, CompiledPackageRef>> {
  if (!Number.isInteger(options.workers) || options.workers < 1) {
    throw new BosunError(
      'COMPILATION_OPTIONS_INVALID',
      `compilation.workers must be a positive integer, got ${options.workers}`,
    );
  }
  const signal = options.signal ?? new AbortController().signal;
  signal.throwIfAborted();
  const debug = options.debug ?? ((): void => undefined);
  const stemcellDesc = `${options.stemcell.os}/${options.stemcell.version}`;

  const preparing = options.events.beginStage('Preparing package compilation', 1);
  const plan = await preparing.track('Finding packages to compile', () =>
    Promise.resolve().then(() =>
      planCompilation(options.releases, options.stemcell, (key) => options.store.findCompiled(key)),
    ),
  );
  const compiled = new Map<CompileNode, CompiledPackageRef>();
  for (const node of plan.nodes) if (node.cached !== undefined) compiled.set(node, node.cached);
  const pending = plan.nodes.filter((node) => node.cached === undefined);

  if (pending.length === 0) {
    debug('All packages are already compiled');
  } else {
    const stage = options.events.beginStage('Compiling packages', pending.length);
    const reportDeleteFailure = ({ worker, error }: WorkerDeleteFailure): void => {
      const message = `Deleting compilation VM '${worker.name}': ${describeError(error)}`;
      debug(message);
      options.events.warn(message);
    };
    const pool = new CompileWorkerPool({
      reuseWorkers: options.reuseWorkers,
      createWorker: options.createWorker,
      deleteWorker: options.deleteWorker,
      onDeleteFailed: reportDeleteFailure,
      debug,
    });
    const compileOne = async (node: CompileNode): Promise<void> => {
      debug(`Compiling package '${node.desc}' for stemcell '${stemcellDesc}'`);
      try {
        const ref = await stage.track(node.desc, () => compileNode(node, compiled, pool, options, signal));
        compiled.set(node, ref);
        debug(`Finished compiling package '${node.desc}' for stemcell '${stemcellDesc}'`);
      } catch (e) {
        throw new BosunError(
          PACKAGE_COMPILATION_FAILED,
          `Compiling package '${node.desc}': ${describeError(e)}`,
          { cause: e },
        );
      }
    };
    try {
      await runInDependencyOrder(pending, new Set(compiled.keys()), options.workers, compileOne, signal);
    } catch (e) {
      (await pool.deleteIdle()).forEach(reportDeleteFailure);
      throw e;
    }
    const failures = await pool.deleteIdle();
    failures.slice(1).forEach(reportDeleteFailure);
    const first = failures[0];
    if (first !== undefined) {
      throw new BosunError(
        'COMPILATION_VM_DELETE_FAILED',
        `Deleting compilation VM '${first.worker.name}': ${describeError(first.error)}`,
        {
          cause: first.error,
        },
      );
    }
  }

  const refs = new Map<string, CompiledPackageRef>();
  for (const [ref, node] of plan.byRef) {
    const value = compiled.get(node);
    if (value === undefined) throw new Error(`package '${node.desc}' was neither cached nor compiled`);
    refs.set(ref, value);
  }
  return refs;
}

/** Compiles one package on a worker and records it, unless a parallel deploy just did. */
async function compileNode(
  node: CompileNode,
  compiled: ReadonlyMap<CompileNode, CompiledPackageRef>,
  pool: CompileWorkerPool,
  options: CompilePackagesOptions,
  signal: AbortSignal,
): Promise<CompiledPackageRef> {
  const { pkg } = node;
  // BOSH looks again right before compiling: another deployment may have compiled it meanwhile.
  const meanwhile = options.store.findCompiled(node.key);
  if (meanwhile !== undefined) return toRef(pkg, meanwhile);
  if (pkg.blobstoreId === null || pkg.sha1 === null) {
    throw new BosunError(PACKAGE_MISSING_SOURCE_CODE, `Package '${node.desc}' has no source code to compile`);
  }
  const source = { blobstoreId: pkg.blobstoreId, sha1: pkg.sha1 };
  const deps = Object.fromEntries(
    node.dependencies.map((dependency) => {
      const ref = compiled.get(dependency);
      if (ref === undefined)
        throw new Error(`dependency '${dependency.desc}' of '${node.desc}' is not compiled yet`);
      return [
        ref.name,
        { name: ref.name, version: ref.version, sha1: ref.sha1, blobstore_id: ref.blobstoreId },
      ];
    }),
  );
  return pool.withWorker(signal, async (worker) => {
    options.debug?.(`Sending compile_package '${node.desc}' to '${worker.name}'`);
    const answer = await worker.agent.run(
      'compile_package',
      [source.blobstoreId, source.sha1, pkg.name, pkg.version, deps],
      signal,
    );
    const parsed = compileAnswerSchema.safeParse(answer);
    if (!parsed.success) {
      throw new BosunError(
        'AGENT_ANSWER_INVALID',
        `Unexpected compile_package answer from '${worker.name}': ${JSON.stringify(answer) ?? 'nothing'}`,
      );
    }
    const { blobstore_id: blobstoreId, sha1 } = parsed.data.result;
    const record = options.store.createCompiled({ ...node.key, packageName: pkg.name, blobstoreId, sha1 });
    if (record.blobstoreId !== blobstoreId) {
      options.debug?.(
        `Package '${node.desc}' was recorded meanwhile as blob '${record.blobstoreId}'; blob '${blobstoreId}' is unused`,
      );
    }
    return toRef(pkg, record);
  });
}
