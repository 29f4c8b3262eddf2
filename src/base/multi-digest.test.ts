import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDigest, parseMultiDigest, strongestDigest, verifyDigest } from './multi-digest.js';

const SHA1_HELLO = '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed';
const SHA256_HELLO = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';

describe('parseMultiDigest', () => {
  it.each([
    [SHA1_HELLO, [{ algorithm: 'sha1', hex: SHA1_HELLO }]],
    [`sha1:${SHA1_HELLO}`, [{ algorithm: 'sha1', hex: SHA1_HELLO }]],
    [`sha256:${SHA256_HELLO.toUpperCase()}`, [{ algorithm: 'sha256', hex: SHA256_HELLO }]],
    [
      `${SHA1_HELLO};sha256:${SHA256_HELLO}`,
      [
        { algorithm: 'sha1', hex: SHA1_HELLO },
        { algorithm: 'sha256', hex: SHA256_HELLO },
      ],
    ],
  ])('parses %s', (text, digests) => {
    expect(parseMultiDigest(text)).toEqual(digests);
  });

  it.each([
    ['', "Invalid digest '': no digest given"],
    ['md5:abc', "Invalid digest 'md5:abc': unknown algorithm 'md5'"],
    ['abc', "Invalid digest 'abc': 'abc' is not a sha1 digest"],
  ])('rejects %j', (text, message) => {
    expect(() => parseMultiDigest(text)).toThrow(message);
  });
});

describe('strongestDigest', () => {
  it('picks sha256 over sha1 whatever the order', () => {
    expect(formatDigest(strongestDigest(`sha256:${SHA256_HELLO};${SHA1_HELLO}`))).toBe(
      `sha256:${SHA256_HELLO}`,
    );
  });
});

describe('verifyDigest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-digest-'));
    await writeFile(join(dir, 'f'), 'hello world');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('accepts a matching sha1, sha256 or multi-digest', async () => {
    await verifyDigest(join(dir, 'f'), SHA1_HELLO);
    await verifyDigest(join(dir, 'f'), `sha256:${SHA256_HELLO}`);
    await verifyDigest(join(dir, 'f'), `${'0'.repeat(40)};sha256:${SHA256_HELLO}`);
  });

  it('names the blob and both digests when the strongest does not match', async () => {
    await expect(
      verifyDigest(join(dir, 'f'), `${SHA1_HELLO};sha256:${'0'.repeat(64)}`, "blob 'b1'"),
    ).rejects.toThrow(
      `Checking downloaded blob 'b1': Expected stream to have digest 'sha256:${'0'.repeat(64)}' but was 'sha256:${SHA256_HELLO}'`,
    );
  });
});
