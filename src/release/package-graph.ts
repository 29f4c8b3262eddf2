import { BosunError } from '../base/index.js';

/** The error code of a package or job that needs a package the release lacks, or of a cycle. */
export const RELEASE_DEPENDENCY_INVALID = 'RELEASE_DEPENDENCY_INVALID';

/** What the dependency checks need of a package. */
export interface PackageNode {
  name: string;
  dependencies: readonly string[];
}

/**
 * Checks a release's package dependencies and returns the packages in compile order
 * (dependencies before their dependents, otherwise in the given order). Pure.
 *
 * Throws RELEASE_DEPENDENCY_INVALID with bosh-cli's words for a missing dependency
 * (`Expected to find package 'b' since it's a dependency of package 'a'`) and the Director's
 * for a cycle (`Cycle: a=>b=>a`, the depth-first path from the first package that reaches it,
 * `CycleHelper.check_for_cycle`).
 */
export function sortPackagesByDependencies<T extends PackageNode>(packages: readonly T[]): T[] {
  const byName = new Map(packages.map((p) => [p.name, p]));
  for (const pkg of packages) {
    for (const dependency of pkg.dependencies) {
      if (!byName.has(dependency)) {
        throw new BosunError(
          RELEASE_DEPENDENCY_INVALID,
          `Expected to find package '${dependency}' since it's a dependency of package '${pkg.name}'`,
          {
            hint: `Add package '${dependency}' to the release, or remove it from the dependencies of '${pkg.name}'.`,
          },
        );
      }
    }
  }
  const acyclic = new Set<string>();
  for (const pkg of packages) findCycle(pkg.name, [], byName, acyclic);
  const sorted: T[] = [];
  const placed = new Set<string>();
  const place = (pkg: T): void => {
    if (placed.has(pkg.name)) return;
    placed.add(pkg.name);
    for (const dependency of pkg.dependencies) {
      const found = byName.get(dependency);
      if (found !== undefined) place(found);
    }
    sorted.push(pkg);
  };
  packages.forEach(place);
  return sorted;
}

/**
 * Checks that every package a job names is in the release. Throws RELEASE_DEPENDENCY_INVALID
 * with `message(package)` (bosh-cli's or the Director's words, depending on the caller).
 */
export function checkJobPackages(
  job: { name: string; packages: readonly string[] },
  packageNames: ReadonlySet<string>,
  message: (packageName: string) => string,
): void {
  for (const name of job.packages) {
    if (!packageNames.has(name)) {
      throw new BosunError(RELEASE_DEPENDENCY_INVALID, message(name), {
        hint: `Add package '${name}' to the release, or remove it from 'packages' in the spec of job '${job.name}'.`,
      });
    }
  }
}

/** Depth-first as the Director walks; `acyclic` remembers packages that reach no cycle. */
function findCycle(
  name: string,
  path: readonly string[],
  byName: ReadonlyMap<string, PackageNode>,
  acyclic: Set<string>,
): void {
  if (acyclic.has(name)) return;
  const here = [...path, name];
  for (const dependency of byName.get(name)?.dependencies ?? []) {
    if (here.includes(dependency)) {
      throw new BosunError(RELEASE_DEPENDENCY_INVALID, `Cycle: ${here.join('=>')}=>${dependency}`, {
        hint: 'Packages may not depend on themselves, directly or through other packages.',
      });
    }
    findCycle(dependency, here, byName, acyclic);
  }
  acyclic.add(name);
}
