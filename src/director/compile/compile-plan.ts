import { BosunError } from '../../base/index.js';
import { RELEASE_DEPENDENCY_INVALID, sortPackagesByDependencies } from '../../release/index.js';
import type { CompiledPackageKey, CompiledPackageRecord, PackageRecord } from '../store/index.js';
import { buildDependencyKey } from './dependency-key.js';

/** A compiled package as instances and the agent need it: `{name, version, sha1, blobstore_id}` of the apply spec. */
export interface CompiledPackageRef {
  readonly name: string;
  readonly version: string;
  readonly sha1: string;
  readonly blobstoreId: string;
}

/** The packages of one release version a deployment uses. */
export interface ReleasePackages {
  readonly name: string;
  readonly version: string;
  /** Every package of the release version. */
  readonly packages: readonly PackageRecord[];
  /** The packages the deployment's jobs name; their dependencies are added. */
  readonly needed: readonly string[];
}

/** One package to have compiled for the stemcell, once however many releases carry it. */
export interface CompileNode {
  /** `<name>/<version>`, as BOSH names the step. */
  readonly desc: string;
  readonly pkg: PackageRecord;
  readonly key: CompiledPackageKey;
  /** Its direct dependencies: the agent installs these while compiling it. */
  readonly dependencies: readonly CompileNode[];
  /** The cached compiled package, when there is one. */
  readonly cached: CompiledPackageRef | undefined;
}

export interface CompilationPlan {
  /** Every package involved, once each, dependencies before their dependents. */
  readonly nodes: readonly CompileNode[];
  /** `<release>/<package>` of every package involved → its node. */
  readonly byRef: ReadonlyMap<string, CompileNode>;
}

export const PACKAGE_MISSING_SOURCE_CODE = 'PACKAGE_MISSING_SOURCE_CODE';

/**
 * Finds what to compile (BOSH's `CompiledPackageRequirementGenerator`): the needed packages
 * of each release and their dependencies, each with its cache key (fingerprint, stemcell,
 * dependency key) and its cached compiled package if `findCompiled` knows one. A package
 * without source that is not cached fails with BOSH's `PackageMissingSourceCode` words.
 * Touches nothing but `findCompiled`.
 */
export function planCompilation(
  releases: readonly ReleasePackages[],
  stemcell: { readonly os: string; readonly version: string },
  findCompiled: (key: CompiledPackageKey) => CompiledPackageRecord | undefined,
): CompilationPlan {
  const nodes = new Map<string, CompileNode>();
  const byRef = new Map<string, CompileNode>();
  const faults: string[] = [];
  for (const release of releases) {
    const releaseNodes = new Map<string, CompileNode>();
    const missingSource: PackageRecord[] = [];
    for (const pkg of sortPackagesByDependencies(neededClosure(release))) {
      const key: CompiledPackageKey = {
        packageFingerprint: pkg.fingerprint,
        stemcellOs: stemcell.os,
        stemcellVersion: stemcell.version,
        dependencyKey: buildDependencyKey(pkg, release.packages),
      };
      const identity = JSON.stringify([pkg.name, key.packageFingerprint, key.dependencyKey]);
      let node = nodes.get(identity);
      if (node === undefined) {
        const record = findCompiled(key);
        node = {
          desc: `${pkg.name}/${pkg.version}`,
          pkg,
          key,
          dependencies: pkg.dependencies.map((name) => mustGet(releaseNodes, name)),
          cached: record === undefined ? undefined : toRef(pkg, record),
        };
        nodes.set(identity, node);
      }
      if (node.cached === undefined && (pkg.blobstoreId === null || pkg.sha1 === null))
        missingSource.push(pkg);
      releaseNodes.set(pkg.name, node);
      byRef.set(`${release.name}/${pkg.name}`, node);
    }
    if (missingSource.length > 0) faults.push(describeMissingSource(release, stemcell, missingSource));
  }
  if (faults.length > 0) {
    throw new BosunError(PACKAGE_MISSING_SOURCE_CODE, faults.join('\n'), {
      hint: 'Upload the release with its source packages, or a release compiled against this stemcell.',
    });
  }
  return { nodes: [...nodes.values()], byRef };
}

/** The compiled package of `pkg` as recorded in the store. */
export function toRef(pkg: PackageRecord, record: CompiledPackageRecord): CompiledPackageRef {
  return { name: pkg.name, version: pkg.version, sha1: record.sha1, blobstoreId: record.blobstoreId };
}

function neededClosure(release: ReleasePackages): PackageRecord[] {
  const byName = new Map(release.packages.map((p) => [p.name, p]));
  const wanted = new Set<string>();
  const visit = (name: string): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    // A missing dependency is reported by sortPackagesByDependencies in its own words.
    for (const dependency of byName.get(name)?.dependencies ?? [])
      if (byName.has(dependency)) visit(dependency);
  };
  for (const name of release.needed) {
    if (!byName.has(name)) {
      throw new BosunError(
        RELEASE_DEPENDENCY_INVALID,
        `Package '${name}' is not in release '${release.name}/${release.version}'`,
      );
    }
    visit(name);
  }
  return release.packages.filter((p) => wanted.has(p.name));
}

function mustGet(nodes: ReadonlyMap<string, CompileNode>, name: string): CompileNode {
  const node = nodes.get(name);
  if (node === undefined) throw new Error(`package '${name}' was not planned before its dependents`);
  return node;
}

// PackageValidator#message_for_single_stemcell, packages sorted by name.
function describeMissingSource(
  release: ReleasePackages,
  stemcell: { readonly os: string; readonly version: string },
  packages: readonly PackageRecord[],
): string {
  const lines = [...packages]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => ` - '${p.name}/${p.version}'`);
  return [
    `Can't use release '${release.name}/${release.version}'. It references packages without source code and are not compiled against stemcell '${stemcell.os}/${stemcell.version}':`,
    ...lines,
  ].join('\n');
}
