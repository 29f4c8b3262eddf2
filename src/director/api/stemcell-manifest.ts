import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BosunError, describeError } from '../../base/index.js';
import { formatSchemaIssues } from '../../protocol/index.js';
import { fromRubyValue, loadYaml } from '../../yaml/index.js';

/** The file in a stemcell tarball that says what it is. */
export const STEMCELL_MANIFEST = 'stemcell.MF';

/** `stemcell.MF`, the fields the Director reads. */
export const stemcellManifestSchema = z.looseObject({
  name: z.string().min(1),
  version: z.union([z.string().min(1), z.number()]).transform(String),
  operating_system: z.string().min(1),
  api_version: z.number().int().positive().optional(),
  cloud_properties: z.record(z.string(), z.unknown()).default({}),
});
export type StemcellManifest = z.infer<typeof stemcellManifestSchema>;

/** Reads and validates `<dir>/stemcell.MF`; problems name their paths. */
export async function readStemcellManifest(dir: string): Promise<StemcellManifest> {
  let raw: unknown;
  try {
    raw = fromRubyValue(loadYaml(await readFile(`${dir}/${STEMCELL_MANIFEST}`, 'utf8'), STEMCELL_MANIFEST));
  } catch (e) {
    throw new BosunError('STEMCELL_INVALID', `Reading the stemcell manifest failed: ${describeError(e)}`, {
      cause: e,
    });
  }
  const parsed = stemcellManifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BosunError(
      'STEMCELL_INVALID',
      `Stemcell manifest is invalid:\n  ${formatSchemaIssues(parsed.error).join('\n  ')}`,
    );
  }
  return parsed.data;
}

/** The text of a `stemcell.MF` for a stemcell without an image (see VirtualStemcellRequest). */
export function formatVirtualStemcellManifest(name: string, os: string, version: string): string {
  return `name: ${JSON.stringify(name)}\nversion: ${JSON.stringify(version)}\noperating_system: ${JSON.stringify(os)}\ncloud_properties: {}\n`;
}
