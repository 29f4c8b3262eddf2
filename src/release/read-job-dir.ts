import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BosunError, describeError } from '../base/index.js';
import { loadYaml } from '../yaml/index.js';
import {
  JOB_SPEC_INVALID,
  parseJobSpec,
  readJobSpecName,
  readJobSpecTemplates,
  requireSpecHash,
  type JobSpec,
} from './job-spec.js';

/** A job read from disk: a release source tree's `jobs/<name>`, or an extracted job tarball. */
export interface JobSource {
  /** The job directory, absolute. */
  dir: string;
  /** `source` when the directory has a `spec`, `tarball` when it has a `job.MF`. */
  kind: 'source' | 'tarball';
  /** Path of the `spec` or `job.MF` that was read. */
  specFile: string;
  spec: JobSpec;
  /** Text of the `monit` file; undefined when the job has only `*.monit` files. */
  monit: string | undefined;
  /** The `*.monit` files beside it, by name. */
  monitFiles: ReadonlyArray<{ name: string; text: string }>;
  /** Template source (a `templates` key) → its ERB text, read as UTF-8, in spec order. */
  templates: ReadonlyMap<string, string>;
  /** Text of `properties_schema.json`, when present (§2.9). */
  propertiesSchema: string | undefined;
}

export interface ReadJobDirOptions {
  /** The job's name in the release manifest (tarballs): the spec's name must equal it (§1.2 check 4). */
  expectedName?: string;
}

/**
 * Reads one job directory and validates it in BOSH's order: the spec's name (against the
 * directory name for a source tree, reference §1.3; against `expectedName` when given,
 * §1.2 check 4), template files (check 5), the monit file (check 6), then the rest of the
 * spec (checks 7-11). Reads only; safe to call again.
 *
 * Throws BosunError `INPUT_UNREADABLE` when the directory has no readable `spec` or
 * `job.MF`, or a file cannot be read; `YAML_INVALID` when the spec is not YAML;
 * `JOB_SPEC_INVALID` with BOSH's message for an invalid job.
 */
export async function readJobDir(dir: string, options: ReadJobDirOptions = {}): Promise<JobSource> {
  const absolute = resolve(dir);
  const { kind, specFile, text } = await readSpecText(dir, absolute);
  const value = loadYaml(text, specFile);
  const specHash = requireSpecHash(value, specFile);
  const rawName = specHash.get('name');
  if (kind === 'source' && typeof rawName === 'string' && rawName !== basename(absolute)) {
    throw new BosunError(
      JOB_SPEC_INVALID,
      `Job directory '${basename(absolute)}' does not match job name '${rawName}' in spec`,
      { hint: `Rename the directory to '${rawName}', or change 'name' in ${specFile}.` },
    );
  }
  const name = readJobSpecName(specHash, specFile, kind === 'tarball' ? options.expectedName : undefined);
  const templates = new Map<string, string>();
  for (const { source } of readJobSpecTemplates(specHash, specFile, name)) {
    const text = await readTemplate(absolute, source);
    if (text === undefined) {
      throw new BosunError(JOB_SPEC_INVALID, `${dir}: Missing template file '${source}' for job '${name}'`, {
        hint: `Create ${join(dir, 'templates', source)}, or remove '${source}' from 'templates' in ${specFile}.`,
      });
    }
    templates.set(source, text);
  }
  const monit = await readOptional(join(absolute, 'monit'));
  const monitFiles = await readMonitFiles(absolute);
  if (monit === undefined && monitFiles.length === 0) {
    throw new BosunError(JOB_SPEC_INVALID, `${dir}: Job '${name}' is missing monit file`, {
      hint: `Create ${join(dir, 'monit')} (it may be empty when the job runs no process), or a '*.monit' file.`,
    });
  }
  const spec = parseJobSpec(value, specFile, kind === 'tarball' ? options : {});
  const propertiesSchema = await readOptional(join(absolute, 'properties_schema.json'));
  return { dir: absolute, kind, specFile, spec, monit, monitFiles, templates, propertiesSchema };
}

async function readSpecText(
  dir: string,
  absolute: string,
): Promise<{ kind: JobSource['kind']; specFile: string; text: string }> {
  for (const [kind, file] of [
    ['source', 'spec'],
    ['tarball', 'job.MF'],
  ] as const) {
    const specFile = join(dir, file);
    let text: string | undefined;
    try {
      text = await readIfPresent(join(absolute, file));
    } catch (e) {
      throw new BosunError('INPUT_UNREADABLE', `Reading job spec '${specFile}': ${describeError(e)}`, {
        cause: e,
        hint: `Check that ${specFile} is a readable file.`,
      });
    }
    if (text !== undefined) return { kind, specFile, text };
  }
  const isDirectory = await stat(absolute).then(
    (s) => s.isDirectory(),
    () => false,
  );
  throw new BosunError(
    'INPUT_UNREADABLE',
    isDirectory
      ? `${dir}: no job spec: neither 'spec' (release source tree) nor 'job.MF' (extracted job tarball)`
      : `${dir}: no job spec: no such directory`,
    {
      hint: 'Give the directory of one job: jobs/<name> in a release source tree, or an extracted job tarball.',
    },
  );
}

/** A template's text, or undefined when it is not a file (BOSH's `File.file?`). */
async function readTemplate(dir: string, source: string): Promise<string | undefined> {
  const path = join(dir, 'templates', source);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw new BosunError('INPUT_UNREADABLE', `Reading template file '${path}': ${describeError(e)}`, {
      cause: e,
      hint: `Check that ${path} is readable.`,
    });
  }
}

/** A file's text, or undefined when there is no such file. */
async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** {@link readIfPresent}, with other failures as INPUT_UNREADABLE. */
async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readIfPresent(path);
  } catch (e) {
    throw new BosunError('INPUT_UNREADABLE', `Reading '${path}': ${describeError(e)}`, {
      cause: e,
      hint: `Check that ${path} is a readable file.`,
    });
  }
}

async function readMonitFiles(dir: string): Promise<Array<{ name: string; text: string }>> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.name.endsWith('.monit') && (e.isFile() || e.isSymbolicLink()))
    .map((e) => e.name)
    .sort();
  const files = await Promise.all(
    names.map(async (name) => ({ name, text: await readOptional(join(dir, name)) })),
  );
  return files.filter((f): f is { name: string; text: string } => f.text !== undefined);
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}
