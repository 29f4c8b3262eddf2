import { randomUUID } from 'node:crypto';
import { chmod, lstat, mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tar from 'tar';
import { BosunError, describeError } from '../../base/index.js';
import { entryParts, findRefusedEntry, type ArchiveEntry } from './archive-entry-check.js';
import { lstatIfExists } from './probe-path.js';

/** Options of {@link extractArchive}. */
export interface ExtractArchiveOptions {
  /** Extract only this top-level directory of the archive (`<job>/` of a rendered-templates archive). */
  only?: string | undefined;
  /** Accept symbolic links with absolute targets (compiled packages). */
  allowAbsoluteSymlinks?: boolean | undefined;
  /** How messages name the archive; defaults to `'<tgzFile>'`. */
  label?: string | undefined;
  /** Runs on the fully extracted tree before it is moved into place (fix modes, owners). */
  beforeInstall?: ((dir: string) => Promise<void>) | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Extracts a tar.gz safely into `destDir`. Every entry is checked before anything is written:
 * absolute paths, `..`, paths through a symbolic link, links pointing outside and device or
 * FIFO entries are refused with `Refusing to extract '<entry>' from <archive>: <reason>`
 * (code `ARCHIVE_ENTRY_REFUSED`). The tree is extracted into a temporary sibling of `destDir`
 * and renamed into place, so `destDir` is either absent, its previous content, or complete.
 * An existing `destDir` is replaced. Archive modes are kept (as `tar -p` does for root);
 * owners are not.
 */
export async function extractArchive(
  tgzFile: string,
  destDir: string,
  options: ExtractArchiveOptions = {},
): Promise<void> {
  const label = options.label ?? `'${tgzFile}'`;
  const entries = await listEntries(tgzFile, label);
  const refused = findRefusedEntry(entries, options);
  if (refused !== undefined) {
    throw new BosunError(
      'ARCHIVE_ENTRY_REFUSED',
      `Refusing to extract '${refused.entry}' from ${label}: ${refused.reason}`,
    );
  }
  const only = options.only;
  if (only !== undefined && !entries.some((e) => entryParts(e.path)[0] === only)) {
    throw new BosunError('ARCHIVE_PART_MISSING', `${capitalize(label)} has no '${only}/' directory`);
  }
  options.signal?.throwIfAborted();
  const parent = dirname(destDir);
  await mkdir(parent, { recursive: true });
  const temp = join(parent, `.${basename(destDir)}.extracting-${randomUUID()}`);
  await mkdir(temp);
  try {
    await unpack(tgzFile, temp, only, label);
    await restoreFileModes(temp, entries, only);
    const tree = only === undefined ? temp : join(temp, only);
    await mkdir(tree, { recursive: true });
    options.signal?.throwIfAborted();
    await options.beforeInstall?.(tree);
    await moveIntoPlace(tree, destDir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function listEntries(tgzFile: string, label: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  try {
    await tar.t({
      file: tgzFile,
      strict: true,
      onReadEntry: (e) => {
        entries.push({ path: e.path, type: e.type, linkpath: e.linkpath, mode: e.mode });
      },
    });
  } catch (e) {
    throw new BosunError('ARCHIVE_INVALID', `Reading ${label}: ${describeError(e)}`, { cause: e });
  }
  return entries;
}

async function unpack(tgzFile: string, dir: string, only: string | undefined, label: string): Promise<void> {
  try {
    await tar.x({
      file: tgzFile,
      cwd: dir,
      strict: true,
      preserveOwner: false,
      chmod: true,
      processUmask: 0,
      filter: (path) => {
        const parts = entryParts(path);
        return parts.length > 0 && (only === undefined || parts[0] === only);
      },
    });
  } catch (e) {
    throw new BosunError('ARCHIVE_EXTRACT_FAILED', `Extracting ${label}: ${describeError(e)}`, { cause: e });
  }
}

/**
 * node-tar creates files under the process umask; set the archive's modes exactly, as `tar -p`
 * does. Only paths whose last entry is a regular file are touched, and never through a link.
 */
async function restoreFileModes(
  dir: string,
  entries: readonly ArchiveEntry[],
  only: string | undefined,
): Promise<void> {
  const last = new Map<string, ArchiveEntry>();
  for (const entry of entries) last.set(entryParts(entry.path).join('/'), entry);
  for (const [path, entry] of last) {
    const isFile = entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile';
    if (
      !isFile ||
      entry.mode === undefined ||
      path === '' ||
      (only !== undefined && !path.startsWith(`${only}/`))
    )
      continue;
    const file = join(dir, path);
    if ((await lstat(file)).isFile()) await chmod(file, entry.mode & 0o7777);
  }
}

async function moveIntoPlace(tree: string, destDir: string): Promise<void> {
  const existing = await lstatIfExists(destDir);
  if (existing === undefined) {
    await rename(tree, destDir);
    return;
  }
  const old = join(dirname(destDir), `.${basename(destDir)}.replaced-${randomUUID()}`);
  await rename(destDir, old);
  await rename(tree, destDir);
  await rm(old, { recursive: true, force: true });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
