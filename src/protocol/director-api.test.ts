import { describe, expect, it } from 'vitest';
import { deployQuerySchema, logsQuerySchema } from './director-api.js';

describe('deployQuerySchema', () => {
  it.each([
    [{}, {}],
    [
      { recreate: 'true', skip_drain: '*', canaries: '2', max_in_flight: '3', dry_run: 'true' },
      { recreate: 'true', skip_drain: '*', canaries: 2, max_in_flight: 3, dry_run: 'true' },
    ],
    [{ skip_drain: 'web,db' }, { skip_drain: ['web', 'db'] }],
  ])('reads %j as %j', (query, parsed) => {
    expect(deployQuerySchema.parse(query)).toEqual(parsed);
  });

  it.each([[{ canaries: 'x' }], [{ max_in_flight: '0' }], [{ recreate: 'yes' }], [{ fix: 'true' }]])(
    'refuses %j',
    (query) => {
      expect(deployQuerySchema.safeParse(query).success).toBe(false);
    },
  );
});

describe('logsQuerySchema', () => {
  it.each([
    [{}, {}],
    [{ instance: 'web' }, { instance: 'web' }],
    [
      { instance: 'web/0', job: 'nginx,exporter' },
      { instance: 'web/0', job: ['nginx', 'exporter'] },
    ],
  ])('reads %j as %j', (query, parsed) => {
    expect(logsQuerySchema.parse(query)).toEqual(parsed);
  });

  it('refuses an instance that is not GROUP or GROUP/ID', () => {
    expect(logsQuerySchema.safeParse({ instance: 'web/0/1' }).success).toBe(false);
  });
});
