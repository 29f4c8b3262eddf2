import type { MonitCommand, MonitProgram } from './model.js';
import type { MonitToken } from './token.js';
import type { TokenCursor } from './token-cursor.js';

/** Monit's `EXEC_TIMEOUT`: seconds it waits for a start/stop/restart program by default. */
export const DEFAULT_PROGRAM_TIMEOUT_SECONDS = 30;

/**
 * The command after `start|stop|restart [program]` or `exec`, then `[as] uid <u> [and] gid <g>`
 * in any order. `head` is the `program` token (double-quoted command) or the bare keyword;
 * as in monit's `argumentlist`, further strings and paths after it are more arguments.
 */
export function parseCommand(c: TokenCursor, head: MonitToken, what: string): MonitCommand {
  const argv = [...(head.program?.argv ?? [])];
  const parts = head.program === undefined ? [] : [head.program.command];
  for (let t = c.peek(); t?.kind === 'string' || t?.kind === 'path'; t = c.peek()) {
    c.next();
    argv.push(t.value);
    parts.push(t.value);
  }
  if (argv.length === 0) {
    if (head.program !== undefined) c.fail(head.line, `the command of '${what}' is empty`);
    c.failExpected(`a quoted command after '${what}'`, c.peek());
  }
  let uid: string | undefined;
  let gid: string | undefined;
  for (let t = c.peek(); c.isKeyword(t, 'uid', 'gid'); t = c.peek()) {
    c.next();
    const value = c.peek();
    if (value?.kind !== 'string' && value?.kind !== 'number') {
      c.failExpected(`a ${t.value === 'uid' ? 'user' : 'group'} name or number after '${t.value}'`, value);
    }
    c.next();
    if (t.value === 'uid') uid = value.value;
    else gid = value.value;
  }
  return { line: head.line, command: parts.join(' '), argv, uid, gid };
}

/** `start|stop|restart program "<cmd>" [as uid u and gid g] [with timeout N seconds]`. */
export function parseProgram(c: TokenCursor, head: MonitToken): MonitProgram {
  const what = `${head.value} program`;
  const command = parseCommand(c, head, what);
  if (!c.isKeyword(c.peek(), 'timeout'))
    return { ...command, timeoutSeconds: DEFAULT_PROGRAM_TIMEOUT_SECONDS };
  c.next();
  const seconds = c.peek();
  if (seconds?.kind !== 'number') c.failExpected(`a whole number of seconds after 'timeout'`, seconds);
  c.next();
  const unit = c.peek();
  if (!c.isKeyword(unit, 'second')) c.failExpected(`'seconds' after 'timeout ${seconds.value}'`, unit);
  c.next();
  const timeoutSeconds = Number.parseInt(seconds.value, 10);
  if (timeoutSeconds <= 0) {
    c.fail(
      seconds.line,
      `the timeout of '${what}' must be a positive number of seconds, got ${seconds.value}`,
    );
  }
  return { ...command, timeoutSeconds };
}
