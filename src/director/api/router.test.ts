import { describe, expect, it } from 'vitest';
import type { Route } from './api-types.js';
import { httpErrorOf } from './http-errors.js';
import { Router } from './router.js';

const route = (method: Route['method'], path: string): Route => ({
  method,
  path,
  handle: () => Promise.resolve({ status: 200, json: path }),
});

const router = new Router([
  route('GET', '/tasks'),
  route('GET', '/tasks/:id'),
  route('DELETE', '/tasks/:id'),
  route('GET', '/tasks/:id/output'),
]);

describe('Router', () => {
  it.each([
    ['GET', '/tasks', '/tasks', {}],
    ['GET', '/tasks/', '/tasks', {}],
    ['GET', '/tasks/12', '/tasks/:id', { id: '12' }],
    ['DELETE', '/tasks/12', '/tasks/:id', { id: '12' }],
    ['GET', '/tasks/a%20b/output', '/tasks/:id/output', { id: 'a b' }],
  ])('matches %s %s to %s', (method, path, pattern, params) => {
    const match = router.match(method, path);
    expect(match.route.path).toBe(pattern);
    expect(match.params).toEqual(params);
  });

  it('answers 404 for an unknown path and 405 for a known path with another method', () => {
    const status = (method: string, path: string): unknown => {
      try {
        router.match(method, path);
        return 'matched';
      } catch (e) {
        return httpErrorOf(e);
      }
    };
    expect(status('GET', '/nope')).toEqual({
      status: 404,
      body: { code: 'ROUTE_NOT_FOUND', description: 'No endpoint GET /nope' },
    });
    expect(status('POST', '/tasks/1')).toEqual({
      status: 405,
      body: { code: 'METHOD_NOT_ALLOWED', description: 'POST is not allowed on /tasks/1; use GET or DELETE' },
    });
  });
});

describe('httpErrorOf', () => {
  it('makes unknown failures 500 and keeps their message', () => {
    expect(httpErrorOf(new Error('disk full'))).toEqual({
      status: 500,
      body: { code: 'INTERNAL_ERROR', description: 'Internal error: disk full' },
    });
  });
});
