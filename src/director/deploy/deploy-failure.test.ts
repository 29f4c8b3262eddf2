import { describe, expect, it } from 'vitest';
import { BosunError } from '../../base/index.js';
import { instanceFailure } from './deploy-failure.js';

const NAME = 'web/5f1c (0)';

describe('instanceFailure', () => {
  it("keeps BOSH's hook message first, then names the instance, step, each failed job's exit code and stderr tail (§4.3)", () => {
    const agentError = Object.assign(
      new Error(
        'Action Failed get_task: Task 9 result: 1 of 2 post-deploy scripts failed. Failed Jobs: web. Successful Jobs: ticker.',
      ),
      {
        details: {
          failures: [{ job: 'web', exitCode: 3, signal: null, stdoutTail: 'checking', stderrTail: 'no route\nport 8080 closed\n' }],
        },
      },
    );
    expect(instanceFailure(NAME, 'executing post-deploy', agentError).message).toBe(
      [
        'Action Failed get_task: Task 9 result: 1 of 2 post-deploy scripts failed. Failed Jobs: web. Successful Jobs: ticker.',
        `  Instance: ${NAME}`,
        '  Step: executing post-deploy',
        "  Job 'web': exit code 3",
        '    stderr (last lines):',
        '      no route',
        '      port 8080 closed',
      ].join('\n'),
    );
  });

  it('shows stdout when the job wrote nothing to stderr, and a signal or exec error as the cause', () => {
    const agentError = Object.assign(new Error('2 of 2 pre-start scripts failed. Failed Jobs: a, b.'), {
      details: {
        failures: [
          { job: 'a', exitCode: null, signal: 'SIGKILL', stdoutTail: 'half done', stderrTail: '' },
          { job: 'b', exitCode: null, signal: null, error: 'exec format error', stdoutTail: '', stderrTail: '' },
        ],
      },
    });
    expect(instanceFailure(NAME, 'executing pre-start', agentError).message.split('\n').slice(3)).toEqual([
      "  Job 'a': killed by SIGKILL",
      '    stdout (last lines):',
      '      half done',
      "  Job 'b': exec format error",
      '    (no output on stdout or stderr)',
    ]);
  });

  it("lists the processes that are not running and their start programs' output (§4.6)", () => {
    const notRunning = Object.assign(
      new BosunError('AGENT_JOB_NOT_RUNNING', `'${NAME}' is not running after update. Review logs for failed jobs: web`),
      {
        processes: [{ name: 'web', state: 'failing' }],
        startOutput: [{ file: 'web/web.monit.stderr.log', tail: 'bind: Address in use' }],
      },
    );
    expect(instanceFailure(NAME, 'waiting for running', notRunning).message).toBe(
      [
        `'${NAME}' is not running after update. Review logs for failed jobs: web`,
        `  Instance: ${NAME}`,
        '  Step: waiting for running',
        "  Process 'web': failing",
        '  /var/vcap/sys/log/web/web.monit.stderr.log (last lines):',
        '    bind: Address in use',
      ].join('\n'),
    );
  });

  it('is not wrapped twice', () => {
    const once = instanceFailure(NAME, 'applying', new Error('boom'));
    expect(instanceFailure('other', 'starting jobs', once)).toBe(once);
  });
});
