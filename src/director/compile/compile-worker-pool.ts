import type { InstanceAgent } from '../deploy/index.js';

/** A compilation VM (or anything running an agent) the executor created. */
export interface CompileWorker {
  /** Names the worker in logs and errors (BOSH: `compilation-<uuid>/<uuid> (0)`). */
  readonly name: string;
  readonly agent: InstanceAgent;
}

/** A worker whose deletion failed. */
export interface WorkerDeleteFailure {
  readonly worker: CompileWorker;
  readonly error: unknown;
}

export interface CompileWorkerPoolOptions {
  readonly reuseWorkers: boolean;
  readonly createWorker: (signal: AbortSignal) => Promise<CompileWorker>;
  readonly deleteWorker: (worker: CompileWorker) => Promise<void>;
  /** Told of a deletion that failed while another error was already on its way up. */
  readonly onDeleteFailed: (failure: WorkerDeleteFailure) => void;
  readonly debug: (message: string) => void;
}

/**
 * Compilation workers as BOSH's `CompilationInstancePool` keeps them: created on demand;
 * with reuse, an idle one is taken before creating another and returned after a success;
 * without, deleted after each package. A worker whose package failed is always deleted.
 * The caller bounds how many `withWorker` calls run at once, which bounds the workers.
 */
export class CompileWorkerPool {
  private readonly idle: CompileWorker[] = [];

  constructor(private readonly options: CompileWorkerPoolOptions) {}

  /**
   * Runs `use` on a worker. When `use` fails, the worker is deleted and the failure passed on
   * (a deletion failure then goes to `onDeleteFailed`). Without reuse, a deletion failure
   * after a success fails the call.
   */
  async withWorker<T>(signal: AbortSignal, use: (worker: CompileWorker) => Promise<T>): Promise<T> {
    const reused = this.idle.pop();
    if (reused !== undefined) this.options.debug(`Reusing compilation VM '${reused.name}'`);
    const worker = reused ?? (await this.create(signal));
    let value: T;
    try {
      value = await use(worker);
    } catch (e) {
      await this.options
        .deleteWorker(worker)
        .catch((error: unknown) => this.options.onDeleteFailed({ worker, error }));
      throw e;
    }
    if (this.options.reuseWorkers) this.idle.push(worker);
    else await this.options.deleteWorker(worker);
    return value;
  }

  /** Deletes every idle worker, all at once; never rejects, answers the failures. */
  async deleteIdle(): Promise<WorkerDeleteFailure[]> {
    const workers = this.idle.splice(0);
    const results = await Promise.allSettled(workers.map((worker) => this.options.deleteWorker(worker)));
    return results.flatMap((result, i) => {
      const worker = workers[i];
      return result.status === 'rejected' && worker !== undefined
        ? [{ worker, error: result.reason as unknown }]
        : [];
    });
  }

  private async create(signal: AbortSignal): Promise<CompileWorker> {
    const worker = await this.options.createWorker(signal);
    this.options.debug(`Created compilation VM '${worker.name}'`);
    return worker;
  }
}
