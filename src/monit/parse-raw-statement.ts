import type { MonitStatement } from './model.js';
import type { MonitToken } from './token.js';
import type { TokenCursor } from './token-cursor.js';

/**
 * Statements Bosun keeps as text, checked only for their shape; the cursor is at `head`:
 * `alert <mail> [[not] {events}] [mail-format {...}] [reminder N [cycles]]`,
 * `noalert <mail>` and `ignore [not] match "<regex>"|<path>`.
 */
export function parseRawStatement(c: TokenCursor, head: MonitToken): MonitStatement {
  c.next();
  const last = head.value === 'ignore' ? readIgnoreMatch(c) : readAlert(c, head);
  return { line: head.line, text: c.textBetween(head.start, last.end) };
}

function readIgnoreMatch(c: TokenCursor): MonitToken {
  if (c.isKeyword(c.peek(), 'not')) c.next();
  if (!c.isKeyword(c.peek(), 'match')) c.failExpected("'match' after 'ignore'", c.peek());
  c.next();
  const pattern = c.peek();
  if (pattern?.kind !== 'string' && pattern?.kind !== 'path') {
    c.failExpected("a quoted regular expression or a path after 'ignore match'", pattern);
  }
  return c.next();
}

function readAlert(c: TokenCursor, head: MonitToken): MonitToken {
  const address = c.peek();
  if (address?.kind !== 'other' || !address.value.includes('@')) {
    c.failExpected(`a mail address after '${head.value}'`, address);
  }
  let last = c.next();
  if (head.value === 'noalert') return last;
  if (c.isKeyword(c.peek(), 'not')) {
    c.next();
    last = readBraces(c);
  } else if (isSymbol(c.peek(), '{')) {
    last = readBraces(c);
  }
  if (c.isKeyword(c.peek(), 'mail-format')) {
    c.next();
    last = readBraces(c);
  }
  if (c.isKeyword(c.peek(), 'reminder')) {
    c.next();
    const count = c.peek();
    if (count?.kind !== 'number') c.failExpected("a number after 'reminder'", count);
    last = c.next();
    if (c.isKeyword(c.peek(), 'cycle')) last = c.next();
  }
  return last;
}

function readBraces(c: TokenCursor): MonitToken {
  const open = c.peek();
  if (!isSymbol(open, '{')) return c.failExpected("'{'", open);
  c.next();
  for (let t = c.peek(); !isSymbol(t, '}'); t = c.peek()) {
    if (t === undefined) c.failExpected(`'}' to close the '{' at line ${open.line}`, t);
    c.next();
  }
  return c.next();
}

function isSymbol(token: MonitToken | undefined, symbol: string): token is MonitToken {
  return token?.kind === 'symbol' && token.value === symbol;
}
