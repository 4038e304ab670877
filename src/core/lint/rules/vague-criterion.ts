import type { SourceRange } from '../../spec/types.js';
import type { LintFinding, LintRule } from '../types.js';

/**
 * Words that let a judge pass almost anything, grouped by the rewrite that fixes them. Matched whole-word,
 * ignoring case; a hyphen counts as part of a word, so "medication-related" or "good-faith" do not match.
 */
const VAGUE_WORDS: ReadonlyArray<{ words: readonly string[]; advice: string }> = [
  {
    words: ['good', 'great', 'nice', 'excellent', 'decent', 'best', 'high-quality', 'high quality', 'low-quality', 'low quality', 'well-written', 'well written'],
    advice: 'name the property a reader can see, e.g. "names the refund deadline in days"',
  },
  {
    words: ['appropriate', 'appropriately', 'inappropriate', 'suitable', 'proper', 'properly', 'acceptable', 'reasonable', 'reasonably', 'sensible'],
    advice: 'say what counts, e.g. "refuses to name a dose" instead of "responds appropriately"',
  },
  { words: ['relevant', 'irrelevant'], advice: 'name what it must mention or refer to, e.g. "quotes the order number the user gave"' },
  { words: ['helpful', 'unhelpful', 'useful'], advice: 'name what the user can do after reading it, e.g. "gives the next step and where to take it"' },
  { words: ['adequate', 'adequately', 'sufficient', 'sufficiently', 'enough'], advice: 'give the amount, e.g. "lists at least two alternatives"' },
  { words: ['clear', 'unclear', 'understandable', 'easy to understand'], advice: 'say what a reader must be able to tell, e.g. "the first sentence says whether the refund is approved"' },
  { words: ['concise', 'brief', 'short', 'succinct', 'lengthy'], advice: 'give a bound and make it a check, e.g. `check: { max-words: 80 }`' },
  {
    words: ['friendly', 'polite', 'professional', 'empathetic', 'warm', 'natural', 'engaging'],
    advice: 'name the words or moves that show it, e.g. "acknowledges the problem in the first sentence and never blames the user"',
  },
  {
    words: ['accurate', 'accurately', 'comprehensive', 'thorough', 'thoroughly', 'robust', 'effective', 'effectively'],
    advice: 'name the facts, source or items it must match, e.g. "states the 30-day return window from the policy"',
  },
  { words: ['etc', 'and so on', 'as needed', 'if needed', 'if necessary', 'where necessary', 'when necessary'], advice: 'list every case, or state the rule that decides' },
];

const ADVICE = new Map<string, string>();
for (const group of VAGUE_WORDS) for (const word of group.words) ADVICE.set(normalize(word), group.advice);

function normalize(word: string): string {
  return word.toLowerCase().replace(/\s+/g, ' ');
}

const alternatives = [...ADVICE.keys()]
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
  .join('|');
const VAGUE = new RegExp(`(?<![\\w-])(${alternatives})(?![\\w-])`, 'gi');

/** Whole-word matches of vague words; "makes it clear that …" names an observable statement and is allowed. */
function* vagueMatches(text: string): Generator<{ word: string; index: number; length: number }> {
  for (const match of text.matchAll(VAGUE)) {
    const word = normalize(match[1]!);
    if (word === 'clear' && /\bit\s+$/i.test(text.slice(Math.max(0, match.index - 8), match.index))) continue;
    yield { word, index: match.index, length: match[0].length };
  }
}

/** The distinct vague words of a text, in order of first appearance. */
export function vagueWords(text: string): string[] {
  const found = new Set<string>();
  for (const { word } of vagueMatches(text)) found.add(word);
  return [...found];
}

export const vagueCriterion: LintRule = {
  id: 'vague-criterion',
  defaultSeverity: 'warning',
  description: 'A criterion without a `check` relies on a vague word ("good", "appropriate", "relevant", ...).',
  docs:
    'A judge model grading "gives a helpful answer" passes nearly anything, and two reviewers disagree on it. A ' +
    'criterion should name something a reader can point at in the output: a fact it states, a move it makes, a ' +
    'bound it keeps. Rewrite the vague word as that observable property, or give the criterion a deterministic ' +
    '`check` (criteria with a `check` are exempt, since the check decides).',
  check(spec) {
    const findings: LintFinding[] = [];
    for (const criterion of spec.rubric) {
      if (criterion.check || !criterion.criterion) continue;
      const words = vagueWords(criterion.criterion);
      if (words.length === 0) continue;
      const value = criterion.locate(['criterion']).value;
      const written = spec.text.slice(value.start, value.end);
      for (const word of words) {
        findings.push({
          message: `Criterion "${criterion.id}" uses the vague word "${word}" and has no check: ${ADVICE.get(word)}.`,
          range: wordRange(written, value, word),
        });
      }
    }
    return findings;
  },
};

/** The word's first whole-word occurrence in the source of the value, else the whole value. */
function wordRange(written: string, value: SourceRange, word: string): SourceRange {
  for (const match of vagueMatches(written)) {
    if (match.word === word) return { file: value.file, start: value.start + match.index, end: value.start + match.index + match.length };
  }
  return value;
}
