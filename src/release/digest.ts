import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { BosunError } from '../base/index.js';

/**
 * The digest algorithms of release artifacts. `sha1` is BOSH's classic default; `sha256` is
 * what `bosh create-release --sha2` writes (and what newer bosh-cli defaults to).
 */
export type DigestAlgorithm = 'sha1' | 'sha256';

/** The error code of an archive whose bytes do not match the digest recorded for it. */
export const DIGEST_MISMATCH = 'RELEASE_DIGEST_MISMATCH';

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha1: 40, sha256: 64 };

/**
 * A digest as bosh-utils prints it (`MultipleDigest.String()`): plain hex for SHA1,
 * `sha256:<hex>` otherwise. Fingerprints hash these strings, so the prefix matters.
 */
export function formatDigest(algorithm: DigestAlgorithm, hex: string): string {
  return algorithm === 'sha1' ? hex : `${algorithm}:${hex}`;
}

/** The formatted digest of some bytes (bosh-cli `DigestCalculator.CalculateString`). */
export function digestBytes(algorithm: DigestAlgorithm, data: string | Uint8Array): string {
  return formatDigest(algorithm, createHash(algorithm).update(data).digest('hex'));
}

/** The formatted digest of a file's bytes (bosh-cli `DigestCalculator.Calculate`). */
export async function digestFile(algorithm: DigestAlgorithm, path: string): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return formatDigest(algorithm, hash.digest('hex'));
}

/**
 * Parses a release manifest `sha1` value: digests joined by `;`, each `<algorithm>:<hex>` or
 * a plain SHA1 hex (bosh-utils `ParseMultipleDigest`). Returns undefined when it is not one.
 */
export function parseMultiDigest(
  text: string,
): Array<{ algorithm: DigestAlgorithm; hex: string }> | undefined {
  const digests: Array<{ algorithm: DigestAlgorithm; hex: string }> = [];
  for (const part of text.split(';')) {
    const colon = part.indexOf(':');
    const algorithm = colon < 0 ? 'sha1' : part.slice(0, colon);
    const hex = colon < 0 ? part : part.slice(colon + 1);
    if (algorithm !== 'sha1' && algorithm !== 'sha256') return undefined;
    if (hex.length !== HEX_LENGTH[algorithm] || !/^[0-9a-f]+$/.test(hex)) return undefined;
    digests.push({ algorithm, hex });
  }
  return digests.length === 0 ? undefined : digests;
}

/**
 * Checks a file against the strongest digest of `expected` (a manifest `sha1` value). On a
 * mismatch throws {@link DIGEST_MISMATCH} with bosh-utils' words, prefixed by `what`:
 * `<what>: Expected sha1 digest "<expected>" but received "<actual>"`.
 */
export async function verifyFileDigest(path: string, expected: string, what: string): Promise<void> {
  const digests = parseMultiDigest(expected);
  if (digests === undefined) {
    throw new BosunError(DIGEST_MISMATCH, `${what}: Unrecognized digest '${expected}'`, {
      hint: "A digest is a SHA1 hex, or 'sha256:<hex>'.",
    });
  }
  const want = digests.find((d) => d.algorithm === 'sha256') ?? digests[0];
  if (want === undefined) return;
  const actual = await digestFile(want.algorithm, path);
  const actualHex = actual.slice(actual.indexOf(':') + 1);
  if (actualHex !== want.hex) {
    throw new BosunError(
      DIGEST_MISMATCH,
      `${what}: Expected ${want.algorithm} digest "${want.hex}" but received "${actualHex}"`,
      { hint: 'The release tarball is corrupt or was modified after it was created; create it again.' },
    );
  }
}
