/*
 * SpawnProgramRunner with real programs: no shell, a clean environment, a new process group,
 * output appended to files, the stderr tail of one run, `as uid`, and programs that cannot run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpawnProgramRunner, type ProgramRequest } from '../../src/agent/supervisor/index.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bosun-e2e-programs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const runner = new SpawnProgramRunner();
const request = (argv: string[], extra: Partial<ProgramRequest> = {}): ProgramRequest => ({
  argv,
  env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', MONIT_SERVICE: 'web' },
  user: undefined,
  group: undefined,
  stdoutPath: join(dir, 'log/web.monit.stdout.log'),
  stderrPath: join(dir, 'log/web.monit.stderr.log'),
  ...extra,
});

describe('SpawnProgramRunner', () => {
  it('runs argv without a shell, in its own process group, with a clean environment', async () => {
    const script = 'echo "pgid=$(ps -o pgid= -p $$ | tr -d " ") pid=$$ env=$(env | sort | tr "\\n" ",")"';
    const program = await runner.spawn(request(['/bin/sh', '-c', script, 'a b']));
    expect(await program.exit).toEqual({ code: 0, signal: null });
    const out = await readFile(join(dir, 'log/web.monit.stdout.log'), 'utf8');
    expect(out).toContain(`pgid=${program.pid} pid=${program.pid}`);
    // sh adds PWD; nothing of the agent's environment leaks through.
    expect(out).toContain('env=MONIT_SERVICE=web,PATH=/usr/sbin:/usr/bin:/sbin:/bin,PWD=/,\n');
  });

  it('passes each argument as is, with no shell to expand it', async () => {
    const program = await runner.spawn(request(['/bin/echo', 'a  b', '$HOME', '*']));
    await program.exit;
    expect(await readFile(join(dir, 'log/web.monit.stdout.log'), 'utf8')).toBe('a  b $HOME *\n');
  });

  it('appends output across runs and reads back the stderr of one run only', async () => {
    const first = await runner.spawn(request(['/bin/sh', '-c', 'echo first >&2; exit 3']));
    expect(await first.exit).toEqual({ code: 3, signal: null });
    const second = await runner.spawn(request(['/bin/sh', '-c', 'echo second >&2; echo third >&2']));
    await second.exit;
    expect(await second.stderrTail()).toBe('second\nthird');
    expect(await readFile(join(dir, 'log/web.monit.stderr.log'), 'utf8')).toBe('first\nsecond\nthird\n');
  });

  it('runs as the user of `as uid`', async () => {
    const program = await runner.spawn(request(['/usr/bin/id', '-u'], { user: 'nobody' }));
    await program.exit;
    expect(await readFile(join(dir, 'log/web.monit.stdout.log'), 'utf8')).toBe('65534\n');
  });

  it.each([
    [
      'a missing program',
      [join('/nonexistent', 'ctl')],
      {},
      "'/nonexistent/ctl' could not be executed: no such file",
    ],
    [
      'an unknown user',
      ['/bin/true'],
      { user: 'no-such-user' },
      "unknown user 'no-such-user' (not in /etc/passwd)",
    ],
  ])('rejects %s with a message naming it', async (_case, argv, extra, message) => {
    await expect(runner.spawn(request(argv, extra))).rejects.toThrow(message);
  });

  it('rejects a file that is not executable', async () => {
    await writeFile(join(dir, 'ctl'), '#!/bin/sh\n');
    await expect(runner.spawn(request([join(dir, 'ctl')]))).rejects.toThrow(
      `'${join(dir, 'ctl')}' could not be executed: permission denied (is it executable?)`,
    );
  });
});
