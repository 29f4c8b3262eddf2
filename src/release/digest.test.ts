import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestBytes, verifyFileDigest } from './digest.js';

const SHA1 = 'a17c9aaa61e80a1bf71d0d850af4e5baa9800bbd'; // "data", from bosh-cli's digest_calculator_test.go
const SHA256 = '3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7';

describe('digestBytes', () => {
  it.each([
    ['sha1', SHA1],
    ['sha256', `sha256:${SHA256}`],
  ] as const)('formats %s as bosh-utils does', (algorithm, expected) => {
    expect(digestBytes(algorithm, 'data')).toBe(expected);
  });
});

describe('verifyFileDigest', () => {
  it('checks the strongest digest and reports a mismatch in bosh-utils words', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bosun-digest-'));
    try {
      await writeFile(join(dir, 'f'), 'data');
      await verifyFileDigest(join(dir, 'f'), `${'0'.repeat(40)};sha256:${SHA256}`, 'f');
      await expect(verifyFileDigest(join(dir, 'f'), 'f'.repeat(40), 'Verifying f')).rejects.toThrow(
        `Verifying f: Expected sha1 digest "${'f'.repeat(40)}" but received "${SHA1}"`,
      );
      await expect(verifyFileDigest(join(dir, 'f'), 'abc', 'Verifying f')).rejects.toThrow("Verifying f: Unrecognized digest 'abc'");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
