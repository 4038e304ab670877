import type { LintFinding, LintRule } from '../types.js';
import { asciiLower, hasObligationWord, obligationAt, obligationJoints } from './obligation-words.js';

// Heuristics, tuned for precision over recall: each needs a verb or an obligation word on BOTH sides, so a
// list of things inside one requirement ("never states a dose, frequency or duration", "mentions risks and
// benefits") is not flagged. Verbs are third-person or base forms that are rarely nouns ("refuses",
// "suggests"; not "names", "lists", "offers", "states", "uses", "answers"): see obligation-words.ts.
const SUBJECT = '(?:(?:it|they|the (?:assistant|model|response|answer|reply|bot|agent|output|system))\\s+)?';

/** What may open a clause before its obligation word: a conjunction, a subject, "also" (each optional). */
const LEAD = new RegExp(`^(?:and\\s+|then\\s+|but\\s+)?${SUBJECT}(?:also\\s+)?`, 'i');

/**
 * A clause that states an obligation: starts (after an optional conjunction, subject and "also") with an
 * obligation word or a verb. No obligation word or verb is a conjunction, a subject or "also", so taking the
 * lead greedily loses no match.
 */
function isObligation(clause: string): boolean {
  return obligationAt(asciiLower(clause), LEAD.exec(clause)![0].length);
}

const AND_ALSO = /\b(?:and|but) also\b/i;
const ENUMERATION = /(?:^|\s)\(?(?:1|a|i)[.)]\s[\s\S]*\s\(?(?:2|b|ii)[.)]\s/;
const ABBREVIATION = /\b(?:e\.g|i\.e|etc|vs|cf|dr|mr|mrs|ms|st|no)\.$/i;

/** Sentences of a text, not split after abbreviations such as "e.g.". */
function sentences(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?]\s+(?=[A-Z"'(*_])/g)) {
    const end = match.index + 1;
    if (ABBREVIATION.test(text.slice(start, end))) continue;
    parts.push(text.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  parts.push(text.slice(start).trim());
  return parts.filter((p) => p !== '');
}

function clip(text: string): string {
  const trimmed = text.trim().replace(/(?:[\s,;:.]|\b(?:and|or|but)\b)+$/i, '').replace(/\s+/g, ' ');
  return trimmed.length > 40 ? `${trimmed.slice(0, 39).trimEnd()}…` : trimmed;
}

/** The first two requirements a criterion bundles, or undefined when it reads as one. */
export function bundledRequirements(text: string): [string, string] | undefined {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const bullets = text.split('\n').filter((l) => /^\s*(?:[-*+]|\d+[.)])\s+\S/.test(l));
  if (bullets.length >= 2) return [clip(bullets[0]!.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')), clip(bullets[1]!.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''))];
  const enumeration = ENUMERATION.exec(oneLine);
  // "must (1) greet … and (2) ask …" bundles; "lists the steps: (1) …, (2) …" is one requirement with a list.
  if (enumeration && hasObligationWord(oneLine.slice(0, enumeration.index)) && !/:\s*$/.test(oneLine.slice(0, enumeration.index))) {
    const items = oneLine.split(/(?:^|\s)\(?(?:\d+|[a-c]|i{1,3})[.)]\s/).map((s) => s.trim()).filter(Boolean);
    if (items.length >= 2) return [clip(items[items.length - 2]!), clip(items[items.length - 1]!)];
  }
  const obligations = sentences(oneLine).filter(isObligation);
  if (obligations.length >= 2) return [clip(obligations[0]!), clip(obligations[1]!)];
  for (const sentence of sentences(oneLine)) {
    const parts = sentence.split(';').map((p) => p.trim()).filter(isObligation);
    if (parts.length >= 2) return [clip(parts[0]!), clip(parts[1]!)];
    const also = AND_ALSO.exec(sentence);
    if (also && /\S+\s+\S+/.test(sentence.slice(0, also.index)) && /\S/.test(sentence.slice(also.index + also[0].length))) return [clip(sentence.slice(0, also.index)), clip(sentence.slice(also.index + also[0].length))];
    for (const joint of obligationJoints(sentence)) {
      const before = sentence.slice(0, joint.index);
      if (hasObligationWord(before)) return [clip(before), clip(sentence.slice(joint.end))];
    }
  }
  return undefined;
}

export const compoundCriterion: LintRule = {
  id: 'compound-criterion',
  defaultSeverity: 'warning',
  description: 'A criterion bundles several requirements ("refuses and suggests …", two obligation sentences, a ";" list).',
  docs:
    'A criterion gets one verdict. When it bundles two requirements, a failure does not say which one broke, a ' +
    'judge tends to pass it when either holds, and the two cannot carry different weights or be made critical ' +
    'separately. Split it into one criterion per requirement. Flagged: two sentences that each state an obligation; ' +
    '";"-separated obligations; "and also"; "and" joining a second verb or obligation word ("refuses and suggests", ' +
    '"must cite and must link"); numbered items after an obligation ("must (1) … (2) …"); bulleted lines. Lists of ' +
    'things inside one obligation ("never states a dose, frequency or duration") are not flagged.',
  check(spec) {
    const findings: LintFinding[] = [];
    for (const criterion of spec.rubric) {
      const parts = bundledRequirements(criterion.criterion);
      if (!parts) continue;
      findings.push({
        message: `Criterion "${criterion.id}" bundles several requirements ("${parts[0]}" and "${parts[1]}"): split it into one criterion each, so a failure says which one broke.`,
        range: criterion.locate(['criterion']).value,
      });
    }
    return findings;
  },
};
