import { describe, expect, it } from 'vitest';
import { diffManifestLines } from './manifest-diff.js';

describe('diffManifestLines', () => {
  it.each([
    ['nothing when the lines are the same', 'a: 1\nb: 2\n', 'a: 1\nb: 2', []],
    ['every line added for a new deployment', '', 'name: web\nx: 1\n', ['+ name: web', '+ x: 1']],
    [
      'a change with two lines of context, removals first',
      'name: web\na: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\n',
      'name: web\na: 1\nb: 2\nc: 30\nd: 4\ne: 5\nf: 6\n',
      ['  a: 1', '  b: 2', '- c: 3', '+ c: 30', '  d: 4', '  e: 5'],
    ],
    [
      'hunks far apart, joined by an empty line',
      '1\n2\n3\n4\n5\n6\n7\n8\n',
      '0\n2\n3\n4\n5\n6\n7\n9\n',
      ['- 1', '+ 0', '  2', '  3', '', '  6', '  7', '- 8', '+ 9'],
    ],
    ['an empty context line without trailing blanks', 'a\n\nb\n', 'a\n\nc\n', ['  a', '', '- b', '+ c']],
  ])('shows %s', (_what, before, after, lines) => {
    expect(diffManifestLines(before, after)).toEqual(lines);
  });
});
