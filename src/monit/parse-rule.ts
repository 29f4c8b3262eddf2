import type { MonitAction, MonitRate, MonitRecovery, MonitRule } from './model.js';
import { parseCommand } from './parse-command.js';
import type { MonitToken } from './token.js';
import type { TokenCursor } from './token-cursor.js';

/** Monit keeps event rates in a 64-bit bitmap: at most 64 cycles. */
const MAX_RATE_CYCLES = 64;

const SIMPLE_ACTIONS: ReadonlySet<string> = new Set(['alert', 'restart', 'start', 'stop', 'unmonitor']);

// Tokens that cannot be part of a condition: meeting one means the 'then' is missing.
const STATEMENT_KINDS: ReadonlySet<string> = new Set([
  'check',
  'program',
  'group',
  'depends',
  'every',
  'not-every',
  'include',
]);
const STATEMENT_KEYWORDS: readonly string[] = ['if', 'else', 'set', 'mode'];

// Keywords that take the number after them (`port 80`, `> 250`), so that number is not the
// first number of a rate: `if failed port 80 for 3 cycles` is a rate of 3 cycles.
const NUMBER_TAKERS: ReadonlySet<string> = new Set([
  'port',
  'retry',
  'count',
  'permission',
  'uid',
  'gid',
  'greater',
  'less',
  'equal',
  'notequal',
  'changed',
  'children',
  'memory',
  'totalmemory',
  'cpu',
  'totalcpu',
  'loadavg',
  'swap',
  'size',
  'inode',
  'space',
  'timestamp',
  'status',
  'reminder',
  'timeout',
]);

/**
 * An `if <condition> then <action> [else if <recovery> then <action>]` rule; the cursor is
 * after the `if`.
 */
export function parseRule(c: TokenCursor, ifToken: MonitToken): MonitRule {
  const { tokens, then } = readCondition(c, ifToken);
  const restartLimit = readRestartLimit(c, tokens, ifToken.line);
  const rate = restartLimit === undefined ? readRate(c, tokens) : undefined;
  const action = parseAction(c, restartLimit !== undefined);
  const recovery = c.isKeyword(c.peek(), 'else') ? parseRecovery(c, c.next()) : undefined;
  const condition = c.textBetween(ifToken.end, then.start);
  return { line: ifToken.line, condition, rate, restartLimit, action, recovery };
}

function parseRecovery(c: TokenCursor, elseToken: MonitToken): MonitRecovery {
  const ifToken = c.peek();
  if (!c.isKeyword(ifToken, 'if')) return c.failExpected("'if' after 'else'", ifToken);
  c.next();
  const first = c.peek();
  if (!c.isKeyword(first, 'succeeded', 'passed', 'recovered')) {
    c.failExpected("'succeeded', 'passed' or 'recovered' after 'else if'", first);
  }
  const { tokens, then } = readCondition(c, ifToken);
  const rate = readRate(c, tokens);
  const action = parseAction(c, false);
  return { line: elseToken.line, condition: c.textBetween(ifToken.end, then.start), rate, action };
}

function readCondition(c: TokenCursor, ifToken: MonitToken): { tokens: MonitToken[]; then: MonitToken } {
  const tokens: MonitToken[] = [];
  const expectedThen = `'then' to finish the 'if' at line ${ifToken.line}`;
  for (let t = c.peek(); !c.isKeyword(t, 'then'); t = c.peek()) {
    if (t === undefined || STATEMENT_KINDS.has(t.kind) || c.isKeyword(t, ...STATEMENT_KEYWORDS)) {
      c.failExpected(expectedThen, t);
    }
    tokens.push(c.next());
  }
  const then = c.next();
  if (tokens.length === 0) c.failExpected("a condition after 'if'", then);
  return { tokens, then };
}

/** `if <n> restarts within <m> cycles`: monit's action rate, the only rule allowing `then timeout`. */
function readRestartLimit(
  c: TokenCursor,
  tokens: readonly MonitToken[],
  line: number,
): MonitRule['restartLimit'] {
  const [restarts, keyword, cycles, unit, ...rest] = tokens;
  if (restarts?.kind !== 'number' || !c.isKeyword(keyword, 'restart')) return undefined;
  if (cycles?.kind !== 'number' || !c.isKeyword(unit, 'cycle') || rest.length > 0) {
    return c.fail(line, "expected 'if <number> restarts within <number> cycles then <action>'");
  }
  const limit = { restarts: Number(restarts.value), cycles: Number(cycles.value) };
  if (limit.restarts < 1 || limit.cycles < 1) {
    c.fail(line, 'the number of restarts and of cycles must be at least 1');
  }
  if (limit.restarts > limit.cycles) {
    c.fail(
      line,
      `the number of restarts (${limit.restarts}) must not exceed the number of cycles (${limit.cycles})`,
    );
  }
  return limit;
}

/** The `[<count>] <cycles> cycles` that ends a condition (noise words `for`, `times within` dropped). */
function readRate(c: TokenCursor, tokens: readonly MonitToken[]): MonitRate | undefined {
  const n = tokens.length;
  const [before2, first, second, unit] = [tokens[n - 4], tokens[n - 3], tokens[n - 2], tokens[n - 1]];
  if (!c.isKeyword(unit, 'cycle') || second?.kind !== 'number') return undefined;
  if (takesNumber(first)) return undefined;
  const hasCount = first?.kind === 'number' && !takesNumber(before2);
  const cycles = Number(second.value);
  const count = hasCount ? Number(first.value) : cycles;
  if (cycles < 1 || cycles > MAX_RATE_CYCLES) {
    c.fail(second.line, `the number of cycles must be between 1 and ${MAX_RATE_CYCLES}, got ${cycles}`);
  }
  if (count < 1 || count > cycles) {
    c.fail(
      second.line,
      `the number of events must be between 1 and the number of cycles (${cycles}), got ${count}`,
    );
  }
  return { count, cycles };
}

function takesNumber(token: MonitToken | undefined): boolean {
  return token?.kind === 'keyword' && NUMBER_TAKERS.has(token.value);
}

/** The action after `then`: alert, restart, start, stop, unmonitor, exec "<cmd>" (or timeout). */
export function parseAction(c: TokenCursor, allowTimeout: boolean): MonitAction {
  const t = c.peek();
  if (t?.kind === 'keyword' && SIMPLE_ACTIONS.has(t.value)) {
    c.next();
    return { kind: t.value as 'alert' | 'restart' | 'start' | 'stop' | 'unmonitor' };
  }
  if (allowTimeout && c.isKeyword(t, 'timeout')) {
    c.next();
    return { kind: 'unmonitor' };
  }
  if ((t?.kind === 'program' && t.value === 'exec') || c.isKeyword(t, 'exec')) {
    c.next();
    return { kind: 'exec', command: parseCommand(c, t, 'exec') };
  }
  const timeout = allowTimeout ? ', timeout' : '';
  return c.failExpected(
    `an action (alert, restart, start, stop, unmonitor${timeout} or exec "<command>") after 'then'`,
    t,
  );
}
