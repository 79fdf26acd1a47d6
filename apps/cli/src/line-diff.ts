/**
 * A unified diff of two texts, line by line (longest common subsequence), with `context` lines
 * around each change. Definitions are small enough for the quadratic table.
 */
export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, context = 3): string {
  const a = linesOf(before);
  const b = linesOf(after);
  const ops = editScript(a, b);
  const hunks: string[] = [];
  let i = 0;
  let shown = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++;
      continue;
    }
    const start = Math.max(shown, i - context);
    let end = i;
    // Extend the hunk while the next change is within two contexts of the last one.
    for (let j = i; j < ops.length; j++) if (ops[j].kind !== ' ' && j - end <= 2 * context) end = j;
    end = Math.min(ops.length, end + context + 1);
    hunks.push(hunk(ops.slice(start, end)));
    i = shown = end;
  }
  if (hunks.length === 0) return '';
  return [`--- ${labels.from}`, `+++ ${labels.to}`, ...hunks].join('\n') + '\n';
}

interface Op {
  readonly kind: ' ' | '-' | '+';
  readonly line: string;
  readonly aLine: number;
  readonly bLine: number;
}

function hunk(ops: readonly Op[]): string {
  const aCount = ops.filter((o) => o.kind !== '+').length;
  const bCount = ops.filter((o) => o.kind !== '-').length;
  const header = `@@ -${ops[0].aLine + (aCount > 0 ? 1 : 0)},${aCount} +${ops[0].bLine + (bCount > 0 ? 1 : 0)},${bCount} @@`;
  return [header, ...ops.map((o) => `${o.kind}${o.line}`)].join('\n');
}

function editScript(a: readonly string[], b: readonly string[]): Op[] {
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // Removals before additions where either order is as short: old line, then its replacement.
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: ' ', line: a[i], aLine: i++, bLine: j++ });
    else if (j < b.length && (i === a.length || common[i][j + 1] > common[i + 1][j])) ops.push({ kind: '+', line: b[j], aLine: i, bLine: j++ });
    else ops.push({ kind: '-', line: a[i], aLine: i++, bLine: j });
  }
  return ops;
}

function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
