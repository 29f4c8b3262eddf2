import { describe, expect, it } from 'vitest';
import { TASK_STATES, type TaskState } from '../store/index.js';
import {
  assertTaskTransition,
  canTransitionTask,
  isTaskCancellable,
  isTaskFinished,
  TASK_TRANSITIONS,
} from './task-state.js';

const allowed: Array<[TaskState, TaskState]> = [
  ['queued', 'processing'],
  ['queued', 'cancelled'],
  ['queued', 'error'],
  ['processing', 'done'],
  ['processing', 'error'],
  ['processing', 'cancelling'],
  ['cancelling', 'cancelled'],
  ['cancelling', 'done'],
  ['cancelling', 'error'],
];

describe('task states', () => {
  it('has a row for every state', () => {
    expect(Object.keys(TASK_TRANSITIONS).sort()).toEqual([...TASK_STATES].sort());
  });

  it.each(TASK_STATES.flatMap((from) => TASK_STATES.map((to) => [from, to] as const)))(
    '%s -> %s',
    (from, to) => {
      const isAllowed = allowed.some(([f, t]) => f === from && t === to);
      expect(canTransitionTask(from, to)).toBe(isAllowed);
      if (isAllowed) expect(() => assertTaskTransition(3, from, to)).not.toThrow();
      else
        expect(() => assertTaskTransition(3, from, to)).toThrow(`Task 3 cannot go from '${from}' to '${to}'`);
    },
  );

  it('knows final and cancellable states', () => {
    expect(TASK_STATES.filter(isTaskFinished)).toEqual(['done', 'error', 'cancelled']);
    expect(TASK_STATES.filter(isTaskCancellable)).toEqual(['queued', 'processing']);
  });
});
