/**
 * Table rows as bosh-cli prints them: columns two spaces apart, trailing blanks trimmed, an
 * empty cell shown as `-`, and a cell with several lines spanning that many output lines.
 */
export function formatColumns(rows: ReadonlyArray<readonly string[]>): string[] {
  const cells = rows.map((row) => row.map((cell) => (cell === '' ? ['-'] : cell.split('\n'))));
  const widths: number[] = [];
  for (const row of cells)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, ...cell.map((l) => l.length))));
  const out: string[] = [];
  for (const row of cells) {
    const height = Math.max(1, ...row.map((cell) => cell.length));
    for (let line = 0; line < height; line++) {
      out.push(
        row
          .map((cell, i) => (cell[line] ?? '').padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      );
    }
  }
  return out;
}
