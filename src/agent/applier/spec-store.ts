import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BosunError, describeError } from '../../base/index.js';
import { applySpecSchema, formatSchemaIssues, type ApplySpec } from '../../protocol/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { setOwner } from './file-modes.js';
import type { VcapOwner } from './vcap-owner.js';

/**
 * Validates an apply spec received from the Director. A malformed spec throws
 * `APPLY_SPEC_INVALID` naming every bad field: `Invalid apply spec: job.templates[0].sha1: ...`.
 */
export function parseApplySpec(raw: unknown): ApplySpec {
  const parsed = applySpecSchema.safeParse(raw);
  if (!parsed.success) {
    throw new BosunError(
      'APPLY_SPEC_INVALID',
      `Invalid apply spec: ${formatSchemaIssues(parsed.error).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Persists the spec as `bosh/spec.json` (0644), atomically. */
export async function writeSpecFile(file: string, spec: ApplySpec): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(spec)}\n`, 0o644);
}

/** The persisted spec, or an empty spec when none was applied yet. */
export async function readSpecFile(file: string): Promise<ApplySpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return applySpecSchema.parse({});
    throw new BosunError('SPEC_FILE_UNREADABLE', `Reading ${file}: ${describeError(e)}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BosunError(
      'SPEC_FILE_INVALID',
      `The persisted apply spec ${file} is not JSON: ${describeError(e)}`,
    );
  }
  const parsed = applySpecSchema.safeParse(json);
  if (!parsed.success) {
    throw new BosunError(
      'SPEC_FILE_INVALID',
      `The persisted apply spec ${file} is invalid: ${formatSchemaIssues(parsed.error).join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * Writes `instance/{id,az,name,deployment}` (files 0644, directory 0755), as BOSH's apply
 * action does; a missing field is written as an empty file.
 */
export async function writeInstanceFiles(
  instanceDir: string,
  spec: ApplySpec,
  owner: VcapOwner | undefined,
): Promise<void> {
  await mkdir(instanceDir, { recursive: true });
  const fields: [string, string | null | undefined][] = [
    ['id', spec.id],
    ['az', spec.az],
    ['name', spec.name],
    ['deployment', spec.deployment],
  ];
  for (const [name, value] of fields) {
    const file = join(instanceDir, name);
    await writeFileAtomic(file, value ?? '', 0o644);
    await setOwner(file, owner);
  }
  await chmod(instanceDir, 0o755);
}
