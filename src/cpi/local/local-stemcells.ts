import { readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tar from 'tar';
import { describeError } from '../../base/index.js';
import { fromRubyValue, loadYaml } from '../../yaml/index.js';
import type { CpiHash } from '../cpi.js';
import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';
import { isSafeCid, newCid, writeRecord } from './cpi-dir.js';
import type { LocalCpiContext } from './local-cpi-context.js';
import type { StemcellRecord } from './local-records.js';

const MANIFEST = 'stemcell.MF';

/**
 * `create_stemcell`: records the stemcell and returns its CID. The local CPI's VMs share the
 * host's operating system, so nothing is imported: the stemcell's identity (name, OS,
 * version from its `stemcell.MF`) is kept so that VMs name it and a changed stemcell can be
 * told apart. `imagePath` may be a stemcell directory, a stemcell tarball, or the `image`
 * file of an extracted stemcell (as the BOSH Director passes it), with `stemcell.MF` beside
 * it; without a manifest, `cloud_properties.name` and `.version` are used.
 */
export async function createLocalStemcell(
  ctx: LocalCpiContext,
  imagePath: string,
  cloudProperties: CpiHash,
): Promise<string> {
  const info = await stat(imagePath).catch(() => null);
  if (info === null)
    throw new CpiError(CPI_ERROR_TYPES.cloud, `Stemcell image '${imagePath}' does not exist`);
  let manifestText: string | null;
  try {
    manifestText = info.isDirectory()
      ? await readIfExists(join(imagePath, MANIFEST))
      : await readManifestOfFile(imagePath);
  } catch (e) {
    throw new CpiError(
      CPI_ERROR_TYPES.cloud,
      `Cannot read the stemcell manifest of '${imagePath}': ${describeError(e)}`,
      { cause: e },
    );
  }
  const manifest = manifestText === null ? {} : parseManifest(manifestText, imagePath);
  const text = (v: unknown): string | null =>
    typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  const record: StemcellRecord = {
    cid: newCid('sc'),
    name: text(manifest['name'] ?? cloudProperties['name']),
    operating_system: text(
      manifest['operating_system'] ?? cloudProperties['operating_system'] ?? cloudProperties['os'],
    ),
    version: text(manifest['version'] ?? cloudProperties['version']),
    api_version: typeof manifest['api_version'] === 'number' ? manifest['api_version'] : null,
    image_path: imagePath,
    cloud_properties: cloudProperties,
    created_at: new Date(ctx.clock.nowMs()).toISOString(),
  };
  await writeRecord(ctx.dir.stemcellRecord(record.cid), record);
  ctx.log.write(
    `stemcell ${record.cid} recorded: ${record.name ?? '?'}/${record.version ?? '?'} (${record.operating_system ?? '?'})`,
  );
  return record.cid;
}

/** `delete_stemcell`: forgets the record; an unknown stemcell is already deleted. */
export async function deleteLocalStemcell(ctx: LocalCpiContext, stemcellCid: string): Promise<void> {
  if (!isSafeCid(stemcellCid)) return;
  await rm(ctx.dir.stemcellRecord(stemcellCid), { force: true });
}

async function readManifestOfFile(file: string): Promise<string | null> {
  const beside = await readIfExists(join(dirname(file), MANIFEST));
  if (beside !== null) return beside;
  if (!/\.(tgz|tar\.gz|tar)$/.test(basename(file))) return null;
  let found: string | null = null;
  await tar.list({
    file,
    onReadEntry: (entry) => {
      if (entry.path.replace(/^\.\//, '') !== MANIFEST) return;
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        found = Buffer.concat(chunks).toString('utf8');
      });
    },
  });
  return found;
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function parseManifest(text: string, source: string): Record<string, unknown> {
  const value = fromRubyValue(loadYaml(text, `${source}/${MANIFEST}`));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CpiError(CPI_ERROR_TYPES.cloud, `The stemcell manifest of '${source}' is not a hash`);
  }
  return value as Record<string, unknown>;
}
