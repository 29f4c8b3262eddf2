import { describe, expect, it } from 'vitest';
import { compileLogFilters } from './log-filter.js';

const files = [
  'web/web.log',
  'web/sub/deep.log',
  'web/pre-start.stderr.log',
  'db/db.log',
  'top.log',
  'web.log',
];

describe('compileLogFilters', () => {
  it.each<[string[], string[]]>([
    [[], files],
    [['**/*'], files],
    [['web'], ['web/web.log', 'web/sub/deep.log', 'web/pre-start.stderr.log']],
    [['web/*.log'], ['web/web.log', 'web/pre-start.stderr.log']],
    [['*/*.std???.log'], ['web/pre-start.stderr.log']],
    [
      ['**/deep.log', 'db'],
      ['web/sub/deep.log', 'db/db.log'],
    ],
    [['*.log'], ['top.log', 'web.log']],
  ])('selects with %j', (filters, selected) => {
    expect(files.filter(compileLogFilters(filters))).toEqual(selected);
  });
});
