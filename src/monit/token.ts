/**
 * Tokens of the monit control-file grammar, as monit's flex lexer produces them. The lexer has
 * start conditions (after `check`, `depends on`, `group`, `every` and inside a quoted command)
 * that read service names, group names and command words differently from ordinary words.
 */
export type MonitTokenKind =
  /** A reserved word; `value` is its canonical lower-case name (`restarts` → `restart`). */
  | 'keyword'
  /** A bare word or quoted string that is not a keyword; `value` is unquoted, escapes applied. */
  | 'string'
  /** `[0-9]+`. */
  | 'number'
  /** `[0-9]+.[0-9]+`. */
  | 'real'
  /** A bare word starting with `/`, or a quoted string starting with `/`. */
  | 'path'
  /** `check <type>`; `value` is the service type. */
  | 'check'
  /** The name after `check <type>`, or one name of a `depends on` list. */
  | 'service-name'
  /** `group`, followed by a `group-name` token when the name is well formed. */
  | 'group'
  | 'group-name'
  /** `depends on`, followed by `service-name` tokens. */
  | 'depends'
  /** `start|stop|restart [program] [=] "..."` or `exec "..."`; `value` is the keyword. */
  | 'program'
  /** `every` / `not every`, followed by a `number` or a `timespec`. */
  | 'every'
  | 'not-every'
  /** A cron spec after `every`, or `hh:mm:ss`. */
  | 'timespec'
  /** `include <pattern>`; `value` is the pattern. */
  | 'include'
  /** A URL, mail address or mail-format header: kept as text. */
  | 'other'
  /** Any other single character (`{`, `}`, `@`, `!`, `:`, `%`). */
  | 'symbol';

/** One token with its place in the (CRLF-normalised) source. */
export interface MonitToken {
  readonly kind: MonitTokenKind;
  readonly value: string;
  /** The source text of the token. */
  readonly text: string;
  /** 1-based line where the token starts. */
  readonly line: number;
  /** Offsets into the source: `text === source.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  /** For `program` tokens: the text between the quotes and the words monit splits it into. */
  readonly program?: { readonly command: string; readonly argv: readonly string[] };
}
