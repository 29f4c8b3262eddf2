import type { z } from 'zod';
import { BosunError } from '../base/index.js';
import { inspectRubyValue, type RubyValue } from '../yaml/index.js';
import { TYPE_MARK } from './ruby-schema.js';

/** A path into a manifest: Hash keys and Array indexes. */
export type ManifestPath = ReadonlyArray<string | number>;

/**
 * One problem found in a deployment manifest or cloud config: where (the path as an author
 * writes it, `instance_groups[0].jobs[1].name`, and the 1-based line when known) and what, in
 * BOSH's words.
 */
export interface ManifestProblem {
  readonly path: string;
  readonly line: number | undefined;
  readonly message: string;
}

/** Where a loaded file was written, to give problems their lines. */
export interface ManifestSource {
  readonly file: string;
  /** The line of the node at `path`, undefined when nothing is there (see `YamlDocument`). */
  lineOf(path: ManifestPath): number | undefined;
}

/** `instance_groups[0].jobs[1].name`; `(top level)` for the empty path. */
export function formatManifestPath(path: ManifestPath): string {
  if (path.length === 0) return '(top level)';
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text;
}

/** A problem at `path`, with the line of `path` or, when nothing is written there, of its parent. */
export function problemAt(path: ManifestPath, message: string, source?: ManifestSource): ManifestProblem {
  let line: number | undefined;
  for (let n = path.length; source !== undefined && line === undefined && n >= 0; n--) {
    line = source.lineOf(path.slice(0, n));
  }
  return { path: formatManifestPath(path), line, message };
}

/** Every zod issue as a problem in BOSH's words (`ValidationHelper`'s texts for type mismatches). */
export function problemsFromZod(
  error: z.ZodError,
  root: RubyValue,
  source?: ManifestSource,
): ManifestProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return problemAt(path, describeIssue(issue.message, path, root), source);
  });
}

function describeIssue(message: string, path: ManifestPath, root: RubyValue): string {
  if (!message.startsWith(TYPE_MARK)) return message;
  const rubyClass = message.slice(TYPE_MARK.length);
  const key = path.at(-1);
  const parent = valueAt(root, path.slice(0, -1));
  const here = valueAt(root, path);
  if (typeof key === 'string' && parent instanceof Map && !parent.has(key)) {
    return `Required property '${key}' was not specified in object (${inspectRubyValue(parent)})`;
  }
  if (typeof key === 'string') {
    return `Property '${key}' value (${inspectRubyValue(here ?? null)}) did not match the required type '${rubyClass}'`;
  }
  return `Object (${inspectRubyValue(here ?? null)}) did not match the required type '${rubyClass}'`;
}

/** The value at `path` (String keys of Hashes, indexes of Arrays); undefined when absent. */
export function valueAt(root: RubyValue, path: ManifestPath): RubyValue | undefined {
  let current: RubyValue | undefined = root;
  for (const part of path) {
    if (current instanceof Map) current = current.get(String(part));
    else if (Array.isArray(current) && typeof part === 'number') current = current[part];
    else return undefined;
  }
  return current;
}

/**
 * The error for a file with problems: its code, then one line per problem,
 * `<file>:<line>: <path>: <BOSH's message>`.
 */
export function invalidFileError(
  code: string,
  what: string,
  file: string,
  problems: readonly ManifestProblem[],
): BosunError {
  const lines = problems.map(
    (p) => `${file}${p.line === undefined ? '' : `:${p.line}`}: ${p.path}: ${p.message}`,
  );
  return new BosunError(code, `${what} ${file} is invalid:\n  ${lines.join('\n  ')}`, {
    hint: `Fix the ${problems.length === 1 ? 'problem' : `${problems.length} problems`} above in ${file}.`,
  });
}
