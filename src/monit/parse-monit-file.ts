import { tokenizeMonit } from './lexer.js';
import type { MonitFile, MonitInclude, MonitProcess, MonitService, MonitSetting } from './model.js';
import { MonitSyntaxError } from './monit-syntax-error.js';
import { parseService } from './parse-service.js';
import { sortByDependencies } from './sort-by-dependencies.js';
import type { MonitToken } from './token.js';
import { TokenCursor } from './token-cursor.js';

/** Options of `parseMonitFile`. */
export interface ParseMonitFileOptions {
  /** The job the file belongs to; every error names it. */
  readonly jobName: string;
}

/**
 * Parses a rendered `monit` file of a job with monit 5.2.5's control-file grammar (reference
 * §3.1): `check` stanzas of every type, global `set` statements and `include`s, `#` comments,
 * free-form layout (a statement may span lines), CRLF or LF line ends. An empty file, or one
 * with only comments, declares no services.
 *
 * Besides syntax it checks what monit checks when it loads one file: service names unique
 * (case-insensitively) and not starting with `/`, no `depends on` loop among the file's own
 * services, positive program timeouts, and rates of 1 to 64 cycles. A `depends on` naming a
 * service this file does not define is allowed here, because it may be another job's service
 * on the same instance (the director's `depends on postgres,nats`); `orderMonitServices`
 * checks those across all the jobs of an instance.
 *
 * Pure: no I/O. Throws `MonitSyntaxError` (code `MONIT_FILE_INVALID`) with the message
 * `job '<job>': invalid monit file at line <n>: <detail>`.
 */
export function parseMonitFile(text: string, options: ParseMonitFileOptions): MonitFile {
  const source = text.replace(/\r\n/g, '\n');
  const fail = (line: number, detail: string): never => {
    throw new MonitSyntaxError(options.jobName, line, detail);
  };
  const c = new TokenCursor(tokenizeMonit(source, fail), source, options.jobName);
  const services: MonitService[] = [];
  const settings: MonitSetting[] = [];
  const includes: MonitInclude[] = [];
  for (let t = c.peek(); t !== undefined; t = c.peek()) {
    if (t.kind === 'check') services.push(parseService(c, t));
    else if (t.kind === 'include') includes.push({ line: c.next().line, pattern: t.value });
    else if (c.isKeyword(t, 'set')) settings.push(parseSetting(c, t));
    else if (t.kind === 'string' && t.value.toLowerCase() === 'check') {
      c.fail(t.line, "'check' must be followed by a service type or name on the same line");
    } else c.failExpected("'check', 'set' or 'include'", t);
  }
  checkUniqueNames(c, services);
  checkNoLocalLoop(c, services);
  const processes = services.filter((s): s is MonitProcess => s.type === 'process');
  return { services, processes, settings, includes };
}

/** `set <name> ...` up to the next `check`, `set` or `include`: kept as text. */
function parseSetting(c: TokenCursor, set: MonitToken): MonitSetting {
  c.next();
  const first = c.peek();
  if (
    first === undefined ||
    first.kind === 'check' ||
    first.kind === 'include' ||
    c.isKeyword(first, 'set')
  ) {
    c.failExpected("a setting after 'set'", first);
  }
  let last = c.next();
  for (let t = c.peek(); t !== undefined && t.kind !== 'check' && t.kind !== 'include'; t = c.peek()) {
    if (c.isKeyword(t, 'set')) break;
    last = c.next();
  }
  return { line: set.line, name: first.value.toLowerCase(), text: c.textBetween(set.start, last.end) };
}

function checkUniqueNames(c: TokenCursor, services: readonly MonitService[]): void {
  const seen = new Map<string, MonitService>();
  for (const service of services) {
    const first = seen.get(service.name.toLowerCase());
    if (first !== undefined) {
      c.fail(
        service.line,
        `service name conflict, '${service.name}' is already defined at line ${first.line}`,
      );
    }
    seen.set(service.name.toLowerCase(), service);
  }
}

function checkNoLocalLoop(c: TokenCursor, services: readonly MonitService[]): void {
  const result = sortByDependencies(services);
  if ('loopAt' in result) {
    c.fail(result.loopAt.line, `found a depend loop involving the service '${result.loopAt.name}'`);
  }
}
