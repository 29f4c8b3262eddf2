import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../base/index.js';
import { formatEventLog, parseTaskEventLines } from '../../protocol/index.js';
import type { InstanceAgent } from '../deploy/index.js';
import { DirectorStore, type PackageInput, type PackageRecord } from '../store/index.js';
import { TaskEventLog } from '../tasks/index.js';
import type { CompileWorker } from './compile-worker-pool.js';

/**
 * A package of a test release: `[name, dependencies, version?]`; the version defaults to
 * `<name>-v` and the fingerprint is `fp-<version>`.
 */
export type PackageSketch = readonly [string, readonly string[], string?];

/** A real DirectorStore in a temporary directory, an event log and helpers to build releases. */
export class CompileTestBed {
  readonly clock = new FakeClock(1_704_103_262_000);
  readonly lines: string[] = [];
  readonly events = new TaskEventLog((line) => this.lines.push(line), this.clock);
  readonly store: DirectorStore;
  private readonly dataDir: string;

  constructor() {
    this.dataDir = mkdtempSync(join(tmpdir(), 'bosun-compile-'));
    this.store = DirectorStore.open({ dataDir: this.dataDir, clock: this.clock });
  }

  /** Stores a release version; packages without source when `withoutSource` names them. */
  createRelease(
    name: string,
    version: string,
    packages: readonly PackageSketch[],
    withoutSource: readonly string[] = [],
  ): { name: string; version: string; packages: PackageRecord[] } {
    const inputs = packages.map(([pkg, dependencies, pkgVersion = `${pkg}-v`]): PackageInput => {
      const hasSource = !withoutSource.includes(pkg);
      return {
        name: pkg,
        version: pkgVersion,
        fingerprint: `fp-${pkgVersion}`,
        sha1: hasSource ? `sha1-src-${pkg}` : null,
        blobstoreId: hasSource ? `src-${pkg}` : null,
        dependencies: [...dependencies],
      };
    });
    const detail = this.store.releases.createVersion({
      name,
      version,
      commitHash: 'abc',
      uncommittedChanges: false,
      jobs: [],
      packages: inputs,
    });
    return { name, version, packages: detail.packages };
  }

  /** The event log as `bosh task` renders it. */
  renderedEvents(): string {
    return formatEventLog(1, parseTaskEventLines(this.lines.join('\n') + '\n'));
  }

  close(): void {
    this.store.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** One `compile_package` an agent received. */
export interface CompileCall {
  readonly worker: string;
  readonly name: string;
  readonly args: readonly unknown[];
  readonly signal: AbortSignal | undefined;
}

/** How a fake agent answers `compile_package` for a package; default: compiled at once. */
export type CompileAnswer = (call: CompileCall) => Promise<unknown>;

/**
 * Creates and deletes fake compilation workers and records what happened to them, in order:
 * `create w1`, `compile p on w1`, `done p`, `delete w1`.
 */
export class FakeCompileFarm {
  readonly log: string[] = [];
  readonly calls: CompileCall[] = [];
  readonly alive = new Set<string>();
  maxAlive = 0;
  running = 0;
  maxRunning = 0;
  private created = 0;

  constructor(private readonly answers: Record<string, CompileAnswer> = {}) {}

  readonly createWorker = (): Promise<CompileWorker> => {
    this.created += 1;
    const name = `w${this.created}`;
    this.alive.add(name);
    this.maxAlive = Math.max(this.maxAlive, this.alive.size);
    this.log.push(`create ${name}`);
    return Promise.resolve({ name, agent: this.agentFor(name) });
  };

  readonly deleteWorker = (worker: CompileWorker): Promise<void> => {
    this.alive.delete(worker.name);
    this.log.push(`delete ${worker.name}`);
    return Promise.resolve();
  };

  get createdCount(): number {
    return this.created;
  }

  private agentFor(worker: string): InstanceAgent {
    return {
      call: (method) => Promise.reject(new Error(`unexpected call '${method}'`)),
      run: async (method, args, signal) => {
        if (method !== 'compile_package') throw new Error(`unexpected run '${method}'`);
        const call: CompileCall = { worker, name: String(args[2]), args, signal };
        this.calls.push(call);
        this.log.push(`compile ${call.name} on ${worker}`);
        this.running += 1;
        this.maxRunning = Math.max(this.maxRunning, this.running);
        try {
          // A turn of the event loop, so that packages ready together overlap.
          await new Promise<void>((resolve) => setImmediate(resolve));
          const answer = this.answers[call.name];
          const value =
            answer === undefined ? compiledAnswer(call.name) : await untilAborted(answer(call), signal);
          this.log.push(`done ${call.name}`);
          return value;
        } catch (e) {
          this.log.push(`failed ${call.name}`);
          throw e;
        } finally {
          this.running -= 1;
        }
      },
    };
  }
}

/** Settles as `promise` does, or rejects with the abort reason first, as the agent client cancels. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The agent's answer for a compiled package. */
export function compiledAnswer(name: string): { result: { blobstore_id: string; sha1: string } } {
  return { result: { blobstore_id: `compiled-${name}`, sha1: `sha1-${name}` } };
}

/** A promise settled from outside. */
export class Deferred<T> {
  resolve!: (value: T) => void;
  reject!: (reason: unknown) => void;
  readonly promise = new Promise<T>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });

  constructor() {
    // Rejected before anyone awaits it is fine: whoever awaits it later still sees the rejection.
    this.promise.catch(() => undefined);
  }
}

/** Waits until `condition` holds, turning the event loop (no timers). */
export async function until(condition: () => boolean, turns = 200): Promise<void> {
  for (let i = 0; i < turns && !condition(); i += 1)
    await new Promise<void>((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never held');
}
