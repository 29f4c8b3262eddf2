/**
 * BOSH's v2 fingerprint of a job, package or license, byte for byte as bosh-cli computes it
 * (`release/resource/fingerprint.go`):
 *
 *   digest( "v2" + for each file, sorted by its path in the archive:
 *                    name + digest(contents) + mode
 *           + sorted(additional chunks).join(",") )
 *
 * - name is the path in the archive (`job.MF`, `templates/ctl.erb`, `lib/a.rb`), or the base
 *   name for license files;
 * - digest is bosh-utils' formatted digest: plain hex for SHA1, `sha256:<hex>` for SHA256; for
 *   a symlink that is not followed, the digest of its target path;
 * - mode is git's view: `100755` when any execute bit is set (from lstat, so a followed
 *   symlink counts as executable), else `100644`; `40755` for a directory; `symlink` for a
 *   symlink that is not followed; left out for `packaging`, `pre_packaging` and licenses;
 * - the additional chunks are a package's dependency names (jobs and licenses have none);
 * - the final digest drops its `sha256:` prefix.
 */
import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BosunError, describeError } from '../base/index.js';
import { digestBytes, digestFile, type DigestAlgorithm } from './digest.js';

/** One file that goes into an archive and its fingerprint. */
export interface FingerprintFile {
  /** Where the file is on disk. */
  path: string;
  /** Its path inside the archive (`/`-separated); fingerprints sort by it. */
  relativePath: string;
  /** Hash the base name instead of `relativePath` (license files). */
  useBasename?: boolean;
  /** Leave the mode out of the fingerprint (`packaging`, `pre_packaging`, license files). */
  excludeMode?: boolean;
}

/** What a file contributes to a fingerprint; the pure half of {@link computeFingerprint}. */
export interface FingerprintEntry {
  /** Sort key: the path inside the archive. */
  relativePath: string;
  /** The name that is hashed: `relativePath`, or the base name. */
  name: string;
  /** Formatted digest of the contents (or of a symlink's target path). */
  digest: string;
  /** `100644`, `100755`, `40755`, `symlink`; undefined when the mode is excluded. */
  mode: string | undefined;
}

/** How files are read for a fingerprint. */
export interface FingerprintOptions {
  algorithm: DigestAlgorithm;
  /** Jobs follow symlinks (their targets' bytes are archived); packages keep them as links. */
  followSymlinks: boolean;
}

/** Compares as Go compares strings: by UTF-8 bytes. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The fingerprint of entries and additional chunks (pure). */
export function fingerprintEntries(
  entries: readonly FingerprintEntry[],
  additionalChunks: readonly string[],
  algorithm: DigestAlgorithm,
): string {
  const sorted = [...entries].sort((a, b) => compareBytes(a.relativePath, b.relativePath));
  let text = 'v2';
  for (const entry of sorted) text += entry.name + entry.digest + (entry.mode ?? '');
  if (additionalChunks.length > 0) text += [...additionalChunks].sort(compareBytes).join(',');
  const digest = digestBytes(algorithm, text);
  return digest.startsWith('sha256:') ? digest.slice('sha256:'.length) : digest;
}

/** Reads a file's contribution to a fingerprint. Throws INPUT_UNREADABLE naming the file. */
export async function describeFingerprintFile(
  file: FingerprintFile,
  options: FingerprintOptions,
): Promise<FingerprintEntry> {
  try {
    const info = await lstat(file.path);
    const name = file.useBasename === true ? basename(file.path) : file.relativePath;
    const isLink = info.isSymbolicLink();
    let digest: string;
    if (isLink && !options.followSymlinks) {
      digest = digestBytes(options.algorithm, await readlink(file.path));
    } else {
      const target = isLink ? await realpath(file.path) : file.path;
      const targetInfo = isLink ? await lstat(target) : info;
      digest = targetInfo.isDirectory()
        ? await digestDirectory(options.algorithm, target)
        : await digestFile(options.algorithm, target);
    }
    let mode: string | undefined;
    if (file.excludeMode !== true) {
      if (info.isDirectory()) mode = '40755';
      else if (isLink && !options.followSymlinks) mode = 'symlink';
      else mode = (info.mode & 0o111) !== 0 ? '100755' : '100644';
    }
    return { relativePath: file.relativePath, name, digest, mode };
  } catch (e) {
    throw new BosunError('INPUT_UNREADABLE', `Fingerprinting file '${file.path}': ${describeError(e)}`, {
      cause: e,
      hint: `Check that ${file.path} exists and is readable.`,
    });
  }
}

/** The fingerprint of files on disk and additional chunks (bosh-cli `Fingerprinter.Calculate`). */
export async function computeFingerprint(
  files: readonly FingerprintFile[],
  additionalChunks: readonly string[],
  options: FingerprintOptions,
): Promise<string> {
  const entries = [];
  for (const file of files) entries.push(await describeFingerprintFile(file, options));
  return fingerprintEntries(entries, additionalChunks, options.algorithm);
}

/** bosh-utils `CreateDigestFromDir`: the bytes of every file below, in walk (lexical) order. */
async function digestDirectory(algorithm: DigestAlgorithm, dir: string): Promise<string> {
  const chunks: Buffer[] = [];
  const walk = async (path: string): Promise<void> => {
    for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) =>
      compareBytes(a.name, b.name),
    )) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) await walk(child);
      else chunks.push(await readFile(child));
    }
  };
  await walk(dir);
  return digestBytes(algorithm, Buffer.concat(chunks));
}
