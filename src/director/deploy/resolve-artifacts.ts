import { BosunError } from '../../base/index.js';
import type { DeploymentManifest } from '../../manifest/index.js';
import { compareReleaseVersions, parseReleaseVersion } from '../../release/index.js';
import type { DirectorStore, ReleaseVersionDetail, StemcellRecord } from '../store/index.js';

/** The release versions and stemcells a manifest names, found in the store. */
export interface ResolvedArtifacts {
  /** By release name. */
  readonly releases: ReadonlyMap<string, ReleaseVersionDetail>;
  /** By stemcell alias. */
  readonly stemcells: ReadonlyMap<string, StemcellRecord>;
}

/**
 * Finds every release version and stemcell of the manifest (`latest` is the highest version
 * uploaded). Throws BosunError `RELEASE_NOT_FOUND` / `STEMCELL_NOT_FOUND` with BOSH's words
 * and what to upload, before anything changes.
 */
export function resolveArtifacts(manifest: DeploymentManifest, store: DirectorStore): ResolvedArtifacts {
  const releases = new Map<string, ReleaseVersionDetail>();
  const uploadedReleases = store.releases.list();
  for (const wanted of manifest.releases) {
    const summary = uploadedReleases.find((r) => r.name === wanted.name);
    if (summary === undefined || summary.versions.length === 0) {
      throw new BosunError('RELEASE_NOT_FOUND', `Release '${wanted.name}' doesn't exist`, {
        hint: `Upload it first: bosun upload-release <tarball or release dir>`,
      });
    }
    const version =
      wanted.version === 'latest'
        ? highest(summary.versions.map((v) => v.version))
        : wanted.version;
    const detail = store.releases.findVersion(wanted.name, version);
    if (detail === undefined) {
      throw new BosunError('RELEASE_NOT_FOUND', `Release version '${wanted.name}/${version}' doesn't exist`, {
        hint: `Uploaded versions: ${summary.versions.map((v) => v.version).join(', ')}`,
      });
    }
    releases.set(wanted.name, detail);
  }
  const stemcells = new Map<string, StemcellRecord>();
  const uploadedStemcells = store.stemcells.list();
  for (const wanted of manifest.stemcells) {
    const candidates = uploadedStemcells.filter((s) => (wanted.name !== undefined ? s.name === wanted.name : s.os === wanted.os));
    const what = wanted.name !== undefined ? `name '${wanted.name}'` : `os '${wanted.os ?? ''}'`;
    const version = wanted.version === 'latest' ? highest(candidates.map((s) => s.version)) : wanted.version;
    const stemcell = candidates.find((s) => s.version === version);
    if (stemcell === undefined) {
      throw new BosunError(
        'STEMCELL_NOT_FOUND',
        `Stemcell with ${what} and version '${wanted.version}' (alias '${wanted.alias}') doesn't exist`,
        {
          hint:
            'Upload one first. For local VMs a virtual stemcell is enough: ' +
            `bosun upload-stemcell --os ${wanted.os ?? 'ubuntu-jammy'} --version 1`,
        },
      );
    }
    stemcells.set(wanted.alias, stemcell);
  }
  return { releases, stemcells };
}

function highest(versions: readonly string[]): string {
  let best: string | undefined;
  for (const v of versions) {
    if (best === undefined || compareVersions(v, best) > 0) best = v;
  }
  return best ?? 'latest';
}

function compareVersions(a: string, b: string): number {
  try {
    return compareReleaseVersions(parseReleaseVersion(a), parseReleaseVersion(b));
  } catch {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
