import { describe, expect, it } from 'vitest';
import { resolveDirectorEnvironment } from './director-environment.js';

const ENV = {
  BOSUN_ENVIRONMENT: 'http://10.0.0.1:25555',
  BOSUN_CLIENT: 'admin',
  BOSUN_CLIENT_SECRET: 'env-secret',
};

describe('resolveDirectorEnvironment', () => {
  it('takes each flag over its environment variable', () => {
    expect(resolveDirectorEnvironment({ 'client-secret': 'flag-secret' }, ENV)).toEqual({
      url: 'http://10.0.0.1:25555',
      client: 'admin',
      clientSecret: 'flag-secret',
    });
  });

  it.each([
    ['127.0.0.1', 'http://127.0.0.1:25555'],
    ['localhost:8080', 'http://localhost:8080'],
    ['https://director.example/', 'https://director.example:25555'],
    ['http://director:80', 'http://director'],
  ])('reads the URL %s as %s', (given, url) => {
    expect(resolveDirectorEnvironment({ environment: given }, ENV).url).toBe(url);
  });

  it('names the flag and the variable of what is missing', () => {
    expect(() => resolveDirectorEnvironment({ environment: 'x' }, { BOSUN_CLIENT_SECRET: '' })).toThrow(
      'Expected a Director to talk to: missing --client NAME (or BOSUN_CLIENT), --client-secret SECRET (or BOSUN_CLIENT_SECRET)',
    );
  });
});
