import { describe, expect, it } from 'vitest';
import { BosunError } from '../base/index.js';
import { MonitSyntaxError } from './monit-syntax-error.js';
import { parseMonitFile } from './parse-monit-file.js';

const HEAD = 'check process web\n  with pidfile /var/vcap/sys/run/web.pid\n';

function errorOf(text: string): MonitSyntaxError {
  try {
    parseMonitFile(text, { jobName: 'web' });
  } catch (e) {
    if (e instanceof MonitSyntaxError) return e;
    throw e;
  }
  throw new Error('expected a MonitSyntaxError');
}

describe('parseMonitFile errors (reference §3.1)', () => {
  it('names the job, the line and what was expected', () => {
    const error = errorOf('# web\n\ncheck process web\n  start program "/var/vcap/jobs/web/bin/ctl start"\n');
    expect(error.message).toBe(
      "job 'web': invalid monit file at line 4: expected 'pidfile' or 'matching' after 'check process web', got 'start'",
    );
    expect(error).toBeInstanceOf(BosunError);
    expect(error).toMatchObject({
      code: 'MONIT_FILE_INVALID',
      jobName: 'web',
      line: 4,
      detail: "expected 'pidfile' or 'matching' after 'check process web', got 'start'",
    });
  });

  it.each([
    // the check line
    [
      'no pidfile before the end',
      'check process web\n',
      1,
      "expected 'pidfile' or 'matching' after 'check process web', got end of file",
    ],
    [
      'a relative pidfile',
      'check process web with pidfile run/web.pid',
      1,
      "expected an absolute path after 'pidfile', got 'run/web.pid'",
    ],
    [
      'a pidfile after other statements',
      'check process web matching "web"\n  group vcap\n  with pidfile /x.pid',
      3,
      "'pidfile' must come right after 'check process web'",
    ],
    [
      'matching without a pattern',
      'check process web matching\n  group vcap',
      2,
      "expected a quoted regular expression after 'matching', got 'group'",
    ],
    [
      'a service name with a space',
      'check process "my web" with pidfile /x',
      1,
      "expected a service name after 'check process', got '\"my web\"'",
    ],
    [
      'a service name starting with /',
      'check process /web with pidfile /x',
      1,
      "service name '/web' must not start with '/'",
    ],
    [
      'the service name missing at the end',
      'check process ',
      1,
      "expected a service name after 'check process', got end of file",
    ],
    [
      'check alone on its line',
      '\ncheck\nprocess web with pidfile /x',
      2,
      "'check' must be followed by a service type or name on the same line",
    ],
    [
      'a file check without path',
      'check file conf\n  if changed checksum then alert',
      2,
      "expected 'path' after 'check file conf', got 'if'",
    ],
    [
      'a host check without address',
      'check host db with port 5432',
      1,
      "expected 'address' after 'check host db', got 'port'",
    ],
    [
      "the name on the line after 'check process' (monit reads 'process' as the name)",
      'check process\n  web\n  with pidfile /x',
      2,
      "expected 'pidfile' or 'matching' after 'check process', got 'web'",
    ],
    // top level
    [
      'a statement before any check',
      'group vcap\ncheck process web with pidfile /x',
      1,
      "expected 'check', 'set' or 'include', got 'group'",
    ],
    ['a set with nothing after it', 'set\n', 1, "expected a setting after 'set', got end of file"],
    ['an include without pattern', 'include\n', 1, "expected a file pattern after 'include'"],
    // programs
    [
      'start program without a command',
      `${HEAD}  start program\n  stop program "/x"`,
      4,
      "expected a quoted command after 'start program', got 'stop'",
    ],
    ['an empty command', `${HEAD}  start program ""`, 3, "the command of 'start program' is empty"],
    [
      'an unclosed command',
      `${HEAD}  start program "/var/vcap/jobs/web/bin/ctl start\n  group vcap\n`,
      3,
      `unbalanced quotes: the command of 'start program' has no closing '"'`,
    ],
    [
      'an unclosed single quote in a command',
      `${HEAD}  start program "/bin/sh -c ' ls"`,
      3,
      `unbalanced quotes: a "'" in the command of 'start program' is never closed`,
    ],
    [
      'an unclosed quoted string',
      `${HEAD}  if failed port 80 protocol http request "/health then alert\n`,
      3,
      'unbalanced quotes: this " is never closed',
    ],
    [
      'a timeout of zero',
      `${HEAD}  start program "/x" with timeout 0 seconds`,
      3,
      "the timeout of 'start program' must be a positive number of seconds, got 0",
    ],
    [
      'a negative timeout',
      `${HEAD}  stop program "/x" with timeout -5 seconds`,
      3,
      "expected a whole number of seconds after 'timeout', got '-5'",
    ],
    [
      'a fractional timeout',
      `${HEAD}  start program "/x" with timeout 2.5 seconds`,
      3,
      "expected a whole number of seconds after 'timeout', got '2.5'",
    ],
    [
      'a timeout without unit',
      `${HEAD}  start program "/x" with timeout 60\n  stop program "/y"`,
      4,
      "expected 'seconds' after 'timeout 60', got 'stop'",
    ],
    [
      'a timeout in minutes',
      `${HEAD}  start program "/x" with timeout 2 minutes`,
      3,
      "expected 'seconds' after 'timeout 2', got 'minutes'",
    ],
    [
      'uid without a user',
      `${HEAD}  start program "/x" as uid\n  group vcap`,
      4,
      "expected a user name or number after 'uid', got 'group'",
    ],
    [
      'a timeout before the user',
      `${HEAD}  start program "/x" with timeout 5 seconds as uid vcap`,
      3,
      "unexpected 'uid' in 'check process web'",
    ],
    [
      "'=' written against the quote (monit wants a space after '=')",
      `${HEAD}  start program ="/x"`,
      3,
      "expected a quoted command after 'start program', got '='",
    ],
    // other statements
    [
      'an unknown statement',
      `${HEAD}  restart_on_failure yes`,
      3,
      "unexpected 'restart_on_failure' in 'check process web'",
    ],
    ['exec outside a rule', `${HEAD}  exec "/bin/x"`, 3, "unexpected 'exec' in 'check process web'"],
    [
      'group alone on its line',
      `${HEAD}  group\n  vcap`,
      3,
      "'group' must be followed by a group name on the same line",
    ],
    [
      'a group name with a space',
      `${HEAD}  group "my group"`,
      3,
      "expected a group name after 'group', got '\"my group\"'",
    ],
    [
      'depends on without a name',
      `${HEAD}  depends on\n  group vcap`,
      4,
      "expected a service name after 'depends on' on the same line, got 'group'",
    ],
    [
      'depends on a and b (monit wants commas)',
      `${HEAD}  depends on db and cache`,
      3,
      "unexpected 'cache' in 'check process web'",
    ],
    [
      'an unknown mode',
      `${HEAD}  mode always`,
      3,
      "expected 'active', 'passive' or 'manual' after 'mode', got 'always'",
    ],
    [
      'every without cycles',
      `${HEAD}  every 2\n  group vcap`,
      4,
      "expected 'cycles' after 'every 2', got 'group'",
    ],
    [
      'every with a word',
      `${HEAD}  every two cycles`,
      3,
      "invalid every format: expected 'every <N> cycles' or 'every \"<cron spec>\"'",
    ],
    [
      'alert without address',
      `${HEAD}  alert\n  group vcap`,
      4,
      "expected a mail address after 'alert', got 'group'",
    ],
    [
      'an unclosed alert event list',
      `${HEAD}  alert ops@example.com { pid`,
      3,
      "expected '}' to close the '{' at line 3, got end of file",
    ],
    // rules
    [
      'if without then',
      `${HEAD}  if failed port 80 restart\n  group vcap`,
      4,
      "expected 'then' to finish the 'if' at line 3, got 'group'",
    ],
    [
      'if at the end of the file',
      `${HEAD}  if failed port 80\n\n`,
      3,
      "expected 'then' to finish the 'if' at line 3, got end of file",
    ],
    ['if without condition', `${HEAD}  if then alert`, 3, "expected a condition after 'if', got 'then'"],
    [
      'an unknown action',
      `${HEAD}  if failed port 80 then reboot`,
      3,
      `expected an action (alert, restart, start, stop, unmonitor or exec "<command>") after 'then', got 'reboot'`,
    ],
    [
      'then timeout outside a restart limit',
      `${HEAD}  if failed port 80 then timeout`,
      3,
      `expected an action (alert, restart, start, stop, unmonitor or exec "<command>") after 'then', got 'timeout'`,
    ],
    [
      'a missing action at the end',
      `${HEAD}  if 3 restarts within 5 cycles then`,
      3,
      `expected an action (alert, restart, start, stop, unmonitor, timeout or exec "<command>") after 'then', got end of file`,
    ],
    [
      'more restarts than cycles',
      `${HEAD}  if 5 restarts within 3 cycles then timeout`,
      3,
      'the number of restarts (5) must not exceed the number of cycles (3)',
    ],
    [
      'zero restarts',
      `${HEAD}  if 0 restarts within 3 cycles then timeout`,
      3,
      'the number of restarts and of cycles must be at least 1',
    ],
    [
      'a malformed restart limit',
      `${HEAD}  if 3 restarts then timeout`,
      3,
      "expected 'if <number> restarts within <number> cycles then <action>'",
    ],
    [
      'more than 64 cycles',
      `${HEAD}  if totalmem > 100 Mb\n    for 65 cycles then alert`,
      4,
      'the number of cycles must be between 1 and 64, got 65',
    ],
    [
      'zero cycles',
      `${HEAD}  if failed port 80 for 0 cycles then alert`,
      3,
      'the number of cycles must be between 1 and 64, got 0',
    ],
    [
      'more events than cycles',
      `${HEAD}  if failed port 80 4 times within 3 cycles then alert`,
      3,
      'the number of events must be between 1 and the number of cycles (3), got 4',
    ],
    [
      'else without if',
      `${HEAD}  if failed port 80 then alert else restart`,
      3,
      "expected 'if' after 'else', got 'restart'",
    ],
    [
      'else if with a test',
      `${HEAD}  if failed port 80 then alert\n  else if failed then alert`,
      4,
      "expected 'succeeded', 'passed' or 'recovered' after 'else if', got 'failed'",
    ],
    // whole file
    [
      'a duplicate service name (any case)',
      `${HEAD}check process WEB with pidfile /y`,
      3,
      "service name conflict, 'WEB' is already defined at line 1",
    ],
    [
      'a service depending on itself',
      `${HEAD}  depends on web`,
      1,
      "found a depend loop involving the service 'web'",
    ],
    [
      'a loop of two services',
      'check process a with pidfile /a depends on b\n\ncheck process b with pidfile /b depends on a',
      1,
      "found a depend loop involving the service 'a'",
    ],
    [
      'an error in a CRLF file',
      'check process web\r\n  with pidfile /x\r\n\r\n  mode always\r\n',
      4,
      "expected 'active', 'passive' or 'manual' after 'mode', got 'always'",
    ],
  ])('reports %s', (_name, text, line, detail) => {
    const error = errorOf(text);
    expect(error.message).toBe(`job 'web': invalid monit file at line ${line}: ${detail}`);
    expect([error.line, error.detail]).toEqual([line, detail]);
  });
});
