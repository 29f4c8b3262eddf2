import type { Writable } from 'node:stream';
import { formatColumns } from '../format-columns.js';

/** A table of a listing command, as bosh-cli shows it and as its `--json` gives it. */
export interface UiTable {
  /** What the rows are, plural (`releases`): the `N releases` line and JSON `Content`. */
  content: string;
  /** Column titles; the JSON keys are these in snake_case (`Commit Hash` → `commit_hash`). */
  header: readonly string[];
  /** Cells as text; a cell with newlines spans lines; an empty cell shows as `-`. */
  rows: ReadonlyArray<readonly string[]>;
  /** Lines after the table, e.g. `(*) Currently deployed`. */
  notes?: readonly string[];
  /** Print one `Title  value` line per column instead (one-row tables such as `env`). */
  isTransposed?: boolean;
  /** A line before the table, e.g. `Deployment 'web'` (text only, as bosh-cli's `Title`). */
  title?: string;
  /**
   * Show a first cell equal to the one above it as `~` (text only; JSON repeats it), as
   * bosh-cli does for an instance's process rows.
   */
  isFirstColumnCollapsed?: boolean;
  /** The N of `N <content>` when it is not the number of rows (one per instance, not per process). */
  count?: number;
}

/**
 * What a Director command prints. Text mode writes at once, in bosh-cli's layout; `--json`
 * collects lines, blocks and tables and writes bosh-cli's JSON document
 * (`{"Tables": [...], "Blocks": [...], "Lines": [...]}`) when the command ends.
 */
export class CommandUi {
  private readonly lines: string[] = [];
  private readonly blocks: string[] = [];
  private readonly tables: unknown[] = [];

  constructor(
    private readonly out: Writable,
    readonly isJson: boolean,
  ) {}

  line(text: string): void {
    if (this.isJson) this.lines.push(text);
    else this.out.write(`${text}\n`);
  }

  /** Text shown as it is (a YAML document). */
  block(text: string): void {
    if (this.isJson) this.blocks.push(text);
    else this.out.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  table(table: UiTable): void {
    if (this.isJson) {
      const keys = table.header.map(toKey);
      this.tables.push({
        Content: table.content,
        Header: Object.fromEntries(keys.map((k, i) => [k, table.header[i]])),
        Rows: table.rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i] ?? '']))),
        Notes: table.notes ?? [],
      });
      return;
    }
    if (table.title !== undefined) this.out.write(`${table.title}\n\n`);
    const bodyRows = table.isFirstColumnCollapsed === true ? collapseFirstColumn(table.rows) : table.rows;
    const rows =
      table.isTransposed === true
        ? table.header.map((title, i) => [title, table.rows[0]?.[i] ?? ''])
        : [table.header, ...bodyRows];
    for (const line of formatColumns(rows)) this.out.write(`${line}\n`);
    if (table.isTransposed === true) return;
    this.out.write('\n');
    for (const note of table.notes ?? []) this.out.write(`${note}\n`);
    if ((table.notes ?? []).length > 0) this.out.write('\n');
    this.out.write(`${table.count ?? table.rows.length} ${table.content}\n`);
  }

  /** Ends a command that succeeded: `Succeeded`, and in JSON mode the whole document. */
  succeed(): void {
    if (!this.isJson) {
      this.out.write('\nSucceeded\n');
      return;
    }
    this.lines.push('Succeeded');
    this.out.write(
      `${JSON.stringify({ Tables: this.tables, Blocks: this.blocks, Lines: this.lines }, null, 2)}\n`,
    );
  }
}

function collapseFirstColumn(rows: ReadonlyArray<readonly string[]>): string[][] {
  return rows.map((row, i) => (i > 0 && row[0] === rows[i - 1]?.[0] ? ['~', ...row.slice(1)] : [...row]));
}

function toKey(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}
