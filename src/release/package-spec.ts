import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BosunError, describeError, formatSchemaIssues } from '../base/index.js';
import { fromRubyValue, loadYaml } from '../yaml/index.js';
import { VALID_ID } from './job-spec.js';

/** The error code of an invalid package spec or package directory. */
export const PACKAGE_INVALID = 'PACKAGE_INVALID';

const names = z.array(z.string()).nullish();

const packageSpecSchema = z.object({
  name: z.string().regex(VALID_ID, 'must use only letters, digits, -, _, + and .'),
  dependencies: names,
  files: names,
  excluded_files: names,
});

/**
 * A package spec (`packages/<name>/spec`), as bosh-cli reads it (`release/pkg/manifest`):
 * other keys are ignored; absent or null lists are empty.
 */
export interface PackageSpec {
  name: string;
  /** Names of the packages this one needs at compile time, in spec order. */
  dependencies: readonly string[];
  /** Globs matched in `src/` and `blobs/`. */
  files: readonly string[];
  /** Globs whose matches are taken out of `files`' matches. */
  excludedFiles: readonly string[];
}

/**
 * Reads and validates a package spec file. Throws INPUT_UNREADABLE
 * (`Reading package spec '<path>': ...`), YAML_INVALID, or PACKAGE_INVALID
 * (`Unmarshalling package spec '<path>': <every problem with its path>`).
 */
export async function readPackageSpec(path: string): Promise<PackageSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new BosunError('INPUT_UNREADABLE', `Reading package spec '${path}': ${describeError(e)}`, {
      cause: e,
      hint: 'Every directory under packages/ needs a spec file with at least a name.',
    });
  }
  const parsed = packageSpecSchema.safeParse(fromRubyValue(loadYaml(text, path)) ?? {});
  if (!parsed.success) {
    throw new BosunError(
      PACKAGE_INVALID,
      `Unmarshalling package spec '${path}': ${formatSchemaIssues(parsed.error).join('; ')}`,
      { hint: 'A package spec has name, dependencies (names), files and excluded_files (globs).' },
    );
  }
  const spec = parsed.data;
  return {
    name: spec.name,
    dependencies: spec.dependencies ?? [],
    files: spec.files ?? [],
    excludedFiles: spec.excluded_files ?? [],
  };
}
