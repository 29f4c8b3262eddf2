import { describe, expect, it } from 'vitest';
import { vcapPaths } from '../vcap-paths.js';
import { FakeScriptRunner } from './fake-script-runner.js';
import { runErrand } from './run-errand.js';

const paths = vcapPaths('/var/vcap');

describe('runErrand', () => {
  it('runs the first job when no errand is named', async () => {
    const runner = new FakeScriptRunner([{ exitCode: 1, stdout: 'out', stderr: 'err' }]);
    const result = await runErrand({
      paths,
      jobNames: ['smoke', 'other'],
      baseEnv: {},
      runProcess: runner.run,
    });
    expect(result).toEqual({ exit_code: 1, stdout: 'out', stderr: 'err' });
    expect(runner.calls[0]).toMatchObject({ path: '/var/vcap/jobs/smoke/bin/run', args: [] });
  });

  it('reports 128 + the signal number when a signal ended the errand', async () => {
    const runner = new FakeScriptRunner([{ exitCode: null, signal: 'SIGTERM' }]);
    const result = await runErrand({ paths, jobNames: ['smoke'], baseEnv: {}, runProcess: runner.run });
    expect(result.exit_code).toBe(143);
  });

  it.each([
    {
      jobNames: [],
      errandName: undefined,
      code: 'ERRAND_NO_JOBS',
      message: 'At least one job template is required to run an errand',
    },
    {
      jobNames: ['smoke'],
      errandName: 'acceptance',
      code: 'ERRAND_NOT_FOUND',
      message: 'Could not find errand acceptance',
    },
  ])(
    'fails with "$message" for jobs $jobNames and errand $errandName',
    async ({ jobNames, errandName, code, message }) => {
      const runner = new FakeScriptRunner();
      const run = runErrand({
        paths,
        jobNames,
        ...(errandName === undefined ? {} : { errandName }),
        baseEnv: {},
        runProcess: runner.run,
      });
      await expect(run).rejects.toMatchObject({ code, message });
      expect(runner.calls).toHaveLength(0);
    },
  );

  it('fails naming the script when it cannot be executed', async () => {
    const runner = new FakeScriptRunner([
      { exitCode: null, execError: "'/var/vcap/jobs/smoke/bin/run' does not exist" },
    ]);
    const run = runErrand({ paths, jobNames: ['smoke'], baseEnv: {}, runProcess: runner.run });
    await expect(run).rejects.toMatchObject({
      code: 'ERRAND_EXEC_FAILED',
      message: "Running errand script: '/var/vcap/jobs/smoke/bin/run' does not exist",
    });
  });
});
