import { BosunError } from '../../base/index.js';
import type { Route } from './api-types.js';

/** A route that matched a request, with its path parameters. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/**
 * Finds the route of a method and path. Fails with `ROUTE_NOT_FOUND` when no route has the
 * path and `METHOD_NOT_ALLOWED` when routes have the path but not the method.
 */
export class Router {
  private readonly routes: ReadonlyArray<{ route: Route; segments: string[] }>;

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => ({ route, segments: splitPath(route.path) }));
  }

  match(method: string, path: string): RouteMatch {
    const segments = splitPath(path);
    const allowed: string[] = [];
    for (const { route, segments: pattern } of this.routes) {
      const params = matchSegments(pattern, segments);
      if (params === undefined) continue;
      if (route.method === method) return { route, params };
      allowed.push(route.method);
    }
    if (allowed.length > 0) {
      throw new BosunError(
        'METHOD_NOT_ALLOWED',
        `${method} is not allowed on ${path}; use ${allowed.join(' or ')}`,
      );
    }
    throw new BosunError('ROUTE_NOT_FOUND', `No endpoint ${method} ${path}`);
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    const got = actual[i]!;
    if (want.startsWith(':')) {
      try {
        params[want.slice(1)] = decodeURIComponent(got);
      } catch {
        return undefined;
      }
    } else if (want !== got) return undefined;
  }
  return params;
}
