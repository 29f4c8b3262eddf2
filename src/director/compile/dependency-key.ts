import { BosunError } from '../../base/index.js';
import { RELEASE_DEPENDENCY_INVALID, type PackageNode } from '../../release/index.js';

/** What the dependency key needs of a package: its name, version and dependency names. */
export interface KeyedPackage extends PackageNode {
  readonly version: string;
}

type KeyEntry = [string, string] | [string, string, KeyEntry[]];

/**
 * BOSH's `dependency_key` of a package (`KeyGenerator#dependency_key_from_models`): the JSON
 * of its dependencies sorted by name, each `[name, version]` followed, when it has
 * dependencies of its own, by their entries the same way; `[]` without dependencies. A
 * package compiled against other dependency versions has another key, so it compiles again.
 * `release` is every package of the package's release version, where dependencies resolve.
 * Pure; assumes no cycles (checked on upload and by `sortPackagesByDependencies`).
 */
export function buildDependencyKey(pkg: KeyedPackage, release: readonly KeyedPackage[]): string {
  const byName = new Map(release.map((p) => [p.name, p]));
  const entriesOf = (parent: KeyedPackage): KeyEntry[] =>
    [...parent.dependencies].sort(compareNames).map((name) => {
      const dependency = byName.get(name);
      if (dependency === undefined) {
        throw new BosunError(
          RELEASE_DEPENDENCY_INVALID,
          `Expected to find package '${name}' since it's a dependency of package '${parent.name}'`,
        );
      }
      return dependency.dependencies.length === 0
        ? [dependency.name, dependency.version]
        : [dependency.name, dependency.version, entriesOf(dependency)];
    });
  return JSON.stringify(entriesOf(pkg));
}

// Ruby's String#<=> compares bytes; for the names BOSH allows that is code-unit order.
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
