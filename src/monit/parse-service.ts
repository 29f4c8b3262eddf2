import type {
  MonitEvery,
  MonitMode,
  MonitProgram,
  MonitRule,
  MonitService,
  MonitServiceCommon,
  MonitServiceType,
  MonitStatement,
} from './model.js';
import { parseProgram } from './parse-command.js';
import { parseRule } from './parse-rule.js';
import { parseRawStatement } from './parse-raw-statement.js';
import { parseServiceHeader } from './parse-service-header.js';
import type { MonitToken } from './token.js';
import { describeToken, type TokenCursor } from './token-cursor.js';

interface StanzaBody {
  start: MonitProgram | undefined;
  stop: MonitProgram | undefined;
  restart: MonitProgram | undefined;
  groups: string[];
  dependsOn: string[];
  mode: MonitMode;
  every: MonitEvery | undefined;
  rules: MonitRule[];
  otherStatements: MonitStatement[];
}

/**
 * One `check <type> <name> ...` stanza; the cursor is at the `check` token. The stanza ends at
 * the next `check`, `set` or `include`, or at the end of the file.
 */
export function parseService(c: TokenCursor, check: MonitToken): MonitService {
  c.next();
  const checkWords = check.text.replace(/\s+/g, ' ').trim();
  const nameToken = c.peek();
  if (nameToken?.kind !== 'service-name') c.failExpected(`a service name after '${checkWords}'`, nameToken);
  c.next();
  const name = nameToken.value;
  if (name.startsWith('/')) c.fail(nameToken.line, `service name '${name}' must not start with '/'`);
  const what = `${checkWords} ${name}`;
  const header = parseServiceHeader(c, check.value as MonitServiceType, what);
  const body: StanzaBody = {
    start: undefined,
    stop: undefined,
    restart: undefined,
    groups: [],
    dependsOn: [],
    mode: 'active',
    every: undefined,
    rules: [],
    otherStatements: [],
  };
  for (let t = c.peek(); t !== undefined && !endsStanza(c, t); t = c.peek()) parseStatement(c, t, what, body);
  const common: MonitServiceCommon = { name, line: check.line, ...body };
  return { ...common, ...header };
}

function endsStanza(c: TokenCursor, t: MonitToken): boolean {
  return t.kind === 'check' || t.kind === 'include' || c.isKeyword(t, 'set');
}

function parseStatement(c: TokenCursor, t: MonitToken, what: string, body: StanzaBody): void {
  if ((t.kind === 'program' && t.value !== 'exec') || c.isKeyword(t, 'start', 'stop', 'restart')) {
    // a bare keyword takes a single-quoted or unquoted command (monit's argumentlist)
    c.next();
    body[t.value as 'start' | 'stop' | 'restart'] = parseProgram(c, t);
  } else if (t.kind === 'group') {
    c.next();
    const group = c.peek();
    if (group?.kind !== 'group-name') c.failExpected("a group name after 'group'", group);
    addOnce(body.groups, c.next().value);
  } else if (t.kind === 'depends') {
    c.next();
    const first = c.peek();
    if (first?.kind !== 'service-name') {
      const sameLine = first !== undefined && first.line > t.line ? ' on the same line' : '';
      c.failExpected(`a service name after 'depends on'${sameLine}`, first);
    }
    while (c.peek()?.kind === 'service-name') addOnce(body.dependsOn, c.next().value);
  } else if (c.isKeyword(t, 'mode')) {
    c.next();
    const mode = c.peek();
    if (!c.isKeyword(mode, 'active', 'passive', 'manual')) {
      c.failExpected("'active', 'passive' or 'manual' after 'mode'", mode);
    }
    body.mode = c.next().value as MonitMode;
  } else if (t.kind === 'every' || t.kind === 'not-every') {
    c.next();
    body.every = parseEvery(c, t);
  } else if (c.isKeyword(t, 'if')) {
    c.next();
    body.rules.push(parseRule(c, t));
  } else if (c.isKeyword(t, 'alert', 'noalert', 'ignore')) {
    body.otherStatements.push(parseRawStatement(c, t));
  } else if (c.isKeyword(t, 'pidfile', 'path', 'match', 'address')) {
    c.fail(t.line, `${describeToken(t)} must come right after '${what}'`);
  } else if (t.kind === 'string' && SAME_LINE_KEYWORDS.has(t.value.toLowerCase())) {
    c.fail(
      t.line,
      `'${t.value}' must be followed by ${SAME_LINE_KEYWORDS.get(t.value.toLowerCase())} on the same line`,
    );
  } else {
    c.fail(t.line, `unexpected ${describeToken(t)} in '${what}'`);
  }
}

// Monit reads these only with their argument on the same line; alone on a line they are words.
const SAME_LINE_KEYWORDS: ReadonlyMap<string, string> = new Map([
  ['group', 'a group name'],
  ['depends', "'on' and a service name"],
  ['depend', "'on' and a service name"],
  ['check', 'a service type or name'],
]);

function parseEvery(c: TokenCursor, every: MonitToken): MonitEvery {
  const spec = c.peek();
  if (every.kind === 'every' && spec?.kind === 'number') {
    c.next();
    const unit = c.peek();
    if (!c.isKeyword(unit, 'cycle')) c.failExpected(`'cycles' after 'every ${spec.value}'`, unit);
    c.next();
    return { kind: 'cycles', cycles: Number(spec.value) };
  }
  if (spec?.kind !== 'timespec') c.failExpected(`a quoted cron spec after '${every.value}'`, spec);
  c.next();
  return { kind: every.kind === 'every' ? 'cron' : 'not-cron', spec: spec.value };
}

/** Monit compares service and group names case-insensitively; keep the first spelling. */
function addOnce(list: string[], name: string): void {
  if (!list.some((n) => n.toLowerCase() === name.toLowerCase())) list.push(name);
}
