import type { MonitServiceType } from './model.js';
import type { TokenCursor } from './token-cursor.js';

/** What follows the service name: the process's pidfile or pattern, or another check's target. */
export type MonitServiceHeader =
  | { readonly type: 'process'; readonly pidfile: string; readonly matching: undefined }
  | { readonly type: 'process'; readonly pidfile: undefined; readonly matching: string }
  | { readonly type: Exclude<MonitServiceType, 'process'>; readonly target: string | undefined };

/**
 * Monit's grammar puts these right after the name (noise words like `with` may come between):
 * `check process <n> with pidfile <abs path>` (also `path <abs path>`), `check process <n>
 * matching "<regex>"`, `check file|filesystem|directory|fifo|program <n> with path <abs path>`,
 * `check host <n> with address <host>`, and nothing for `check system <n>`.
 */
export function parseServiceHeader(c: TokenCursor, type: MonitServiceType, what: string): MonitServiceHeader {
  const t = c.peek();
  if (type === 'system') return { type, target: undefined };
  if (type === 'host') {
    if (!c.isKeyword(t, 'address')) c.failExpected(`'address' after '${what}'`, t);
    c.next();
    const address = c.peek();
    if (address?.kind !== 'string' && address?.kind !== 'real' && address?.kind !== 'number') {
      c.failExpected("a host name or IP address after 'address'", address);
    }
    return { type, target: c.next().value };
  }
  if (type === 'process' && c.isKeyword(t, 'match')) {
    c.next();
    const pattern = c.peek();
    if (pattern?.kind !== 'string' && pattern?.kind !== 'path') {
      c.failExpected("a quoted regular expression after 'matching'", pattern);
    }
    return { type, pidfile: undefined, matching: c.next().value };
  }
  const isPidfile = type === 'process' && c.isKeyword(t, 'pidfile');
  if (!isPidfile && !c.isKeyword(t, 'path')) {
    c.failExpected(
      type === 'process' ? `'pidfile' or 'matching' after '${what}'` : `'path' after '${what}'`,
      t,
    );
  }
  const keyword = c.next();
  const path = c.peek();
  if (path?.kind !== 'path') c.failExpected(`an absolute path after '${keyword.value}'`, path);
  c.next();
  return type === 'process'
    ? { type, pidfile: path.value, matching: undefined }
    : { type, target: path.value };
}
