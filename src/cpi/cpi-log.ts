/**
 * Where a CPI writes what it did (commands run, decisions taken), for the response's `log`
 * and the Director's debug log. `write` takes one line without its newline and never throws.
 */
export interface CpiLog {
  write(line: string): void;
}

/** A CpiLog that discards everything. */
export const silentCpiLog: CpiLog = { write: () => undefined };

/** A CpiLog kept in memory, one per CPI request. */
export class MemoryCpiLog implements CpiLog {
  private readonly lines: string[] = [];

  constructor(private readonly nowMs: () => number = Date.now) {}

  write(line: string): void {
    this.lines.push(`${new Date(this.nowMs()).toISOString()} ${line}`);
  }

  /** Everything written, one line each, newline-terminated. */
  text(): string {
    return this.lines.map((l) => `${l}\n`).join('');
  }
}
