/**
 * The `files` and `excluded_files` globs of a package spec, matched as bosh-cli matches them
 * (bosh-utils `RecursiveGlob`, i.e. the doublestar library) against `src/` and `blobs/`:
 *
 * - a `**` path segment matches zero or more directories (`a/**` also matches `a` itself);
 * - `*` matches any run of characters but `/`, dot files included; `?` one character;
 * - `[abc]`, `[a-z]`, `[!a]` / `[^a]` classes; `{a,b}` alternatives; `\` escapes.
 *
 * Symlinked directories are listed but not entered: bosh-cli drops files reached through them.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compareBytes } from './fingerprint.js';

/** Every path below `dir`, relative and `/`-separated, sorted; empty when `dir` is missing. */
export async function listTree(dir: string): Promise<string[]> {
  const paths: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(relative === '' ? dir : join(dir, relative), { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (relative === '' && (code === 'ENOENT' || code === 'ENOTDIR')) return;
      throw e;
    }
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      paths.push(path);
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk('');
  return paths.sort(compareBytes);
}

/** The paths of `tree` (see {@link listTree}) that `pattern` matches. */
export function matchGlob(tree: readonly string[], pattern: string): string[] {
  const segments = cleanPattern(pattern).map(compileSegment);
  return tree.filter((path) => matchSegments(segments, path.split('/')));
}

type Segment = RegExp | 'globstar';

/** Go's `filepath.Join(dir, pattern)` cleans the pattern: no `.`, empty or trailing segments. */
function cleanPattern(pattern: string): string[] {
  return pattern.split('/').filter((s) => s !== '' && s !== '.');
}

function matchSegments(pattern: readonly Segment[], path: readonly string[]): boolean {
  const [head, ...rest] = pattern;
  if (head === undefined) return path.length === 0;
  if (head === 'globstar') {
    for (let skip = 0; skip <= path.length; skip++) {
      if (matchSegments(rest, path.slice(skip))) return true;
    }
    return false;
  }
  const [first, ...others] = path;
  return first !== undefined && head.test(first) && matchSegments(rest, others);
}

function compileSegment(segment: string): Segment {
  if (segment === '**') return 'globstar';
  return new RegExp(`^${translate(segment, 0, false).source}$`, 'u');
}

/** Translates glob text from `start` into a regex source; stops at `}` or `,` inside braces. */
function translate(text: string, start: number, inBraces: boolean): { source: string; end: number } {
  let source = '';
  let i = start;
  while (i < text.length) {
    const c = text.charAt(i);
    if (inBraces && (c === ',' || c === '}')) break;
    if (c === '\\' && i + 1 < text.length) {
      source += escapeRegex(text.charAt(i + 1));
      i += 2;
    } else if (c === '*') {
      source += '[^/]*';
      while (text.charAt(i) === '*') i++;
    } else if (c === '?') {
      source += '[^/]';
      i++;
    } else if (c === '[' && text.indexOf(']', i + 2) > i) {
      const close = text.indexOf(']', i + 2);
      let body = text.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
      i = close + 1;
    } else if (c === '{') {
      const alternatives: string[] = [];
      let j = i + 1;
      for (;;) {
        const part = translate(text, j, true);
        alternatives.push(part.source);
        j = part.end + 1;
        if (text.charAt(part.end) !== ',') break;
      }
      source += `(?:${alternatives.join('|')})`;
      i = j;
    } else {
      source += escapeRegex(c);
      i++;
    }
  }
  return { source, end: i };
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
