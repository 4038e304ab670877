// "Did you mean ...?" for misspelt keys, labels and enum values. Damerau-Levenshtein distance (optimal string
// alignment: insertions, deletions, substitutions and swaps of neighbours) on a normalised form, so
// `pas_rate`, `Pass-Rate` and `passRate` all find `pass_rate`.

/** Edit distance with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows: the transposition step looks two rows back.
  let twoBack = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, twoBack[j - 2]! + 1);
      row[j] = d;
    }
    [twoBack, prev, row] = [prev, row, twoBack];
  }
  return prev[b.length]!;
}

/** Lower case, camelCase split, `-`/space read as `_`: the spelling differences that are never the point. */
function normalise(word: string): string {
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[-\s]+/g, '_');
}

/** How many edits still count as a typo rather than a different word. */
function tolerance(length: number): number {
  if (length <= 3) return 1;
  if (length <= 6) return 2;
  return 3;
}

/** The candidate closest to `word`, if one is close enough to be a likely typo. Ties go to the earlier candidate. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const target = normalise(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = editDistance(target, normalise(candidate));
    if (d < bestDistance && d <= tolerance(Math.max(target.length, candidate.length))) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** A lowercase slug for ids: `Health Assistant (v2)` → `health-assistant-v2`. */
export function toSlug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[^a-z0-9]+|[-._]+$/g, '') || 'my-spec'
  );
}
