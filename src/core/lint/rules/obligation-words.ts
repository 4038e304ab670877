// The words compound-criterion reads as "this clause states a requirement": obligation words ("must",
// "never", "has to") and verbs that are rarely nouns ("refuses", "suggests"), in base and third-person forms.
//
// Looked up as phrases, not as one regex: a case-insensitive alternation of these ~90 phrases is what V8
// compiled for every `aispec check` (three of them, ~7 ms of a cold check's ~60 ms of its own work, for a
// spec with any rubric). The answers are the regexes' `(?:phrase|…)\b` with the `i` flag, without `u`:
//  - case-insensitive without `u` folds ASCII letters only (ECMA-262 Canonicalize: no character above
//    U+007F folds to one below it), so the text is lowered in its ASCII letters only, which keeps its length
//    and every index;
//  - `\b` without `u` knows only [A-Za-z0-9_] as word characters;
//  - a phrase that does not end at a word boundary ("must nothing") lets the alternation try the next one
//    ("must"), so a position holds an obligation when any phrase fits there.
// test/unit/lint/obligation-words.test.ts holds the answers against the regexes over generated clauses.

const VERBS = [
  'acknowledge', 'admit', 'apologize', 'apologise', 'ask', 'avoid', 'cite', 'clarify', 'confirm', 'decline', 'describe', 'direct',
  'disclose', 'encourage', 'escalate', 'explain', 'give', 'identify', 'include', 'inform', 'invite', 'keep', 'mention',
  'provide', 'recommend', 'redirect', 'refer', 'refuse', 'remind', 'reply', 'respond', 'suggest', 'summarize', 'summarise',
  'tell', 'warn',
];
export const VERB_FORMS: readonly string[] = VERBS.flatMap((v) => [v, thirdPerson(v)]);
export const MODALS: readonly string[] = [
  'must not', 'must', 'should not', "shouldn't", 'should', 'shall', 'never', 'always', 'will', 'has to', 'needs to', 'does not',
  "doesn't", 'do not', "don't", 'cannot', "can't", 'may not', 'is required to',
];

function thirdPerson(verb: string): string {
  if (/(s|sh|ch|x|z)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/** Every phrase, by its first letter. */
const BY_FIRST_LETTER = new Map<string, string[]>();
for (const phrase of [...MODALS, ...VERB_FORMS]) {
  const list = BY_FIRST_LETTER.get(phrase[0]!);
  if (list) list.push(phrase);
  else BY_FIRST_LETTER.set(phrase[0]!, [phrase]);
}

/** The text with A-Z lowered and nothing else changed (same length, same indexes). */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** `\b`'s word characters without the `u` flag. NaN (past the end) is not one. */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/** Whether an obligation word or verb starts at `at` in `lower` (from asciiLower) and ends at a word boundary. */
export function obligationAt(lower: string, at: number): boolean {
  const phrases = BY_FIRST_LETTER.get(lower[at] ?? '');
  if (!phrases) return false;
  for (const phrase of phrases) {
    if (lower.startsWith(phrase, at) && !isWordChar(lower.charCodeAt(at + phrase.length))) return true;
  }
  return false;
}

/** Whether an obligation word or verb appears as a whole word anywhere in `text`. */
export function hasObligationWord(text: string): boolean {
  const lower = asciiLower(text);
  for (let at = 0; at < lower.length; at++) {
    // Every phrase starts with a letter, so `\b` before it means the character before is not a word character.
    if ((at === 0 || !isWordChar(lower.charCodeAt(at - 1))) && obligationAt(lower, at)) return true;
  }
  return false;
}

/**
 * ", and" / "and then" / "and also" / "but" followed by an obligation word or verb: where each such joint
 * starts in `sentence` and where the second obligation starts. The same matches, in the same order, as
 * matchAll of `(?:,\s*)?\b(?:and|but)\s+(?:then\s+)?(?:also\s+)?(?=(?:phrase|…)\b)` with flags `gi`: a joint
 * whose longest form is not followed by an obligation has no shorter form that is ("then", "also" and
 * white space are not obligation words), and no joint starts inside another.
 */
export function* obligationJoints(sentence: string): Generator<{ index: number; end: number }> {
  const lower = asciiLower(sentence);
  const joint = /(?:,\s*)?\b(?:and|but)\s+(?:then\s+)?(?:also\s+)?/g;
  for (let m = joint.exec(lower); m; m = joint.exec(lower)) {
    const end = m.index + m[0].length;
    if (obligationAt(lower, end)) yield { index: m.index, end };
  }
}
