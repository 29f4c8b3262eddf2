import { readFile } from 'node:fs/promises';
import { fromRubyValue, loadYaml } from '../../yaml/index.js';
import type { JsonObject } from '../store/index.js';

/**
 * The job's spec (`job.MF`) as the Director stores it: the file's YAML as JSON, keys and
 * values as written (templates as a map of source to destination, properties with their
 * definitions). Integers too big for JSON numbers are kept as decimal strings.
 */
export async function readJobSpecJson(specFile: string): Promise<JsonObject> {
  const value = fromRubyValue(loadYaml(await readFile(specFile, 'utf8'), specFile));
  const json = JSON.stringify(value ?? {}, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return JSON.parse(json) as JsonObject;
}
