import { handleMonitEscapes } from './escapes.js';
import { STR_CHARS, type Scanner } from './scanner.js';

// The lexer's start conditions (flex %x states of monit's l.l). Each reads what follows a
// keyword that changes how the next characters are read, then returns to the ordinary state.

const STR_RUN = new RegExp(`${STR_CHARS}+`, 'y');
const QUOTED_NAME: Readonly<Record<string, RegExp>> = {
  '"': new RegExp(`"${STR_CHARS}+"`, 'y'),
  "'": new RegExp(`'${STR_CHARS}+'`, 'y'),
};

/** SERVICE_COND: the name after `check <type>`, which may be on a later line. */
export function lexServiceName(s: Scanner): void {
  const space = s.look(/[ \r\t\n]+/y);
  if (space) s.advance(space[0]);
  lexName(s, 'service-name');
}

/** STRING_COND: the group name right after `group ` (same line, no spaces before it). */
export function lexGroupName(s: Scanner): void {
  lexName(s, 'group-name');
}

function lexName(s: Scanner, kind: 'service-name' | 'group-name'): void {
  const quoted = QUOTED_NAME[s.char()];
  const bare = s.look(STR_RUN);
  const quotedMatch = quoted === undefined ? null : s.look(quoted);
  if (bare) s.emitText(kind, bare[0], bare[0]);
  else if (quotedMatch) s.emitText(kind, handleMonitEscapes(quotedMatch[0].slice(1, -1)), quotedMatch[0]);
  // anything else is left to the ordinary state; the parser then reports what it found
}

const DEPEND_RULES: readonly { readonly re: RegExp; readonly action: 'skip' | 'name' | 'exit' }[] = [
  { re: /[ \r\t;,()]+/y, action: 'skip' },
  { re: /[ \r\t;,()]*\n[ \r\t;,()]*/y, action: 'skip' },
  { re: STR_RUN, action: 'name' },
  // whitespace followed by anything but a comma ends the list (the character is read again)
  { re: /[ \r\n\t]+[^,]/y, action: 'exit' },
];

/**
 * DEPEND_COND: the names after `depends on`, separated by commas. As in monit, a name after
 * plain whitespace (`a b`, `a and b`) ends the list, and so does a line break not preceded
 * by a comma.
 */
export function lexDependList(s: Scanner): void {
  for (;;) {
    let best: { text: string; action: 'skip' | 'name' | 'exit' } | undefined;
    for (const rule of DEPEND_RULES) {
      const m = s.look(rule.re);
      if (m && (best === undefined || m[0].length > best.text.length))
        best = { text: m[0], action: rule.action };
    }
    if (best === undefined) return;
    if (best.action === 'exit') {
      s.advance(best.text.slice(0, -1));
      return;
    }
    if (best.action === 'name') s.emitText('service-name', best.text, best.text);
    else s.advance(best.text);
  }
}

const CRON_SPEC = /['"][ \r\t]*[0-9,*-]+(?:[ \r\t]+[0-9,*-]+){4}[ \r\t]*['"]/y;

/** EVERY_COND: the number of cycles or the quoted cron spec after `every` / `not every`. */
export function lexEvery(s: Scanner): void {
  const space = s.look(/[ \r\t\n]+/y);
  if (space) s.advance(space[0]);
  const number = s.look(/[0-9]+/y);
  if (number) return s.emitText('number', number[0], number[0]);
  const cron = s.look(CRON_SPEC);
  if (cron) return s.emitText('timespec', cron[0].slice(1, -1).trim(), cron[0]);
  s.fail(s.line, `invalid every format: expected 'every <N> cycles' or 'every "<cron spec>"'`);
}

/** INCLUDE: the file pattern after `include`, on the same line. */
export function lexInclude(s: Scanner, start: number, line: number): void {
  const space = s.look(/[ \t]*/y);
  if (space) s.advance(space[0]);
  const m = s.look(/"[^"\r\n]+"|'[^'\r\n]+'|[^ \t\r\n"']+/y);
  if (!m) s.fail(line, "expected a file pattern after 'include'");
  const c = m[0].charAt(0);
  s.advance(m[0]);
  s.emit('include', c === '"' || c === "'" ? m[0].slice(1, -1) : m[0], start, line);
}

/**
 * ARGUMENT_COND: the words of a double-quoted command, up to the closing quote. Words are split
 * at spaces, tabs and newlines; a word that starts a `'...'` span is that span, unquoted.
 */
export function lexCommand(s: Scanner, keyword: string, start: number, line: number): void {
  const what = keyword === 'exec' ? 'exec' : `${keyword} program`;
  const argv: string[] = [];
  const open = s.pos;
  for (;;) {
    if (s.atEnd) s.fail(line, `unbalanced quotes: the command of '${what}' has no closing '"'`);
    const c = s.char();
    if (c === '"') break;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      s.advance(c);
      continue;
    }
    const word = s.look(/[^ \t\n"]+/y)?.[0] ?? c;
    const quoted = c === "'" ? s.look(/'[^']*'/y)?.[0] : undefined;
    if (quoted !== undefined && quoted.length >= word.length) {
      argv.push(handleMonitEscapes(quoted.slice(1, -1)));
      s.advance(quoted);
    } else if (c === "'" && word.length === 1) {
      s.fail(s.line, `unbalanced quotes: a "'" in the command of '${what}' is never closed`);
    } else {
      argv.push(word);
      s.advance(word);
    }
  }
  const command = s.source.slice(open, s.pos);
  s.advance('"');
  s.emit('program', keyword, start, line, { command, argv });
}
