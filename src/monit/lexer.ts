import { handleMonitEscapes } from './escapes.js';
import { KEYWORDS, NOISE_WORDS } from './keywords.js';
import {
  lexCommand,
  lexDependList,
  lexEvery,
  lexGroupName,
  lexInclude,
  lexServiceName,
} from './lexer-conditions.js';
import { STR_CHARS, Scanner, type FailAt } from './scanner.js';
import type { MonitToken } from './token.js';

// The ordinary state (INITIAL) of monit's flex lexer. Flex takes the longest match at each
// place, the earlier rule on a tie; a plain word (`{str}+`) competes with the patterns below,
// which are the only rules that can match more than the word at the same place.

const WORD = new RegExp(`${STR_CHARS}+`, 'y');
const WIDE_SPACE = /[ \r\t;,()]+/y;
// `#` starts a comment only where a token would start (`/a#b` is one word); `\` before a
// newline is dropped. A comment on the last line without a newline is accepted too.
const NEWLINE_OR_COMMENT = /(?:#[^\n]*)?\\?\n|#[^\n]*$/y;

type Special = (s: Scanner, m: RegExpExecArray, start: number, line: number) => void;

const keyword =
  (value: string): Special =>
  (s, m) =>
    s.emitText('keyword', value, m[0]);

const SPECIALS: readonly (readonly [RegExp, Special])[] = [
  [
    /(start|stop|restart)[ \r\t]*(?:program)?[ \r\t]*(?:=[ \r\t]+)?"/iy,
    (s, m, start, line) => {
      s.advance(m[0]);
      lexCommand(s, (m[1] ?? '').toLowerCase(), start, line);
    },
  ],
  [
    /exec(?:ute)?[ \r\t]*"/iy,
    (s, m, start, line) => {
      s.advance(m[0]);
      lexCommand(s, 'exec', start, line);
    },
  ],
  [/loadavg *\( *(?:1|5|15) *(?:m|min)? *\)/iy, keyword('loadavg')],
  [/cpu *(?:usage)* *\( *(?:us|usr|user|sy|sys|system|wa|wait)? *\)/iy, keyword('cpu')],
  [/!=/y, keyword('notequal')],
  [/%/y, keyword('percent')],
  [
    /not +every/iy,
    (s, m) => {
      s.emitText('not-every', 'not every', m[0]);
      lexEvery(s);
    },
  ],
  [
    /depends?[ \t]+(?:on[ \t]*)?/iy,
    (s, m) => {
      s.emitText('depends', 'depends on', m[0]);
      lexDependList(s);
    },
  ],
  [
    /check[ \t]+(process[ \t]|program[ \t]|device|filesystem|file|directory|host|system|fifo|program)?/iy,
    (s, m) => {
      s.emitText('check', serviceType(m[1]), m[0]);
      lexServiceName(s);
    },
  ],
  [
    /group[ \t]+/iy,
    (s, m) => {
      s.emitText('group', 'group', m[0]);
      lexGroupName(s);
    },
  ],
  [/[a-z0-9]+:\/\/[^ \t\r\n]*/iy, (s, m) => s.emitText('other', m[0], m[0])],
  [/[0-9]{2}:[0-9]{2}:[0-9]{2}/y, (s, m) => s.emitText('timespec', m[0], m[0])],
  [new RegExp(`${STR_CHARS}+@${STR_CHARS}+`, 'y'), (s, m) => s.emitText('other', m[0], m[0])],
  [
    new RegExp(`(?:from|reply-to):[ \\t]*${STR_CHARS}+@${STR_CHARS}+|subject:[^}\\n]*|message:[^}]*`, 'iy'),
    (s, m) => s.emitText('other', m[0], m[0]),
  ],
];

function serviceType(word: string | undefined): string {
  const type = (word ?? 'process').trim().toLowerCase();
  return type === 'device' ? 'filesystem' : type;
}

/**
 * Splits a monit control file into tokens the way monit 5.2.5's lexer does: noise words
 * dropped, keywords case-insensitive, `#` comments, and the special reading of service names,
 * `depends on` lists, group names and quoted commands. Lines are counted from 1; CRLF must
 * already be turned into LF.
 */
export function tokenizeMonit(source: string, fail: FailAt): readonly MonitToken[] {
  const s = new Scanner(source, fail);
  while (!s.atEnd) lexNext(s);
  return s.tokens;
}

function lexNext(s: Scanner): void {
  const skip = s.look(WIDE_SPACE) ?? s.look(NEWLINE_OR_COMMENT);
  if (skip) return s.advance(skip[0]);
  const c = s.char();
  if (c === '"' || c === "'") return lexQuoted(s, c);
  const word = s.look(WORD)?.[0] ?? '';
  let best: { m: RegExpExecArray; lex: Special } | undefined;
  for (const [re, lex] of SPECIALS) {
    const m = s.look(re);
    if (m && m[0].length > (best?.m[0].length ?? word.length)) best = { m, lex };
  }
  if (best) return best.lex(s, best.m, s.pos, s.line);
  if (word === '') return s.emitText('symbol', c, c);
  lexWord(s, word);
}

function lexWord(s: Scanner, word: string): void {
  const lower = word.toLowerCase();
  if (NOISE_WORDS.has(lower)) return s.advance(word);
  if (lower === 'every') {
    s.emitText('every', 'every', word);
    return lexEvery(s);
  }
  if (lower === 'include') {
    const start = s.pos;
    const line = s.line;
    s.advance(word);
    return lexInclude(s, start, line);
  }
  const canonical = KEYWORDS.get(lower);
  if (canonical !== undefined) return s.emitText('keyword', canonical, word);
  if (/^[0-9]+$/.test(word)) return s.emitText('number', word, word);
  if (/^[0-9]+\.[0-9]+$/.test(word)) return s.emitText('real', word, word);
  s.emitText(word.startsWith('/') ? 'path' : 'string', word, word);
}

function lexQuoted(s: Scanner, quote: string): void {
  const m = s.look(quote === '"' ? /"[^"]*"/y : /'[^']*'/y);
  if (!m) s.fail(s.line, `unbalanced quotes: this ${quote} is never closed`);
  const inner = m[0].slice(1, -1);
  // a quoted path is a PATH token only when it stays on one line, as in monit
  const kind = inner.startsWith('/') && !inner.includes('\n') ? 'path' : 'string';
  s.emitText(kind, handleMonitEscapes(inner), m[0]);
}
