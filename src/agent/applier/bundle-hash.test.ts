import { describe, expect, it } from 'vitest';
import { bundleHash } from './bundle-hash.js';

describe('bundleHash', () => {
  it('is the SHA1 of <version>-<digest>, or of the version alone', () => {
    // printf '1.0-abc' | sha1sum ; printf '1.0' | sha1sum
    expect(bundleHash('1.0', 'abc')).toBe('d2c175796db2fd6e4fea7bf223860d10d541adfc');
    expect(bundleHash('1.0')).toBe('e8dc057d3346e56aed7cf252185dbe1fa6454411');
  });
});
