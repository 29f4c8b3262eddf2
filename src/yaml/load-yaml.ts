import { parseAllDocuments, type Document, type YAMLError } from 'yaml';
import { BosunError } from '../base/index.js';
import { PsychToRuby } from './psych-to-ruby.js';
import { PsychLoadError } from './psych-tags.js';
import type { RubyValue } from './ruby-value.js';

/**
 * A loaded YAML document: its Ruby value and where its parts were written.
 */
export interface YamlDocument {
  /** What Ruby's `YAML.safe_load(text, permitted_classes: [Symbol], aliases: true)` returns. */
  readonly value: RubyValue;
  /**
   * The 1-based line of the node at `path` (Hash keys, then Array indexes), for error
   * messages: for a Hash entry the line of its key, for an Array element the line of the
   * element, for `[]` the line where the document's content starts. A number in the path
   * matches an Array index, or else an Integer key, or else the key's String form.
   * Undefined when nothing is at `path`.
   */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

/** {@link loadYamlDocument}, value only. */
export function loadYaml(text: string, file: string): RubyValue {
  return loadYamlDocument(text, file).value;
}

/**
 * Loads YAML (or JSON) text exactly as Ruby 3.4's Psych 5.2 does with
 * `YAML.safe_load(text, permitted_classes: [Symbol], aliases: true)`, because these values
 * are handed to real Ruby templates: Psych's implicit types (`yes`/`on` are true, `0755` is
 * 493, `1.0` is a Float, `:a` a Symbol, `1e3` a String), merge keys with Psych's precedence,
 * duplicate keys (the last wins), shared aliases.
 *
 * Like `safe_load`, it reads only the first document of a stream (later documents are not
 * even checked), and empty text is `nil`. One deliberate difference: timestamps and dates
 * (`2001-12-14`) stay Strings, where safe_load would raise `Tried to load unspecified class:
 * Date`.
 *
 * Throws `BosunError('YAML_INVALID', '<file>:<line>:<col>: <what>')` for a syntax error, an
 * unknown alias, a Ruby object tag that safe_load rejects, or a value Ruby cannot convert.
 * Pure: reads no files.
 */
export function loadYamlDocument(text: string, file: string): YamlDocument {
  const lines = lineStarts(text);
  const docs = parseAllDocuments(text, {
    version: '1.1',
    schema: 'failsafe', // every scalar stays text; Psych's rules resolve it below
    uniqueKeys: false,
    merge: false,
    prettyErrors: false,
    keepSourceTokens: true, // to see what libyaml would reject (see psych-to-ruby.ts)
  });
  const first = docs[0];
  const streamError = 'empty' in docs ? docs.errors[0] : first?.errors[0];
  if (streamError !== undefined) throw syntaxError(file, text, lines, streamError);
  if (first === undefined) return { value: null, lineOf: (path) => (path.length === 0 ? 1 : undefined) };
  return convertDocument(first, text, file, lines);
}

function convertDocument(doc: Document, text: string, file: string, lines: readonly number[]): YamlDocument {
  const converter = new PsychToRuby(doc);
  let value: RubyValue;
  try {
    value = converter.convert(doc.contents);
  } catch (e) {
    if (!(e instanceof PsychLoadError)) throw e;
    const { line, col } = positionOf(lines, startOfProperties(text, e.offset));
    throw new BosunError('YAML_INVALID', `${file}:${line}:${col}: ${e.message}`, { cause: e, hint: e.hint });
  }
  const rootOffset = doc.contents?.range?.[0] ?? 0;
  const lineOf = (path: ReadonlyArray<string | number>): number | undefined => {
    let current = value;
    let offset = rootOffset;
    for (const segment of path) {
      if (Array.isArray(current)) {
        if (typeof segment !== 'number' || segment < 0 || segment >= current.length) return undefined;
        offset = converter.arrayOffsets.get(current)?.[segment] ?? offset;
        current = current[segment]!;
      } else if (current instanceof Map) {
        const candidates: RubyValue[] =
          typeof segment === 'number' && Number.isInteger(segment)
            ? [BigInt(segment), String(segment)]
            : [String(segment)];
        const hash = current;
        const found = candidates.map((k) => converter.hashes.findKey(hash, k)).find((f) => f !== undefined);
        if (found === undefined) return undefined;
        offset = found.offset;
        current = hash.get(found.key)!;
      } else {
        return undefined;
      }
    }
    return positionOf(lines, offset).line;
  };
  return { value, lineOf };
}

function syntaxError(file: string, text: string, lines: readonly number[], error: YAMLError): BosunError {
  const { line, col } = positionOf(lines, Math.min(error.pos[0], text.length));
  const what = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return new BosunError('YAML_INVALID', `${file}:${line}:${col}: ${what}`, {
    cause: error,
    hint: `Fix the YAML syntax in ${file} near line ${line}.`,
  });
}

/** Moves an offset back over the tag and anchor written before a node (`!!float abc`). */
function startOfProperties(text: string, offset: number): number {
  let start = offset;
  for (let i = 0; i < 2; i++) {
    let end = start;
    while (end > 0 && ' \t\r\n'.includes(text[end - 1]!)) end--;
    let begin = end;
    while (begin > 0 && !' \t\r\n'.includes(text[begin - 1]!)) begin--;
    if (begin === end || !'!&'.includes(text[begin]!)) break;
    start = begin;
  }
  return start;
}

/** Offsets where each line starts; `\r\n`, `\r` and `\n` end a line, as in libyaml. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n?|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

function positionOf(starts: readonly number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}
