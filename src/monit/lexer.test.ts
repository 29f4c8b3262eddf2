import { describe, expect, it } from 'vitest';
import { tokenizeMonit } from './lexer.js';

function fail(line: number, detail: string): never {
  throw new Error(`line ${line}: ${detail}`);
}

/** Tokens as `kind:value` strings, for compact tables. */
function lex(source: string): string[] {
  return tokenizeMonit(source, fail).map((t) => `${t.kind}:${t.value}`);
}

describe('tokenizeMonit (reference §3.1, monit 5.2.5 lexer)', () => {
  it.each([
    ['drops noise words', 'with and has using usage on only then for of is as program', ['keyword:then']],
    ['reads keywords case-insensitively', 'IF Failed PORT', ['keyword:if', 'keyword:failed', 'keyword:port']],
    [
      'maps plural and short spellings',
      'restarts cycles seconds Mb totalmem',
      ['keyword:restart', 'keyword:cycle', 'keyword:second', 'keyword:megabyte', 'keyword:totalmemory'],
    ],
    ['reads a keyword only as a whole word', 'iffy portal', ['string:iffy', 'string:portal']],
    [
      'reads numbers, reals, paths and strings',
      '30 2.5 /var/vcap x.y',
      ['number:30', 'real:2.5', 'path:/var/vcap', 'string:x.y'],
    ],
    [
      'reads operators',
      '> != == % <',
      ['keyword:greater', 'keyword:notequal', 'keyword:equal', 'keyword:percent', 'keyword:less'],
    ],
    ['treats ; , ( ) as spaces', 'a;x,c(d)', ['string:a', 'string:x', 'string:c', 'string:d']],
    ['reads a lone `b` as the byte unit, as monit does', 'b', ['keyword:byte']],
    ['skips # comments at the start of a token only', 'a # comment\n/b#c #x', ['string:a', 'path:/b#c']],
    [
      'reads quoted strings and quoted paths, with escapes',
      `"a\\tb" '/x y' "/p"`,
      ['string:a\tb', 'path:/x y', 'path:/p'],
    ],
    [
      'reads a quoted command as argv',
      'start program = "/bin/ctl  start" stop "/bin/ctl stop"',
      ['program:start', 'program:stop'],
    ],
    [
      'reads the name after check, even on the next line',
      'check process\tweb check file\n  f',
      ['check:process', 'service-name:web', 'check:file', 'service-name:f'],
    ],
    [
      'reads bare `check` as a process and `check device` as a filesystem',
      'check web check device d',
      ['check:process', 'service-name:web', 'check:filesystem', 'service-name:d'],
    ],
    [
      'reads a comma-separated depends list across a line break after a comma',
      'depends on a, b,\n c d',
      ['depends:depends on', 'service-name:a', 'service-name:b', 'service-name:c', 'string:d'],
    ],
    [
      'ends a depends list at a space without comma',
      'depends on a and z',
      ['depends:depends on', 'service-name:a', 'string:z'],
    ],
    [
      'reads group names',
      "group vcap group 'quoted'",
      ['group:group', 'group-name:vcap', 'group:group', 'group-name:quoted'],
    ],
    [
      'reads every with cycles or a cron spec',
      'every 2 cycles not every "* 0-3 * * *"',
      ['every:every', 'number:2', 'keyword:cycle', 'not-every:not every', 'timespec:* 0-3 * * *'],
    ],
    ['reads include patterns', 'include /var/vcap/monit/*.monitrc', ['include:/var/vcap/monit/*.monitrc']],
    [
      'reads mail addresses and URLs as text',
      'alert ops@example.com http://x:80/y',
      ['keyword:alert', 'other:ops@example.com', 'other:http://x:80/y'],
    ],
  ])('%s', (_name, source, expected) => {
    expect(lex(source)).toEqual(expected);
  });

  it('splits a double-quoted command at whitespace, a single-quoted span being one argument', () => {
    const [token] = tokenizeMonit(`start program "/bin/sh -c 'a && \\tb'\n  x"`, fail);
    expect(token?.program).toEqual({
      command: "/bin/sh -c 'a && \\tb'\n  x",
      argv: ['/bin/sh', '-c', 'a && \tb', 'x'],
    });
    expect(token?.line).toBe(1);
  });

  it('counts lines through comments, CR, quoted newlines and backslash-newlines', () => {
    const tokens = tokenizeMonit('a # c\n"x\ny" \\\nk\r\nc', fail);
    expect(tokens.map((t) => [t.value, t.line])).toEqual([
      ['a', 1],
      ['x\ny', 2],
      ['k', 4],
      ['c', 5],
    ]);
  });
});
