import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BosunError, describeError, formatSchemaIssues } from '../base/index.js';
import { fromRubyValue, loadYaml } from '../yaml/index.js';

/** The error code of an invalid or missing `config/` file. */
export const RELEASE_CONFIG_INVALID = 'RELEASE_CONFIG_INVALID';

const blobstoreSchema = z.object({
  provider: z.string().nullish(),
  options: z.record(z.string(), z.unknown()).nullish(),
});
const finalSchema = z.object({
  name: z.string().nullish(),
  final_name: z.string().nullish(),
  blobstore: blobstoreSchema.nullish(),
});
const privateSchema = z.object({ blobstore: blobstoreSchema.nullish() });
const devSchema = z.object({ dev_name: z.string().nullish() });

/** What a release directory's `config/` says (bosh-cli `releasedir/fs_config.go`). */
export interface ReleaseConfig {
  /**
   * The release name: `final.yml`'s `name` (or legacy `final_name`), else the Ruby CLI's
   * `dev.yml` `dev_name`; undefined when neither says.
   */
  name: string | undefined;
  /** Whether `final.yml` or `private.yml` exists: bosh-cli's test for a release directory. */
  isReleaseDir: boolean;
  /** The blobstore of `final.yml`, with `private.yml`'s options merged over it. */
  blobstore: { provider: string; options: Readonly<Record<string, unknown>> } | undefined;
}

/**
 * Reads `config/final.yml`, `config/private.yml` and `config/dev.yml` (each optional).
 * Throws RELEASE_CONFIG_INVALID with bosh-cli's words for `name` and `final_name` together.
 */
export async function readReleaseConfig(releaseDir: string): Promise<ReleaseConfig> {
  const finalPath = join(releaseDir, 'config', 'final.yml');
  const final = await readConfigFile(finalPath, finalSchema);
  const secrets = await readConfigFile(join(releaseDir, 'config', 'private.yml'), privateSchema);
  const dev = await readConfigFile(join(releaseDir, 'config', 'dev.yml'), devSchema);
  if (nonEmpty(final?.name) !== undefined && nonEmpty(final?.final_name) !== undefined) {
    throw new BosunError(
      RELEASE_CONFIG_INVALID,
      `Expected 'name' or 'final_name' but not both in config '${finalPath}'`,
      { hint: "Keep 'name' and remove 'final_name'." },
    );
  }
  const name = nonEmpty(final?.name) ?? nonEmpty(final?.final_name) ?? nonEmpty(dev?.dev_name);
  const provider = nonEmpty(final?.blobstore?.provider);
  const options = { ...(final?.blobstore?.options ?? {}), ...(secrets?.blobstore?.options ?? {}) };
  const isReleaseDir = final !== undefined || secrets !== undefined;
  return { name, isReleaseDir, blobstore: provider === undefined ? undefined : { provider, options } };
}

/**
 * The release's name: `--name` when given, else the config's; throws RELEASE_CONFIG_INVALID
 * with bosh-cli's words when there is none.
 */
export function releaseNameOf(config: ReleaseConfig, releaseDir: string, override?: string): string {
  const name = override ?? config.name;
  if (name !== undefined) return name;
  if (!config.isReleaseDir) {
    throw new BosunError(
      RELEASE_CONFIG_INVALID,
      "Sorry, it looks like your current directory isn't a release directory",
      {
        hint: `${releaseDir} has no config/final.yml; give the directory of a BOSH release (jobs/, packages/, config/), or pass --name.`,
      },
    );
  }
  throw new BosunError(
    RELEASE_CONFIG_INVALID,
    `Expected non-empty 'name' in config '${join(releaseDir, 'config', 'final.yml')}'`,
    {
      hint: "Write 'name: <release name>' in config/final.yml, or pass --name.",
    },
  );
}

async function readConfigFile<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BosunError('INPUT_UNREADABLE', `Reading config '${path}': ${describeError(e)}`, { cause: e });
  }
  const parsed = schema.safeParse(fromRubyValue(loadYaml(text, path)) ?? {});
  if (!parsed.success) {
    throw new BosunError(
      RELEASE_CONFIG_INVALID,
      `Unmarshalling config '${path}': ${formatSchemaIssues(parsed.error).join('; ')}`,
    );
  }
  return parsed.data;
}

function nonEmpty(text: string | null | undefined): string | undefined {
  return text === null || text === undefined || text === '' ? undefined : text;
}
