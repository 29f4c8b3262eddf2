import { readFile } from 'node:fs/promises';
import { BosunError } from '../base/index.js';
import { isRubyHash, loadYaml, type RubyHash, type RubyValue } from '../yaml/index.js';

/** Reads a YAML or JSON file given on the command line; unreadable files name the flag. */
export async function readYamlFile(path: string, flag: string): Promise<RubyValue> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new BosunError('INPUT_UNREADABLE', `${flag} ${path}: cannot read file: ${(e as Error).message}`, {
      cause: e,
      hint: `check the path given to ${flag}`,
    });
  }
  return loadYaml(text, path);
}

/** Like readYamlFile, for files whose top level must be a map (empty file = empty map). */
export async function readYamlMap(path: string, flag: string): Promise<RubyHash> {
  const value = await readYamlFile(path, flag);
  if (value === null) return new Map();
  if (!isRubyHash(value)) {
    throw new BosunError('INPUT_INVALID', `${flag} ${path}: expected a map at the top level`, {
      hint: 'write the file as YAML or JSON key/value pairs',
    });
  }
  return value;
}
