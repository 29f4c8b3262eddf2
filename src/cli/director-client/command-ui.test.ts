import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CommandUi, type UiTable } from './command-ui.js';

function capture(isJson: boolean, use: (ui: CommandUi) => void): string {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  const ui = new CommandUi(out, isJson);
  use(ui);
  return Buffer.concat(chunks).toString();
}

const table: UiTable = {
  content: 'deployments',
  header: ['Name', 'Release(s)', 'Team(s)'],
  rows: [
    ['web', 'nginx/1\nchain/0+dev.2', ''],
    ['db', 'pg/9', ''],
  ],
  notes: ['(*) note'],
};

describe('CommandUi', () => {
  it("prints tables as bosh-cli's text, multi-line cells and '-' for empty ones", () => {
    expect(capture(false, (ui) => (ui.line('Using x'), ui.table(table), ui.succeed()))).toBe(
      'Using x\n' +
        'Name  Release(s)     Team(s)\n' +
        'web   nginx/1        -\n' +
        '      chain/0+dev.2\n' +
        'db    pg/9           -\n' +
        '\n(*) note\n\n2 deployments\n\nSucceeded\n',
    );
  });

  it("writes bosh-cli's JSON document with snake_case keys", () => {
    const doc: unknown = JSON.parse(
      capture(true, (ui) => (ui.line('Using x'), ui.table(table), ui.block('a: 1\n'), ui.succeed())),
    );
    expect(doc).toEqual({
      Tables: [
        {
          Content: 'deployments',
          Header: { name: 'Name', release_s: 'Release(s)', team_s: 'Team(s)' },
          Rows: [
            { name: 'web', release_s: 'nginx/1\nchain/0+dev.2', team_s: '' },
            { name: 'db', release_s: 'pg/9', team_s: '' },
          ],
          Notes: ['(*) note'],
        },
      ],
      Blocks: ['a: 1\n'],
      Lines: ['Using x', 'Succeeded'],
    });
  });

  it("titles a table and shows a repeated first cell as '~', counting what count says", () => {
    const instances: UiTable = {
      title: "Deployment 'web'",
      content: 'instances',
      header: ['Instance', 'Process'],
      rows: [
        ['web/1', ''],
        ['web/1', 'nginx'],
        ['web/2', ''],
      ],
      isFirstColumnCollapsed: true,
      count: 2,
    };
    expect(capture(false, (ui) => ui.table(instances))).toBe(
      "Deployment 'web'\n\nInstance  Process\nweb/1     -\n~         nginx\nweb/2     -\n\n2 instances\n",
    );
    const doc = JSON.parse(capture(true, (ui) => (ui.table(instances), ui.succeed()))) as {
      Tables: Array<{ Rows: unknown[] }>;
    };
    expect(doc.Tables[0]!.Rows[1]).toEqual({ instance: 'web/1', process: 'nginx' });
  });
});
