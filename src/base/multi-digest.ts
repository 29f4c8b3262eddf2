import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { BosunError } from './bosun-error.js';

/** Digest algorithms BOSH multi-digests use, weakest first. */
export const DIGEST_ALGORITHMS = ['sha1', 'sha256', 'sha512'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

/** One digest of a BOSH multi-digest. */
export interface Digest {
  algorithm: DigestAlgorithm;
  /** Lowercase hex. */
  hex: string;
}

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha1: 40, sha256: 64, sha512: 128 };

/**
 * Parses a BOSH multi-digest: digests separated by `;`, each `<algorithm>:<hex>` or a plain
 * SHA1 hex (bosh-utils `ParseMultipleDigest`).
 */
export function parseMultiDigest(text: string): Digest[] {
  const parts = text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw invalid(text, 'no digest given');
  return parts.map((part) => {
    const colon = part.indexOf(':');
    const name = colon < 0 ? 'sha1' : part.slice(0, colon).toLowerCase();
    const hex = (colon < 0 ? part : part.slice(colon + 1)).toLowerCase();
    if (!isAlgorithm(name)) throw invalid(text, `unknown algorithm '${name}'`);
    if (hex.length !== HEX_LENGTH[name] || !/^[0-9a-f]+$/.test(hex)) {
      throw invalid(text, `'${part}' is not a ${name} digest`);
    }
    return { algorithm: name, hex };
  });
}

/** The strongest digest of a multi-digest, the one BOSH verifies. */
export function strongestDigest(text: string): Digest {
  const rank = (d: Digest): number => DIGEST_ALGORITHMS.indexOf(d.algorithm);
  return parseMultiDigest(text).reduce((best, d) => (rank(d) > rank(best) ? d : best));
}

/** Formats a digest as BOSH prints it: plain hex for SHA1, `<algorithm>:<hex>` otherwise. */
export function formatDigest(digest: Digest): string {
  return digest.algorithm === 'sha1' ? digest.hex : `${digest.algorithm}:${digest.hex}`;
}

/** The digest of a file's bytes. */
export async function digestFile(
  file: string,
  algorithm: DigestAlgorithm,
  signal?: AbortSignal,
): Promise<Digest> {
  const hash = createHash(algorithm);
  const stream = createReadStream(file, signal === undefined ? {} : { signal });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return { algorithm, hex: hash.digest('hex') };
}

/**
 * Checks `file` against the strongest digest of `expected`. A mismatch throws
 * `BLOB_DIGEST_MISMATCH` with BOSH's words:
 * `Checking downloaded blob '<id>': Expected stream to have digest '<x>' but was '<y>'`
 * (`what` names the blob; it defaults to the file path).
 */
export async function verifyDigest(
  file: string,
  expected: string,
  what = `file '${file}'`,
  signal?: AbortSignal,
): Promise<void> {
  const want = strongestDigest(expected);
  const got = await digestFile(file, want.algorithm, signal);
  if (got.hex !== want.hex) {
    throw new BosunError(
      'BLOB_DIGEST_MISMATCH',
      `Checking downloaded ${what}: Expected stream to have digest '${formatDigest(want)}' but was '${formatDigest(got)}'`,
    );
  }
}

function isAlgorithm(name: string): name is DigestAlgorithm {
  return (DIGEST_ALGORITHMS as readonly string[]).includes(name);
}

function invalid(text: string, reason: string): BosunError {
  return new BosunError('DIGEST_INVALID', `Invalid digest '${text}': ${reason}`);
}
