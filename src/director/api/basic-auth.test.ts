import { describe, expect, it } from 'vitest';
import { BasicAuth } from './basic-auth.js';

const header = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('BasicAuth', () => {
  it.each([
    [undefined, undefined],
    ['Bearer abc', undefined],
    ['Basic !!!', undefined],
    [`Basic ${Buffer.from('no-colon').toString('base64')}`, undefined],
    [header('admin', 'wrong'), undefined],
    [header('admin', 'pa:ss'), 'admin'],
    [`basic  ${Buffer.from('admin:pa:ss').toString('base64')}`, 'admin'],
  ])('authenticates %s as %s', (value, expected) => {
    const auth = new BasicAuth((name, password) => name === 'admin' && password === 'pa:ss');
    expect(auth.authenticate(value)).toBe(expected);
  });

  it('checks a password once and remembers only logins that succeeded', () => {
    const checks: string[] = [];
    const auth = new BasicAuth((name, password) => {
      checks.push(`${name}:${password}`);
      return password === 'right';
    });
    for (let i = 0; i < 3; i++) {
      expect(auth.authenticate(header('admin', 'right'))).toBe('admin');
      expect(auth.authenticate(header('admin', 'wrong'))).toBeUndefined();
    }
    expect(checks).toEqual(['admin:right', 'admin:wrong', 'admin:wrong', 'admin:wrong']);
  });
});
