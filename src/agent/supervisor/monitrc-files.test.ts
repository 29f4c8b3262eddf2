import { describe, expect, it } from 'vitest';
import { jobsOfMonitrcFiles, planMonitrcCopies } from './monitrc-files.js';

const job = (jobName: string, extraLabels: string[] = [], hasMonitFile = true) => ({
  jobName,
  hasMonitFile,
  extraLabels,
});

describe('planMonitrcCopies', () => {
  it('numbers jobs in reverse when the apply spec lists [a, b, c] (reference §3.2)', () => {
    expect(planMonitrcCopies([job('a'), job('b'), job('c')]).map((c) => c.target)).toEqual([
      '0000_c.monitrc',
      '0001_b.monitrc',
      '0002_a.monitrc',
    ]);
  });

  it('copies each <label>.monit as <%04d>_<job>_<label>.monitrc', () => {
    expect(planMonitrcCopies([job('web', ['worker']), job('db')])).toEqual([
      { jobName: 'db', source: 'monit', target: '0000_db.monitrc' },
      { jobName: 'web', source: 'monit', target: '0001_web.monitrc' },
      { jobName: 'web', source: 'worker.monit', target: '0001_web_worker.monitrc' },
    ]);
  });

  it('skips the monit copy of a job without a monit file', () => {
    expect(planMonitrcCopies([job('x', ['extra'], false)]).map((c) => c.target)).toEqual([
      '0000_x_extra.monitrc',
    ]);
  });

  it('pads indexes to four digits', () => {
    const jobs = Array.from({ length: 11 }, (_, i) => job(`j${i}`));
    expect(planMonitrcCopies(jobs).at(-1)?.target).toBe('0010_j0.monitrc');
  });
});

describe('jobsOfMonitrcFiles', () => {
  it.each<[string, string[], [string, string][]]>([
    [
      'plain jobs, in name order',
      ['0001_b.monitrc', '0000_c.monitrc'],
      [
        ['0000_c.monitrc', 'c'],
        ['0001_b.monitrc', 'b'],
      ],
    ],
    [
      'a job name with underscores and an extra file',
      ['0000_my_job.monitrc', '0000_my_job_extra.monitrc'],
      [
        ['0000_my_job.monitrc', 'my_job'],
        ['0000_my_job_extra.monitrc', 'my_job'],
      ],
    ],
    [
      'an extra file without its main file',
      ['0003_web_worker.monitrc'],
      [['0003_web_worker.monitrc', 'web_worker']],
    ],
    ['a file not named by the agent', ['custom.monitrc', 'notes.txt'], [['custom.monitrc', 'custom']]],
  ])('reads back %s', (_case, names, expected) => {
    expect(jobsOfMonitrcFiles(names).map((f) => [f.fileName, f.jobName])).toEqual(expected);
  });
});
