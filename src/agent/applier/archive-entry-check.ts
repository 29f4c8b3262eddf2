/** What the archive checker needs to know of one tar entry. */
export interface ArchiveEntry {
  /** The path as stored in the archive. */
  path: string;
  /** node-tar's entry type name: `File`, `Directory`, `SymbolicLink`, `Link`, ... */
  type: string;
  /** Target of a symbolic or hard link. */
  linkpath?: string | undefined;
  /** Permission bits. */
  mode?: number | undefined;
}

/** How strict the checker is. */
export interface ArchiveCheckOptions {
  /**
   * The top-level directory being extracted, if not the whole archive: link targets of its
   * entries must stay inside it.
   */
  only?: string | undefined;
  /**
   * Accept symbolic links with absolute targets (compiled packages often link to
   * `/var/vcap/packages/...`). They are never followed while extracting.
   */
  allowAbsoluteSymlinks?: boolean | undefined;
}

/** An entry the checker refused, and why. */
export interface RefusedEntry {
  entry: string;
  reason: string;
}

const PLAIN_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);
const TYPE_WORDS: Record<string, string> = {
  CharacterDevice: 'character device',
  BlockDevice: 'block device',
  FIFO: 'FIFO',
};

/** The components of an entry path without `.` and empty parts (`./a//b/` → `a`, `b`). */
export function entryParts(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/**
 * Checks every entry of an archive before anything is written, and returns the first one that
 * could write outside the destination: absolute paths, `..` components, paths through a
 * symbolic link of the archive, links whose target resolves outside, and entries that are not
 * files, directories or links. The whole entry list is needed so that link order does not
 * matter.
 */
export function findRefusedEntry(
  entries: readonly ArchiveEntry[],
  options: ArchiveCheckOptions = {},
): RefusedEntry | undefined {
  const symlinks = new Set(
    entries.filter((e) => e.type === 'SymbolicLink').map((e) => entryParts(e.path).join('/')),
  );
  for (const entry of entries) {
    const reason = refusalOf(entry, symlinks, options);
    if (reason !== undefined) return { entry: entry.path, reason };
  }
  return undefined;
}

function refusalOf(
  entry: ArchiveEntry,
  symlinks: ReadonlySet<string>,
  options: ArchiveCheckOptions,
): string | undefined {
  if (entry.path.startsWith('/')) return 'absolute path';
  const parts = entryParts(entry.path);
  if (parts.includes('..')) return "path contains '..'";
  const isLink = entry.type === 'SymbolicLink' || entry.type === 'Link';
  if (!PLAIN_TYPES.has(entry.type) && !isLink) {
    return `${TYPE_WORDS[entry.type] ?? `'${entry.type}'`} entries are not allowed`;
  }
  const through = symlinkPrefix(parts, symlinks);
  if (through !== undefined) return `path goes through the symbolic link '${through}'`;
  const scope = options.only !== undefined && parts[0] === options.only ? [options.only] : [];
  const target = entry.linkpath ?? '';
  if (entry.type === 'SymbolicLink') return symlinkRefusal(parts, target, scope, symlinks, options);
  if (entry.type === 'Link') return hardLinkRefusal(target, scope, symlinks);
  return undefined;
}

function symlinkRefusal(
  parts: string[],
  target: string,
  scope: string[],
  symlinks: ReadonlySet<string>,
  options: ArchiveCheckOptions,
): string | undefined {
  const outside = `symbolic link to '${target}' points outside the destination`;
  if (target.startsWith('/')) return options.allowAbsoluteSymlinks === true ? undefined : outside;
  const stack = parts.slice(0, -1);
  const segments = target.split('/').filter((s) => s !== '' && s !== '.');
  for (const [i, segment] of segments.entries()) {
    if (segment === '..') {
      if (stack.length <= scope.length) return outside;
      stack.pop();
    } else {
      stack.push(segment);
      // Resolving lexically is only right when no component before the last is itself a link.
      if (i < segments.length - 1 && symlinks.has(stack.join('/'))) {
        return `symbolic link to '${target}' goes through the symbolic link '${stack.join('/')}'`;
      }
    }
  }
  return undefined;
}

function hardLinkRefusal(target: string, scope: string[], symlinks: ReadonlySet<string>): string | undefined {
  const outside = `hard link to '${target}' points outside the destination`;
  const parts = entryParts(target);
  if (target.startsWith('/') || parts.includes('..') || parts.length === 0) return outside;
  if (scope.length > 0 && parts[0] !== scope[0]) return outside;
  const through = symlinkPrefix(parts, symlinks);
  if (through !== undefined) return `hard link to '${target}' goes through the symbolic link '${through}'`;
  return undefined;
}

function symlinkPrefix(parts: string[], symlinks: ReadonlySet<string>): string | undefined {
  for (let i = 1; i < parts.length; i += 1) {
    const prefix = parts.slice(0, i).join('/');
    if (symlinks.has(prefix)) return prefix;
  }
  return undefined;
}
