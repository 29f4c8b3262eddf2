import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../base/index.js';
import { formatEventLog, parseTaskEventLines } from '../../protocol/index.js';
import { TaskEventLog } from './task-event-log.js';

// 2024-01-01T10:01:02Z, a Monday.
const T = 1_704_103_262;

describe('TaskEventLog', () => {
  it("writes BOSH's event lines, which render with each step's duration", async () => {
    const clock = new FakeClock(T * 1000);
    const lines: string[] = [];
    const log = new TaskEventLog((line) => lines.push(line), clock);
    const stage = log.beginStage('Updating instance', 3, ['web']);
    const canary = stage.start('web/uuid (0) (canary)');
    await clock.advance(2000);
    canary.advance(50, 'executing pre-start');
    await clock.advance(3400);
    expect(canary.finish()).toBe(5400);
    expect(canary.fail('too late')).toBe(5400);
    await expect(
      stage.track('web/uuid2 (1)', () => Promise.reject(new Error('pre-start failed'))),
    ).rejects.toThrow('pre-start failed');
    log.error('pre-start failed');

    expect(lines).toEqual([
      `{"time":${T},"stage":"Updating instance","tags":["web"],"total":3,"task":"web/uuid (0) (canary)","index":1,"state":"started","progress":0}`,
      `{"time":${T + 2},"stage":"Updating instance","tags":["web"],"total":3,"task":"web/uuid (0) (canary)","index":1,"state":"in_progress","progress":50,"data":{"status":"executing pre-start"}}`,
      `{"time":${T + 5},"stage":"Updating instance","tags":["web"],"total":3,"task":"web/uuid (0) (canary)","index":1,"state":"finished","progress":100}`,
      `{"time":${T + 5},"stage":"Updating instance","tags":["web"],"total":3,"task":"web/uuid2 (1)","index":2,"state":"started","progress":0}`,
      `{"time":${T + 5},"stage":"Updating instance","tags":["web"],"total":3,"task":"web/uuid2 (1)","index":2,"state":"failed","progress":100,"data":{"error":"pre-start failed"}}`,
      `{"time":${T + 5},"error":{"code":100,"message":"pre-start failed"}}`,
    ]);
    expect(formatEventLog(12, parseTaskEventLines(lines.join('\n') + '\n'), 'error')).toBe(`Task 12

Task 12 | 10:01:02 | Updating instance web: web/uuid (0) (canary) (00:00:05)
Task 12 | 10:01:07 | Updating instance web: web/uuid2 (1) (00:00:00)
                   L Error: pre-start failed
Task 12 | 10:01:07 | Error: pre-start failed

Task 12 Started  Mon Jan  1 10:01:02 UTC 2024
Task 12 Finished Mon Jan  1 10:01:07 UTC 2024
Task 12 Duration 00:00:05
Task 12 error
`);
  });
});
