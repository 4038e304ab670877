// A short unified diff of two texts by lines, for showing how a prompt changed in a review comment. A longest
// common subsequence over lines is plenty for prompts; past a size where its table would be large, the diff
// says so instead of spending seconds on it.

/** Lines compared at most on each side: an LCS table of 2,000 × 2,000 is 4 million cells. */
const MAX_LINES = 2000;

export interface LineDiffOptions {
  /** Unchanged lines shown around each change. Default 2. */
  context?: number;
  /** Diff lines shown before "… N more lines". Default 40. */
  maxLines?: number;
}

type Op = { kind: ' ' | '-' | '+'; text: string; a: number; b: number };

function operations(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', text: a[i++]!, a: i, b: ++j });
    // Removals before additions, as diff tools print a replaced line.
    else if (i < n && (j === m || lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) ops.push({ kind: '-', text: a[i++]!, a: i, b: j });
    else ops.push({ kind: '+', text: b[j++]!, a: i, b: j });
  }
  return ops;
}

/** Lines of a unified diff (`@@ -a,n +b,m @@`, then ` `, `-`, `+` lines), without file headers; empty when equal. */
export function unifiedLineDiff(before: string, after: string, options: LineDiffOptions = {}): string[] {
  if (before === after) return [];
  const context = options.context ?? 2;
  const maxLines = options.maxLines ?? 40;
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  if (a.length > MAX_LINES || b.length > MAX_LINES) return [`(the prompt changed; ${a.length} → ${b.length} lines, too long to diff here)`];
  const ops = operations(a, b);
  const keep = ops.map(() => false);
  ops.forEach((op, index) => {
    if (op.kind === ' ') return;
    for (let k = Math.max(0, index - context); k <= Math.min(ops.length - 1, index + context); k++) keep[k] = true;
  });
  const out: string[] = [];
  for (let start = 0; start < ops.length; ) {
    if (!keep[start]) {
      start++;
      continue;
    }
    let end = start;
    while (end < ops.length && keep[end]) end++;
    const hunk = ops.slice(start, end);
    const aStart = hunk.find((op) => op.kind !== '+')?.a ?? hunk[0]!.a;
    const bStart = hunk.find((op) => op.kind !== '-')?.b ?? hunk[0]!.b;
    const aCount = hunk.filter((op) => op.kind !== '+').length;
    const bCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${aStart}${aCount === 1 ? '' : `,${aCount}`} +${bStart}${bCount === 1 ? '' : `,${bCount}`} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.text}`);
    start = end;
  }
  if (out.length <= maxLines) return out;
  return [...out.slice(0, maxLines), `… ${out.length - maxLines} more diff lines`];
}
