/** Something that can depend on others by name (a monit service). */
export interface DependencyNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/** The result of ordering: every node in dependency order, or the service a loop involves. */
export type DependencyOrder<T> = { readonly order: readonly T[] } | { readonly loopAt: T };

/**
 * Monit's `check_depend`: passes over the services in file order, each pass placing every
 * service whose dependencies are already placed, until all are placed or a pass places none
 * (a loop). On a loop, the service named is the one monit names: the first unplaced dependency
 * of the last unplaced service. Names compare case-insensitively; dependencies on names not in
 * `nodes` are ignored (callers check those first).
 */
export function sortByDependencies<T extends DependencyNode>(nodes: readonly T[]): DependencyOrder<T> {
  const byName = new Map<string, T>();
  for (const node of nodes)
    if (!byName.has(node.name.toLowerCase())) byName.set(node.name.toLowerCase(), node);
  const placed = new Set<T>();
  const order: T[] = [];
  for (;;) {
    let blocker: T | undefined;
    let placedSome = false;
    for (const node of nodes) {
      if (placed.has(node)) continue;
      const waitingFor = node.dependsOn
        .map((name) => byName.get(name.toLowerCase()))
        .find((dependency) => dependency !== undefined && !placed.has(dependency));
      if (waitingFor === undefined) {
        placed.add(node);
        order.push(node);
        placedSome = true;
      } else {
        blocker = waitingFor;
      }
    }
    if (blocker === undefined) return { order };
    if (!placedSome) return { loopAt: blocker };
  }
}
