import type { MonitToken, MonitTokenKind } from './token.js';

/** Reports a lexical error at a line; never returns. */
export type FailAt = (line: number, detail: string) => never;

/** The characters of monit's `{str}` class: anything but controls, space and `!@:{}"';(),%`. */
export const STR_CHARS = String.raw`[^\x00-\x21@:{}"';(),%]`;

/** A cursor over the source that counts lines and collects tokens; shared by the lexer's states. */
export class Scanner {
  pos = 0;
  line = 1;
  readonly tokens: MonitToken[] = [];

  constructor(
    readonly source: string,
    readonly fail: FailAt,
  ) {}

  get atEnd(): boolean {
    return this.pos >= this.source.length;
  }

  char(offset = 0): string {
    return this.source.charAt(this.pos + offset);
  }

  /** The match of a sticky regular expression at the cursor, without moving. */
  look(sticky: RegExp): RegExpExecArray | null {
    sticky.lastIndex = this.pos;
    return sticky.exec(this.source);
  }

  /** Moves past `text` (which must be the source at the cursor), counting its newlines. */
  advance(text: string): void {
    for (const c of text) if (c === '\n') this.line += 1;
    this.pos += text.length;
  }

  /** Records a token that runs from (`start`, `line`) to the cursor. */
  emit(
    kind: MonitTokenKind,
    value: string,
    start: number,
    line: number,
    program?: MonitToken['program'],
  ): void {
    const token = { kind, value, text: this.source.slice(start, this.pos), line, start, end: this.pos };
    this.tokens.push(program === undefined ? token : { ...token, program });
  }

  /** Moves past `text` and records it as one token. */
  emitText(kind: MonitTokenKind, value: string, text: string): void {
    const start = this.pos;
    const line = this.line;
    this.advance(text);
    this.emit(kind, value, start, line);
  }
}
