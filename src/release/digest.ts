import { createHash } from 'node:crypto';
import {
  BosunError,
  digestFile as digestOfFile,
  formatDigest as formatBoshDigest,
  isBosunError,
  strongestDigest,
  type Digest,
} from '../base/index.js';

/**
 * The digest algorithms of release artifacts. `sha1` is BOSH's classic default; `sha256` is
 * what `bosh create-release --sha2` writes (and what newer bosh-cli defaults to). Parsing and
 * hashing are base's multi-digest; this file adds the release's own words.
 */
export type DigestAlgorithm = 'sha1' | 'sha256';

/** The error code of an archive whose bytes do not match the digest recorded for it. */
export const DIGEST_MISMATCH = 'RELEASE_DIGEST_MISMATCH';

/**
 * A digest as bosh-utils prints it (`MultipleDigest.String()`): plain hex for SHA1,
 * `sha256:<hex>` otherwise. Fingerprints hash these strings, so the prefix matters.
 */
export function formatDigest(algorithm: DigestAlgorithm, hex: string): string {
  return formatBoshDigest({ algorithm, hex });
}

/** The formatted digest of some bytes (bosh-cli `DigestCalculator.CalculateString`). */
export function digestBytes(algorithm: DigestAlgorithm, data: string | Uint8Array): string {
  return formatDigest(algorithm, createHash(algorithm).update(data).digest('hex'));
}

/** The formatted digest of a file's bytes (bosh-cli `DigestCalculator.Calculate`). */
export async function digestFile(algorithm: DigestAlgorithm, path: string): Promise<string> {
  return formatBoshDigest(await digestOfFile(path, algorithm));
}

/**
 * Checks a file against the strongest digest of `expected` (a manifest `sha1` value). On a
 * mismatch throws {@link DIGEST_MISMATCH} with bosh-utils' words, prefixed by `what`:
 * `<what>: Expected sha1 digest "<expected>" but received "<actual>"`.
 */
export async function verifyFileDigest(path: string, expected: string, what: string): Promise<void> {
  let want: Digest;
  try {
    want = strongestDigest(expected);
  } catch (e) {
    if (!isBosunError(e, 'DIGEST_INVALID')) throw e;
    throw new BosunError(DIGEST_MISMATCH, `${what}: Unrecognized digest '${expected}'`, {
      cause: e,
      hint: "A digest is a SHA1 hex, or 'sha256:<hex>'.",
    });
  }
  const actual = await digestOfFile(path, want.algorithm);
  if (actual.hex !== want.hex) {
    throw new BosunError(
      DIGEST_MISMATCH,
      `${what}: Expected ${want.algorithm} digest "${want.hex}" but received "${actual.hex}"`,
      { hint: 'The release tarball is corrupt or was modified after it was created; create it again.' },
    );
  }
}
