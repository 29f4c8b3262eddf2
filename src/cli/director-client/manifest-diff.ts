/** How many unchanged lines to show around a change. */
const CONTEXT_LINES = 2;

/**
 * The lines of bosh-cli's deploy diff: `+ ` added, `- ` removed, `  ` unchanged context
 * (two lines around each change), hunks apart joined by an empty line. Empty when the two
 * texts have the same lines. A line diff (longest common subsequence) of the YAML as
 * written, not the Director's structural diff.
 */
export function diffManifestLines(before: string, after: string): string[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffOps(a, b);
  if (ops.every((op) => op.kind === ' ')) return [];
  const isShown = ops.map((_, i) =>
    ops.slice(Math.max(0, i - CONTEXT_LINES), i + CONTEXT_LINES + 1).some((op) => op.kind !== ' '),
  );
  const out: string[] = [];
  ops.forEach((op, i) => {
    if (!isShown[i]) return;
    if (out.length > 0 && isShown[i - 1] !== true) out.push('');
    out.push(`${op.kind} ${op.line}`.trimEnd());
  });
  return out;
}

interface DiffOp {
  kind: ' ' | '+' | '-';
  line: string;
}

/** Past this many cells the middle is shown as all removed, then all added. */
const MOST_LCS_CELLS = 4_000_000;

function diffOps(a: readonly string[], b: readonly string[]): DiffOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const same = (lines: readonly string[]): DiffOp[] => lines.map((line) => ({ kind: ' ', line }));
  const middleA = a.slice(head, a.length - tail);
  const middleB = b.slice(head, b.length - tail);
  return [...same(a.slice(0, head)), ...diffMiddle(middleA, middleB), ...same(a.slice(a.length - tail))];
}

function diffMiddle(a: readonly string[], b: readonly string[]): DiffOp[] {
  if ((a.length + 1) * (b.length + 1) > MOST_LCS_CELLS) {
    return [
      ...a.map((line): DiffOp => ({ kind: '-', line })),
      ...b.map((line): DiffOp => ({ kind: '+', line })),
    ];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ kind: '+', line: b[j]! });
      j++;
    } else {
      ops.push({ kind: '-', line: a[i]! });
      i++;
    }
  }
  return reorderRemovalsFirst(ops);
}

/** Within a run of changes, removals before additions, as diffs read. */
function reorderRemovalsFirst(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let run: DiffOp[] = [];
  const flush = (): void => {
    out.push(...run.filter((op) => op.kind === '-'), ...run.filter((op) => op.kind === '+'));
    run = [];
  };
  for (const op of ops) {
    if (op.kind === ' ') {
      flush();
      out.push(op);
    } else run.push(op);
  }
  flush();
  return out;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
