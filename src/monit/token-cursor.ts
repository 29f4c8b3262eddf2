import { MonitSyntaxError } from './monit-syntax-error.js';
import type { MonitToken } from './token.js';

const PREVIEW_CHARS = 40;

/** Walks the tokens of one monit file and reports errors as `MonitSyntaxError`s of its job. */
export class TokenCursor {
  private index = 0;

  constructor(
    private readonly tokens: readonly MonitToken[],
    private readonly source: string,
    readonly jobName: string,
  ) {}

  peek(): MonitToken | undefined {
    return this.tokens[this.index];
  }

  /** The next token; callers call it only after `peek` showed there is one. */
  next(): MonitToken {
    const token = this.tokens[this.index];
    if (token === undefined) return this.fail(this.lastLine(), 'unexpected end of file');
    this.index += 1;
    return token;
  }

  /** True when `token` is the keyword `names` (canonical names). */
  isKeyword(
    token: MonitToken | undefined,
    ...names: readonly string[]
  ): token is MonitToken & { kind: 'keyword' } {
    return token?.kind === 'keyword' && names.includes(token.value);
  }

  fail(line: number, detail: string): never {
    throw new MonitSyntaxError(this.jobName, line, detail);
  }

  /** Fails with `expected <what>, got '<token>'` at the token's line (the last line at the end). */
  failExpected(what: string, got: MonitToken | undefined): never {
    if (got === undefined) return this.fail(this.lastLine(), `expected ${what}, got end of file`);
    return this.fail(got.line, `expected ${what}, got ${describeToken(got)}`);
  }

  /** Line of the end of the file (where errors about a missing token point). */
  lastLine(): number {
    return this.source.replace(/\n+$/, '').split('\n').length;
  }

  /**
   * The source text from `from` to `to` (offsets), comments removed and whitespace between
   * tokens collapsed to one space; the tokens' own text (quoted strings) is kept as written.
   */
  textBetween(from: number, to: number): string {
    let text = '';
    let at = from;
    for (const token of this.tokens) {
      if (token.start < from || token.end > to) continue;
      text += normalizeGap(this.source.slice(at, token.start)) + token.text;
      at = token.end;
    }
    return (text + normalizeGap(this.source.slice(at, to))).trim();
  }
}

function normalizeGap(gap: string): string {
  return gap
    .replace(/#[^\n]*/g, ' ')
    .replace(/\\\n/g, ' ')
    .replace(/\s+/g, ' ');
}

/** A token as error messages quote it: `'start'` for a command, `'check process'`, `'vcap'`. */
export function describeToken(token: MonitToken): string {
  if (token.kind === 'program') return `'${token.text.split(/[\s="]/)[0] ?? token.value}'`;
  const text = token.text.replace(/\s+/g, ' ').trim();
  return `'${text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}...` : text}'`;
}
