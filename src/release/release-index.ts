import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { BosunError, describeError, formatSchemaIssues } from '../base/index.js';
import { fromRubyValue, loadYaml } from '../yaml/index.js';
import { compareReleaseVersions, parseReleaseVersion, type ReleaseVersion } from './release-version.js';

const indexSchema = z.object({
  builds: z
    .record(z.string(), z.object({ version: z.union([z.string(), z.number(), z.bigint()]) }))
    .nullish(),
});

/**
 * The versions an index lists: `dev_releases/<name>/index.yml` or `releases/<name>/index.yml`
 * (bosh-cli `FSReleaseIndex`: `builds: {<id>: {version}}`, `format-version: "2"`).
 */
export async function readReleaseIndex(indexDir: string, name: string): Promise<string[]> {
  return Object.values(await readIndexBuilds(join(indexDir, name, 'index.yml'))).map((b) => b.version);
}

/** The greatest version of `name` among the dev and final releases of a release directory. */
export async function lastReleaseVersion(
  releaseDir: string,
  name: string,
): Promise<ReleaseVersion | undefined> {
  const versions = [
    ...(await readReleaseIndex(join(releaseDir, 'dev_releases'), name)),
    ...(await readReleaseIndex(join(releaseDir, 'releases'), name)),
  ].map(parseReleaseVersion);
  return versions.sort(compareReleaseVersions).at(-1);
}

/**
 * Records a dev release as bosh-cli does: its manifest in
 * `dev_releases/<name>/<name>-<version>.yml` and a new build in `index.yml` (ids sorted).
 * Throws RELEASE_EXISTS (`Release version '<v>' already exists`) when the index has it.
 */
export async function addDevRelease(
  releaseDir: string,
  release: { name: string; version: string; manifestText: string },
  newId: () => string,
): Promise<void> {
  const indexDir = join(releaseDir, 'dev_releases');
  const path = join(indexDir, release.name, 'index.yml');
  const existing = await readIndexBuilds(path);
  if (Object.values(existing).some((b) => b.version === release.version)) {
    throw new BosunError('RELEASE_EXISTS', `Release version '${release.version}' already exists`, {
      hint: 'Pass another --version, or leave it out to get the next dev version.',
    });
  }
  const builds = { ...existing, [newId()]: { version: release.version } };
  const sorted = Object.fromEntries(Object.entries(builds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await mkdir(join(indexDir, release.name), { recursive: true });
  await writeFile(
    join(indexDir, release.name, `${release.name}-${release.version}.yml`),
    release.manifestText,
  );
  await writeFile(
    path,
    stringify({ builds: sorted, 'format-version': '2' }, { version: '1.1', indentSeq: false }),
  );
}

async function readIndexBuilds(path: string): Promise<Record<string, { version: string }>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new BosunError('INPUT_UNREADABLE', `Reading index '${path}': ${describeError(e)}`, { cause: e });
  }
  const parsed = indexSchema.safeParse(fromRubyValue(loadYaml(text, path)) ?? {});
  if (!parsed.success) {
    throw new BosunError(
      'RELEASE_CONFIG_INVALID',
      `Unmarshalling index '${path}': ${formatSchemaIssues(parsed.error).join('; ')}`,
    );
  }
  const builds = parsed.data.builds ?? {};
  return Object.fromEntries(Object.entries(builds).map(([id, b]) => [id, { version: String(b.version) }]));
}
