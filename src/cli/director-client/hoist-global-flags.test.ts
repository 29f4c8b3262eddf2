import { describe, expect, it } from 'vitest';
import { hoistGlobalFlags } from './hoist-global-flags.js';

describe('hoistGlobalFlags', () => {
  it.each([
    [['releases'], ['releases']],
    [
      ['-e', 'URL', 'releases', '--json'],
      ['releases', '-e', 'URL', '--json'],
    ],
    [
      ['--json', '--client=admin', 'tasks', '-r'],
      ['tasks', '--json', '--client=admin', '-r'],
    ],
    [
      ['-d', 'dep', 'tasks'],
      ['tasks', '-d', 'dep'],
    ],
    [
      ['render', 'job', '-e', 'x'],
      ['render', 'job', '-e', 'x'],
    ],
    [
      ['-e', 'URL'],
      ['-e', 'URL'],
    ],
  ])('%j → %j', (argv, expected) => {
    expect(hoistGlobalFlags(argv)).toEqual(expected);
  });
});
