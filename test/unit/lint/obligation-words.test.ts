// obligation-words.ts answers what three case-insensitive regexes used to (compound-criterion): these are
// those regexes, kept here as the reference, and generated clauses full of near misses (case, Unicode
// letters that fold only with `u`, word characters and Unicode spaces at the edges) must get the same answers.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { mulberry32 } from '../../../src/core/metrics/random.js';
import { asciiLower, hasObligationWord, MODALS, obligationAt, obligationJoints, VERB_FORMS } from '../../../src/core/lint/rules/obligation-words.js';
import { bundledRequirements } from '../../../src/core/lint/rules/compound-criterion.js';

const ALTERNATION = [...MODALS, ...VERB_FORMS].join('|');
const STARTS_WITH_OBLIGATION = new RegExp(`^(?:${ALTERNATION})\\b`, 'i');
const REQUIREMENT_WORD = new RegExp(`\\b(?:${ALTERNATION})\\b`, 'i');
const AND_OBLIGATION = new RegExp(`(?:,\\s*)?\\b(?:and|but)\\s+(?:then\\s+)?(?:also\\s+)?(?=(?:${ALTERNATION})\\b)`, 'gi');

const WORDS = [
  ...MODALS, ...VERB_FORMS, 'and', 'but', 'then', 'also', 'And', 'BUT', 'Then', 'ALSO', 'it', 'they', 'the assistant',
  'mustard', 'musts', 'nevertheless', 'refused', 'tells_', 'keep2', 'warn_', 'asked', 'always-on', "don't'", 'giveaway',
  'band', 'butter', 'thence', 'also-ran', 'must nothing', 'has toast', 'is required', 'a dose', 'the user', '(1)', '2.',
];
const GLUE = [' ', ' ', ' ', '  ', ', ', '; ', '. ', '\t', '\u00a0', '\u2028', '\n', '-', '_', '', 'é', 'K', 'ſ', 'İ', '1', "'"];

function clause(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const caseOf = (word: string) => {
    const r = random();
    return r < 0.5 ? word : r < 0.75 ? word.toUpperCase() : word[0]!.toUpperCase() + word.slice(1);
  };
  let text = random() < 0.3 ? pick(GLUE) : '';
  const words = 1 + Math.floor(random() * 8);
  for (let i = 0; i < words; i++) text += caseOf(pick(WORDS)) + (i < words - 1 || random() < 0.3 ? pick(GLUE) : '');
  return text;
}

describe('obligation words', () => {
  it('lowers ASCII letters only, keeping the length', () => {
    assert.equal(asciiLower('MUST İs ſ KEEP'), 'must İs ſ keep');
    assert.equal(asciiLower('İİ').length, 2);
  });

  it('answers as the case-insensitive regexes do, over 20,000 generated clauses', () => {
    const random = mulberry32(15);
    for (let step = 0; step < 20000; step++) {
      const text = clause(random);
      const where = `step ${step}: ${JSON.stringify(text)}`;
      const lower = asciiLower(text);
      for (let at = 0; at <= text.length; at++) {
        assert.equal(obligationAt(lower, at), STARTS_WITH_OBLIGATION.test(text.slice(at)), `${where} at ${at}`);
      }
      assert.equal(hasObligationWord(text), REQUIREMENT_WORD.test(text), where);
      const expected = [...text.matchAll(AND_OBLIGATION)].map((m) => ({ index: m.index, end: m.index + m[0].length }));
      assert.deepEqual([...obligationJoints(text)], expected, where);
    }
  });

  it('finds the phrases the rule is built on', () => {
    assert.equal(hasObligationWord('It Must link'), true);
    assert.equal(hasObligationWord('mustard and refused'), false);
    assert.equal(hasObligationWord('KEEPS'), true);
    // The Kelvin sign folds to k only with the u flag, which the rule's regexes never had.
    assert.equal(hasObligationWord('\u212aeeps'), false);
    assert.deepEqual([...obligationJoints('Refuses it, and then also suggests a pharmacist')], [{ index: 10, end: 26 }]);
    assert.deepEqual(bundledRequirements('Refuses to promise an amount and suggests checking the order page.'), ['Refuses to promise an amount', 'suggests checking the order page']);
  });
});
