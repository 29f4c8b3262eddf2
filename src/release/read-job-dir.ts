import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BosunError } from '../base/index.js';
import { loadYaml } from '../yaml/index.js';
import { parseJobSpec, type JobSpec } from './job-spec.js';

/** A job read from disk: a release source tree's `jobs/<name>` or an extracted job tarball. */
export interface JobSource {
  dir: string;
  kind: 'source' | 'tarball';
  specFile: string;
  spec: JobSpec;
  /** Text of the `monit` file, if there is one. */
  monit: string | undefined;
  monitFiles: ReadonlyArray<{ name: string; text: string }>;
  /** Template source path (key of `templates`) → ERB text. */
  templates: ReadonlyMap<string, string>;
  propertiesSchema: string | undefined;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BosunError('INPUT_UNREADABLE', `${path}: cannot read: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Reads and validates a job directory (§1.1-§1.3). Throws 'INPUT_UNREADABLE' when there is
 * no spec, 'JOB_SPEC_INVALID' with BOSH's message for a bad spec or a missing file.
 */
export async function readJobDir(dir: string): Promise<JobSource> {
  const absolute = resolve(dir);
  const sourceSpec = join(absolute, 'spec');
  const tarballSpec = join(absolute, 'job.MF');
  let specFile = sourceSpec;
  let kind: JobSource['kind'] = 'source';
  let specText = await readOptional(sourceSpec);
  if (specText === undefined) {
    specFile = tarballSpec;
    kind = 'tarball';
    specText = await readOptional(tarballSpec);
  }
  if (specText === undefined) {
    throw new BosunError('INPUT_UNREADABLE', `${dir}: no job spec (neither 'spec' nor 'job.MF')`, {
      hint: 'give the directory of one job: a release source tree jobs/<name>, or an extracted job tarball',
    });
  }
  const spec = parseJobSpec(loadYaml(specText, specFile), specFile);
  if (kind === 'source' && basename(absolute) !== spec.name) {
    throw new BosunError('JOB_SPEC_INVALID', `Job directory '${basename(absolute)}' does not match job name '${spec.name}' in spec`, {
      hint: `rename the directory or the job's name in ${specFile}`,
    });
  }
  const templates = new Map<string, string>();
  for (const t of spec.templates) {
    const text = await readOptional(join(absolute, 'templates', t.source));
    if (text === undefined) {
      throw new BosunError('JOB_SPEC_INVALID', `Missing template file '${t.source}' for job '${spec.name}'`, {
        hint: `create ${join(dir, 'templates', t.source)} or remove it from ${specFile}`,
      });
    }
    templates.set(t.source, text);
  }
  const monit = await readOptional(join(absolute, 'monit'));
  const monitFiles = await readMonitFiles(absolute);
  if (monit === undefined && monitFiles.length === 0) {
    throw new BosunError('JOB_SPEC_INVALID', `Job '${spec.name}' is missing monit file`, {
      hint: `create ${join(dir, 'monit')} (it may be empty)`,
    });
  }
  const propertiesSchema = await readOptional(join(absolute, 'properties_schema.json'));
  return { dir: absolute, kind, specFile, spec, monit, monitFiles, templates, propertiesSchema };
}

async function readMonitFiles(dir: string): Promise<Array<{ name: string; text: string }>> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.monit')).sort();
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
}
