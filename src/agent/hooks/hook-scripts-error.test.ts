import { describe, expect, it } from 'vitest';
import { HookScriptsError, formatScriptsFailure } from './hook-scripts-error.js';

describe('formatScriptsFailure', () => {
  it.each([
    {
      script: 'pre-start',
      failed: ['job_with_corrupted_pre_start_script'],
      ok: ['job_with_valid_pre_start_script'],
      text: '1 of 2 pre-start scripts failed. Failed Jobs: job_with_corrupted_pre_start_script. Successful Jobs: job_with_valid_pre_start_script.',
    },
    {
      script: 'post-start',
      failed: ['a', 'b'],
      ok: [],
      text: '2 of 2 post-start scripts failed. Failed Jobs: a, b.',
    },
    {
      script: 'drain',
      failed: ['b'],
      ok: ['a', 'c'],
      text: '1 of 3 drain scripts failed. Failed Jobs: b. Successful Jobs: a, c.',
    },
    {
      script: 'post-deploy',
      failed: ['x', 'y', 'z'],
      ok: ['w'],
      text: '3 of 4 post-deploy scripts failed. Failed Jobs: x, y, z. Successful Jobs: w.',
    },
  ])(
    'formats $failed.length of $script failures when successful jobs are $ok',
    ({ script, failed, ok, text }) => {
      expect(formatScriptsFailure(script, failed, ok)).toBe(text);
    },
  );
});

describe('HookScriptsError', () => {
  it('keeps the code, the message and the failures when constructed', () => {
    const failure = { job: 'web', exitCode: 1, signal: null, stdoutTail: '', stderrTail: 'boom\n' };
    const error = new HookScriptsError('HOOK_SCRIPTS_FAILED', 'text', [failure]);
    expect(error.code).toBe('HOOK_SCRIPTS_FAILED');
    expect(error.message).toBe('text');
    expect(error.failures).toEqual([failure]);
    expect(error.name).toBe('HookScriptsError');
  });
});
