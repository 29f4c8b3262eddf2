import { describe, expect, it } from 'vitest';
import { formatEventLog, TaskEventRenderer } from './format-event-log.js';
import type { TaskEventLine } from './task-event.js';

// 2024-01-01T10:01:02Z, a Monday.
const T = 1_704_103_262;

const step = (
  time: number,
  stage: string,
  tags: string[],
  task: string,
  state: string,
  extra: Partial<TaskEventLine> = {},
): TaskEventLine => ({
  time,
  stage,
  tags,
  total: 2,
  task,
  index: 1,
  state,
  progress: state === 'started' ? 0 : 100,
  ...extra,
});

describe('formatEventLog', () => {
  it('renders steps, parallel steps, a failure and the task error as bosh task does', () => {
    const events: TaskEventLine[] = [
      step(T, 'Preparing deployment', [], 'Preparing deployment', 'started'),
      step(T + 1, 'Preparing deployment', [], 'Preparing deployment', 'finished'),
      step(T + 1, 'Updating instance', ['web'], 'web/abc (0) (canary)', 'started'),
      step(T + 2, 'Updating instance', ['web'], 'web/abc (0) (canary)', 'in_progress', {
        progress: 50,
        data: { status: 'executing pre-start' },
      }),
      step(T + 2, 'Updating instance', ['db'], 'db/x (0)', 'started'),
      step(T + 6, 'Updating instance', ['web'], 'web/abc (0) (canary)', 'finished'),
      step(T + 7, 'Updating instance', ['db'], 'db/x (0)', 'failed', {
        data: { error: "'db/x (0)' is not running after update" },
      }),
      { time: T + 7, error: { code: 400007, message: "'db/x (0)' is not running after update" } },
    ];
    expect(formatEventLog(2663, events, 'error')).toBe(`Task 2663

Task 2663 | 10:01:02 | Preparing deployment: Preparing deployment (00:00:01)
Task 2663 | 10:01:03 | Updating instance web: web/abc (0) (canary)
Task 2663 | 10:01:04 | Updating instance db: db/x (0)
Task 2663 | 10:01:08 | Updating instance web: web/abc (0) (canary) (00:00:05)
Task 2663 | 10:01:09 | Updating instance db: db/x (0) (00:00:05)
                     L Error: 'db/x (0)' is not running after update
Task 2663 | 10:01:09 | Error: 'db/x (0)' is not running after update

Task 2663 Started  Mon Jan  1 10:01:02 UTC 2024
Task 2663 Finished Mon Jan  1 10:01:09 UTC 2024
Task 2663 Duration 00:00:07
Task 2663 error
`);
  });

  it('puts a failure right after its start on the same line, indented by the id as the CLI does', () => {
    const events: TaskEventLine[] = [
      step(T, 'Running errand', ['smoke'], 'smoke/u (0)', 'started'),
      step(T + 3725, 'Running errand', ['smoke'], 'smoke/u (0)', 'failed', { data: { error: 'exit 1' } }),
    ];
    expect(formatEventLog(7, events, 'error')).toBe(
      'Task 7\n\nTask 7 | 10:01:02 | Running errand smoke: smoke/u (0) (01:02:05)\n' +
        '                   L Error: exit 1\n\n' +
        'Task 7 Started  Mon Jan  1 10:01:02 UTC 2024\nTask 7 Finished Mon Jan  1 11:03:07 UTC 2024\nTask 7 Duration 01:02:05\nTask 7 error\n',
    );
  });

  it('renders warnings and deprecations and skips lines it has nothing to say about', () => {
    const events: TaskEventLine[] = [
      {
        time: T,
        type: 'deprecation',
        message: "Ignoring cloud config. Manifest contains 'networks' section.",
      },
      step(T, 'Preparing deployment', [], 'Preparing deployment', 'started'),
      { time: T, type: 'warning', message: 'You have ignored instances. They will not be changed.' },
      step(T, 'Preparing deployment', [], 'Preparing deployment', 'finished'),
    ];
    expect(formatEventLog(12, events, 'done')).toBe(`Task 12

Task 12 | 10:01:02 | Deprecation: Ignoring cloud config. Manifest contains 'networks' section.
Task 12 | 10:01:02 | Preparing deployment: Preparing deployment
Task 12 | 10:01:02 | Warning: You have ignored instances. They will not be changed.
Task 12 | 10:01:02 | Preparing deployment: Preparing deployment (00:00:00)

Task 12 Started  Mon Jan  1 10:01:02 UTC 2024
Task 12 Finished Mon Jan  1 10:01:02 UTC 2024
Task 12 Duration 00:00:00
Task 12 done
`);
  });

  it('ends on the first line when the task had no output', () => {
    expect(formatEventLog(5, [], 'done')).toBe('Task 5. Done\n');
    expect(formatEventLog(5, [])).toBe('Task 5');
  });

  it('prints nothing for an empty event but counts it, as the CLI does', () => {
    expect(formatEventLog(5, [{}], 'cancelled')).toBe(
      'Task 5\n\n\nTask 5 Started  Thu Jan  1 00:00:00 UTC 1970\nTask 5 Finished Thu Jan  1 00:00:00 UTC 1970\nTask 5 Duration 00:00:00\nTask 5 cancelled\n',
    );
  });

  it('renders the same text live, event by event, as at the end', () => {
    const events = [
      step(T, 'Compiling packages', [], 'nginx/1.2', 'started'),
      step(T + 61, 'Compiling packages', [], 'nginx/1.2', 'finished'),
    ];
    const renderer = new TaskEventRenderer(3);
    const live = renderer.begin() + events.map((e) => renderer.push(e)).join('') + renderer.finish('done');
    expect(live).toBe(formatEventLog(3, events, 'done'));
    expect(live).toContain('Task 3 | 10:01:02 | Compiling packages: nginx/1.2 (00:01:01)\n');
  });
});
