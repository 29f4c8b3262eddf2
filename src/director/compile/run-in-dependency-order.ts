/** A node of an acyclic dependency graph. */
export interface DependencyNode<T> {
  readonly dependencies: readonly T[];
}

/**
 * Runs `run` for every node of `pending` once all its dependencies are done, at most
 * `parallel` at once, earliest in `pending` order first (BOSH's ready queue in
 * `PackageCompileStage#compile_packages`). `done` holds the nodes that need no run; it grows
 * as runs succeed. After the first failure, or once `signal` aborts, no run starts; the
 * running ones are awaited, then the abort reason or the first failure is thrown.
 */
export async function runInDependencyOrder<T extends DependencyNode<T>>(
  pending: readonly T[],
  done: Set<T>,
  parallel: number,
  run: (node: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const waiting = [...pending];
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const isReady = (node: T): boolean => node.dependencies.every((d) => done.has(d));
  for (;;) {
    while (failure === undefined && signal?.aborted !== true && running.size < parallel) {
      const index = waiting.findIndex(isReady);
      if (index < 0) break;
      const [node] = waiting.splice(index, 1);
      if (node === undefined) break;
      const started: Promise<void> = run(node).then(
        () => {
          done.add(node);
        },
        (error: unknown) => {
          failure ??= { error };
        },
      );
      const tracked = started.finally(() => running.delete(tracked));
      running.add(tracked);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  signal?.throwIfAborted();
  if (failure !== undefined) throw failure.error;
  if (waiting.length > 0) throw new Error(`${waiting.length} packages never became ready: dependency cycle`);
}
