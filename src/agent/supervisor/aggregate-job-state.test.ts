import { describe, expect, it } from 'vitest';
import { aggregateJobState } from './aggregate-job-state.js';
import type { JobState, ServiceStatus } from './job-supervisor.js';

describe('aggregateJobState', () => {
  it.each<[string, boolean, ServiceStatus[], boolean, JobState]>([
    ['no services', false, [], false, 'running'],
    ['all running', false, ['running', 'running'], false, 'running'],
    ['stopped file, services running', true, ['running'], false, 'stopped'],
    ['stopped file wins over starting and problems', true, ['starting', 'failing'], true, 'stopped'],
    ['one starting among failing', false, ['failing', 'starting'], false, 'starting'],
    ['one starting among running', false, ['running', 'starting'], false, 'starting'],
    ['one failing', false, ['running', 'failing'], false, 'failing'],
    ['one not monitored', false, ['running', 'unknown'], false, 'failing'],
    ['a monit file that did not parse, no services', false, [], true, 'failing'],
    ['a monit file that did not parse, others running', false, ['running'], true, 'failing'],
  ])('is correct when %s', (_case, isStopped, statuses, hasProblems, expected) => {
    expect(aggregateJobState({ isStopped, statuses, hasProblems })).toBe(expected);
  });
});
