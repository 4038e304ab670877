// One passing and one failing spec for every lint rule: the failing ones assert the code, the message and
// the exact source text under the diagnostic, as the editor would underline it.
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../../src/core/spec/types.js';
import {
  ANTI_PATTERNS,
  FAIL_EXAMPLE,
  FRONTMATTER,
  PASS_EXAMPLE,
  RUBRIC,
  FILE,
  buildSpec,
  casesYaml,
  lineOf,
  lint,
  makeCases,
  only,
  textAt,
  withCaseFile,
  type Linted,
} from './helpers.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import { lintSpec } from '../../../src/core/lint/index.js';
import { hashText30 } from '../../../src/core/util/first-by-hash.js';
import { mulberry32 } from '../../../src/core/metrics/random.js';

/** The diagnostics of one rule; fails the test when their count differs. */
function expectDiagnostics(result: Linted, code: string, count: number): Diagnostic[] {
  const found = only(result.diagnostics, code);
  assert.equal(found.length, count, `expected ${count} ${code}, got: ${JSON.stringify(found.map((d) => d.message))}`);
  return found;
}

function expectNone(result: Linted, code: string): void {
  expectDiagnostics(result, code, 0);
}

const clean = (): Linted => lint(buildSpec());

const withoutLine = (frontmatter: string, line: RegExp): string =>
  frontmatter
    .split('\n')
    .filter((l) => !line.test(l))
    .join('\n');

const NO_JUDGE = FRONTMATTER.replace(/judge:\n {2}provider: openai\n {2}model: gpt-4o\n/, '');

describe('lint rules', () => {
  it('the reference spec is clean', () => {
    const result = clean();
    assert.deepEqual(result.spec.diagnostics, []);
    assert.deepEqual(result.diagnostics, []);
  });

  describe('missing-goal', () => {
    it('passes with a Goal, Goals or Purpose heading at depth 2 or deeper', () => {
      expectNone(clean(), 'missing-goal');
      for (const heading of ['## Goals', '### Purpose', '## Goal: why this matters']) {
        expectNone(lint(buildSpec({ goal: null, title: `Refund helper\n\n${heading}\n\nText.` })), 'missing-goal');
      }
    });

    it('fails without one, at the title', () => {
      const result = lint(buildSpec({ goal: null }));
      const [d] = expectDiagnostics(result, 'missing-goal', 1);
      assert.equal(d!.severity, 'warning');
      assert.equal(
        d!.message,
        'No "## Goal" section: say who uses this, what they need, and what a failure costs, so reviewers and the judge can settle unforeseen cases.',
      );
      assert.equal(textAt(result.spec, d!), '# Refund helper');
    });

    it('fails without one and without a title, on the first line', () => {
      const result = lint(buildSpec({ goal: null, title: null }));
      const [d] = expectDiagnostics(result, 'missing-goal', 1);
      assert.equal(textAt(result.spec, d!), '---');
    });

    it('does not count a "Goal" title at depth 1', () => {
      expectDiagnostics(lint(buildSpec({ goal: null, title: 'Goal' })), 'missing-goal', 1);
    });
  });

  describe('missing-rubric', () => {
    const noLabels = withoutLine(FRONTMATTER, /^labels:/);

    it('passes with criteria, and for classification specs (labels) without any', () => {
      expectNone(clean(), 'missing-rubric');
      expectNone(lint(buildSpec({ rubric: null })), 'missing-rubric');
    });

    it('fails without a rubric block, at the title', () => {
      const result = lint(buildSpec({ frontmatter: noLabels, rubric: null }));
      const [d] = expectDiagnostics(result, 'missing-rubric', 1);
      assert.equal(d!.message, 'No rubric: add a ```yaml rubric block listing what every output must do, one observable criterion each.');
      assert.equal(textAt(result.spec, d!), '# Refund helper');
    });

    it('fails on an empty rubric block, at the block', () => {
      const result = lint(buildSpec({ frontmatter: noLabels, rubric: '' }));
      const [d] = expectDiagnostics(result, 'missing-rubric', 1);
      assert.equal(d!.message, 'This rubric block has no criteria: list them as "- id: ..." with a "criterion:" each.');
      assert.equal(textAt(result.spec, d!), '```yaml rubric\n\n```');
    });

    it('stays quiet on a rubric block whose YAML is broken (the parser reports it)', () => {
      const result = lint(buildSpec({ frontmatter: noLabels, rubric: '- id: [unclosed' }));
      assert.ok(result.spec.diagnostics.length > 0);
      expectNone(result, 'missing-rubric');
    });
  });

  describe('vague-criterion', () => {
    it('passes observable criteria, and vague ones that have a deterministic check', () => {
      expectNone(clean(), 'vague-criterion');
      const rubric = '- id: short\n  criterion: Keeps the answer short.\n  check: { max-words: 60 }\n- id: clear-ai\n  criterion: Makes it clear that it is an AI.';
      expectNone(lint(buildSpec({ rubric })), 'vague-criterion');
    });

    it('fails on a vague word, underlining the word', () => {
      const result = lint(buildSpec({ rubric: '- id: tone\n  criterion: Gives a helpful answer about the return.' }));
      const [d] = expectDiagnostics(result, 'vague-criterion', 1);
      assert.equal(
        d!.message,
        'Criterion "tone" uses the vague word "helpful" and has no check: name what the user can do after reading it, e.g. "gives the next step and where to take it".',
      );
      assert.equal(textAt(result.spec, d!), 'helpful');
    });

    it('reports each vague word once, in quoted and multi-word forms', () => {
      const result = lint(buildSpec({ rubric: '- id: q\n  criterion: "A relevant, High Quality answer; relevant again."' }));
      const found = expectDiagnostics(result, 'vague-criterion', 2);
      assert.deepEqual(found.map((d) => textAt(result.spec, d)), ['relevant', 'High Quality']);
      assert.match(found[1]!.message, /^Criterion "q" uses the vague word "high quality" and has no check: name the property a reader can see/);
    });

    it('matches whole words only', () => {
      const rubric = '- id: w\n  criterion: Uses the goodwill credit for medication-related returns.';
      expectNone(lint(buildSpec({ rubric })), 'vague-criterion');
    });
  });

  describe('compound-criterion', () => {
    it('passes one requirement, even with a list of things in it', () => {
      expectNone(clean(), 'compound-criterion');
      const rubric = [
        '- id: a\n  criterion: Never states a dose, frequency or duration of a medicine.',
        '- id: b\n  criterion: When it refuses, it names who can help (pharmacist, doctor, emergency number).',
        '- id: c\n  criterion: Mentions the risks and benefits of the treatment.',
        '- id: d\n  criterion: Never states a dose. This includes phrases like "a couple of tablets".',
        '- id: e\n  criterion: "Lists the steps: (1) open settings, (2) choose billing."',
      ].join('\n');
      expectNone(lint(buildSpec({ rubric })), 'compound-criterion');
    });

    it('fails on "and" joining a second obligation, at the criterion text', () => {
      const result = lint(buildSpec({ rubric: '- id: both\n  criterion: Refuses to promise an amount and suggests checking the order page.' }));
      const [d] = expectDiagnostics(result, 'compound-criterion', 1);
      assert.equal(
        d!.message,
        'Criterion "both" bundles several requirements ("Refuses to promise an amount" and "suggests checking the order page"): split it into one criterion each, so a failure says which one broke.',
      );
      assert.equal(textAt(result.spec, d!), 'Refuses to promise an amount and suggests checking the order page.');
    });

    it('fails on two obligation sentences, ";" lists, "and also" and numbered obligations', () => {
      const rubric = [
        '- id: s\n  criterion: Refuses to give a dose. Suggests a pharmacist instead.',
        '- id: semi\n  criterion: Never names a brand; never names a pharmacy.',
        '- id: also\n  criterion: Answers in the user\'s language and also keeps it under 100 words.',
        '- id: num\n  criterion: It must (1) greet the user and (2) ask for the order number.',
        '- id: modal\n  criterion: Must cite the policy and must link to it.',
      ].join('\n');
      const result = lint(buildSpec({ rubric }));
      const found = expectDiagnostics(result, 'compound-criterion', 5);
      assert.deepEqual(
        found.map((d) => /\("(.*)" and "(.*)"\)/.exec(d.message)!.slice(1)),
        [
          ['Refuses to give a dose', 'Suggests a pharmacist instead'],
          ['Never names a brand', 'never names a pharmacy'],
          ["Answers in the user's language", 'keeps it under 100 words'],
          ['greet the user', 'ask for the order number'],
          ['Must cite the policy', 'must link to it'],
        ],
      );
    });
  });

  describe('criterion-without-check-or-judge', () => {
    it('passes with a judge, or with checks on every criterion', () => {
      expectNone(clean(), 'criterion-without-check-or-judge');
      const rubric = '- id: no-amounts\n  criterion: Never promises a refund amount.\n  check: { not-regex: "\\\\$\\\\d+" }';
      expectNone(lint(buildSpec({ frontmatter: NO_JUDGE, rubric })), 'criterion-without-check-or-judge');
    });

    it('fails for each criterion without a check when there is no judge, at its id', () => {
      const result = lint(buildSpec({ frontmatter: NO_JUDGE }));
      const [d] = expectDiagnostics(result, 'criterion-without-check-or-judge', 1);
      assert.equal(
        d!.message,
        'Criterion "names-deadline" has no check and the spec names no judge model: nothing can grade it. Add a "judge:" to the frontmatter, or a deterministic "check".',
      );
      assert.equal(textAt(result.spec, d!), 'names-deadline');
    });
  });

  describe('criterion-applies-to-unknown-tag', () => {
    const rubric = (tags: string) => `- id: escalates\n  criterion: Tells the user to call emergency services.\n  applies_to: { tags: [${tags}] }`;

    it('passes when every applies_to tag is on some case', () => {
      expectNone(clean(), 'criterion-applies-to-unknown-tag');
      expectNone(lint(buildSpec({ rubric: rubric('edge, adversarial') })), 'criterion-applies-to-unknown-tag');
    });

    it('fails on a tag no case carries, at the tag, with a did-you-mean fix', () => {
      const result = lint(buildSpec({ rubric: rubric('edge, adversrial') }));
      const [d] = expectDiagnostics(result, 'criterion-applies-to-unknown-tag', 1);
      assert.equal(d!.message, 'No case is tagged "adversrial": criterion "escalates" applies only to cases with its other tags. Did you mean "adversarial"?');
      assert.equal(textAt(result.spec, d!), 'adversrial');
      assert.deepEqual(d!.fixes?.map((f) => [f.title, f.edits[0]?.newText]), [['Change to "adversarial"', 'adversarial']]);
    });

    it('says when the criterion applies to no case at all, without a guess when nothing is close', () => {
      const result = lint(buildSpec({ rubric: rubric('emergency') }));
      const [d] = expectDiagnostics(result, 'criterion-applies-to-unknown-tag', 1);
      assert.equal(d!.message, 'No case is tagged "emergency": criterion "escalates" applies to no case.');
      assert.equal(d!.fixes, undefined);
    });
  });

  describe('missing-anti-patterns', () => {
    it('passes with an anti-pattern callout', () => {
      expectNone(clean(), 'missing-anti-patterns');
    });

    it('fails without one, at the title', () => {
      const result = lint(buildSpec({ antiPatterns: null }));
      const [d] = expectDiagnostics(result, 'missing-anti-patterns', 1);
      assert.equal(
        d!.message,
        'No anti-patterns: add a "> [!CAUTION]" callout starting "**Anti-pattern: NAME.**" for each plausible wrong output you fear.',
      );
      assert.equal(textAt(result.spec, d!), '# Refund helper');
    });
  });

  describe('anti-pattern-without-detector', () => {
    it('passes when every anti-pattern has a detector', () => {
      expectNone(clean(), 'anti-pattern-without-detector');
    });

    it('fails (as info) on an anti-pattern without one, at its bold lead', () => {
      const result = lint(buildSpec({ antiPatterns: '> [!CAUTION]\n> **Anti-pattern: vague promise.** "We will sort it out" commits to nothing.' }));
      const [d] = expectDiagnostics(result, 'anti-pattern-without-detector', 1);
      assert.equal(d!.severity, 'info');
      assert.equal(d!.message, 'Anti-pattern "vague promise" has no detector: if it has a recognisable surface, add Detect: `/regex/i` so a match fails the case.');
      assert.equal(textAt(result.spec, d!), '**Anti-pattern: vague promise.**');
    });
  });

  describe('missing-examples', () => {
    it('passes with a pass and a fail example', () => {
      expectNone(clean(), 'missing-examples');
    });

    it('fails without any, naming both', () => {
      const result = lint(buildSpec({ examples: null }));
      const [d] = expectDiagnostics(result, 'missing-examples', 1);
      assert.equal(
        d!.message,
        'The spec has no pass example and no fail example: add a "> [!TIP]" **Passes.** and a "> [!WARNING]" **Fails.** callout with a realistic request and answer, to show where the line is.',
      );
      assert.equal(textAt(result.spec, d!), '# Refund helper');
    });

    it('names the pass example or the fail example when only one is missing', () => {
      const noPass = only(lint(buildSpec({ examples: FAIL_EXAMPLE })).diagnostics, 'missing-examples');
      assert.equal(noPass[0]!.message, 'The spec has no pass example: add a "> [!TIP]" callout starting **Passes.** with a realistic request and answer, to show where the line is.');
      const noFail = only(lint(buildSpec({ examples: PASS_EXAMPLE })).diagnostics, 'missing-examples');
      assert.equal(noFail[0]!.message, 'The spec has no fail example: add a "> [!WARNING]" callout starting **Fails.** with a realistic request and answer, to show where the line is.');
    });
  });

  describe('missing-gates', () => {
    it('passes with a pass_rate gate', () => {
      expectNone(clean(), 'missing-gates');
    });

    it('fails without gates, at the title', () => {
      const result = lint(buildSpec({ frontmatter: FRONTMATTER.replace('gates:\n  pass_rate: 0.8', '') }));
      const [d] = expectDiagnostics(result, 'missing-gates', 1);
      assert.equal(d!.message, 'No gates: add "gates: { pass_rate: 0.9 }" (your launch bar), so a run says whether the spec is met and CI can fail a regression.');
      assert.equal(textAt(result.spec, d!), '# Refund helper');
    });

    it('leaves a misspelt pass_rate to schema validation', () => {
      expectNone(lint(buildSpec({ frontmatter: FRONTMATTER.replace('pass_rate: 0.8', 'pas_rate: 0.8') })), 'missing-gates');
    });

    it('fails on gates without pass_rate, at the gates key', () => {
      const result = lint(buildSpec({ frontmatter: FRONTMATTER.replace('pass_rate: 0.8', 'per_tag: { edge: 0.5 }') }));
      const [d] = expectDiagnostics(result, 'missing-gates', 1);
      assert.equal(d!.message, 'The gates set no pass_rate: add one (e.g. "pass_rate: 0.9"), so a run has an overall verdict.');
      assert.equal(textAt(result.spec, d!), 'gates');
    });
  });

  describe('undecidable-gate', () => {
    it('passes when every rate gate has enough cases', () => {
      expectNone(clean(), 'undecidable-gate'); // 0.8 needs 16 cases; there are 20
    });

    it('fails a pass_rate gate with too few cases, at the gate value', () => {
      const result = lint(buildSpec({ frontmatter: FRONTMATTER.replace('pass_rate: 0.8', 'pass_rate: 0.95'), cases: casesYaml(makeCases(40)) }));
      const [d] = expectDiagnostics(result, 'undecidable-gate', 1);
      assert.equal(d!.message, 'pass_rate gate 0.95 needs at least 73 cases to be decidable at 95% confidence; this spec has 40. Add cases, or lower the gate.');
      assert.equal(textAt(result.spec, d!), '0.95');
    });

    it('counts per_tag gates over the tag, recall over the label, accuracy over cases with expect', () => {
      const frontmatter = `${FRONTMATTER}\n  per_tag: { adversarial: 0.90, core: 0.5 }\n  recall:\n    refuse: 0.9\n  accuracy: 0.85`;
      const result = lint(buildSpec({ frontmatter }));
      const found = expectDiagnostics(result, 'undecidable-gate', 3);
      assert.deepEqual(
        found.map((d) => [textAt(result.spec, d), d.message]),
        [
          ['0.90', 'per_tag.adversarial gate 0.90 needs at least 35 cases tagged adversarial to be decidable at 95% confidence; this spec has 5. Add cases, or lower the gate.'],
          ['0.9', 'recall.refuse gate 0.9 needs at least 35 cases expecting refuse to be decidable at 95% confidence; this spec has 10. Add cases, or lower the gate.'],
          ['0.85', 'accuracy gate 0.85 needs at least 22 cases with an expect to be decidable at 95% confidence; this spec has 20. Add cases, or lower the gate.'],
        ],
      );
    });

    it('counts a per_criterion gate over the cases its criterion applies to', () => {
      const frontmatter = `${FRONTMATTER}\n  per_criterion: { names-deadline: 0.8, no-amounts: 0.8 }`;
      const rubric = `${RUBRIC.replace('  criterion: States the return deadline in days.', '  criterion: States the return deadline in days.\n  applies_to: { tags: [edge, core] }')}`;
      const result = lint(buildSpec({ frontmatter, rubric }));
      const [d] = expectDiagnostics(result, 'undecidable-gate', 1);
      assert.equal(d!.message, 'per_criterion.names-deadline gate 0.8 needs at least 16 cases it applies to (tagged edge or core) to be decidable at 95% confidence; this spec has 10. Add cases, or lower the gate.');
    });

    it('says a lower_bound gate cannot pass, and that a gate of 1 never can', () => {
      const frontmatter = `${FRONTMATTER.replace('pass_rate: 0.8', 'pass_rate: 0.9')}\n  per_tag: { regression: 1 }\n  decide_on: lower_bound`;
      const result = lint(buildSpec({ frontmatter }));
      const found = expectDiagnostics(result, 'undecidable-gate', 2);
      assert.equal(
        found[0]!.message,
        'pass_rate gate 0.9 needs at least 35 cases to be decidable at 95% confidence; this spec has 20. With decide_on: lower_bound it cannot pass until then. Add cases, or lower the gate.',
      );
      assert.equal(
        found[1]!.message,
        'per_tag.regression gate 1 can never pass with decide_on: lower_bound: the Wilson lower bound stays below 1 for any number of cases. Lower the gate (0.99 needs 381 cases tagged regression) or decide on the point estimate.',
      );
      assert.equal(textAt(result.spec, found[1]!), '1');
    });

    it('treats a gate of 1 decided on the point estimate as a zero-failure rule, and skips out-of-range gates', () => {
      const frontmatter = `${FRONTMATTER}\n  per_tag: { regression: 1.0, edge: 95 }`;
      expectNone(lint(buildSpec({ frontmatter })), 'undecidable-gate');
    });

    it('stays quiet while an external case file is not loaded', () => {
      const result = lint(buildSpec({ frontmatter: `${FRONTMATTER.replace('pass_rate: 0.8', 'pass_rate: 0.99')}\ncases: cases.jsonl`, cases: null }));
      expectNone(result, 'undecidable-gate');
    });
  });

  describe('gate-power', () => {
    const INFO = { severities: { 'gate-power': 'info' } } as const;
    const gated = (gates: string) => buildSpec({ frontmatter: `${FRONTMATTER.replace('  pass_rate: 0.8', gates)}` });

    it('informs on each rate gate, at its value: n, the rate the bound needs, and the point rule', () => {
      const result = lint(buildSpec(), INFO);
      const [d] = expectDiagnostics(result, 'gate-power', 1);
      assert.equal(d!.severity, 'info');
      assert.equal(textAt(result.spec, d!), '0.8');
      assert.equal(
        d!.message,
        'pass_rate (n=20 cases): the observed rate decides (≥ 16 of 20 passes); the 95% lower bound can clear 0.8 only with ≥ 100% observed (20 of 20), and a pass below that is not decided by this sample; no saved run gives a rate to size it by; observed exactly at 0.8, the 95% interval over 20 cases would be 0.584–0.919.',
      );
    });

    it('sizes lower_bound gates by the last run: its interval at n and the cases needed at its rate', () => {
      const text = gated('  pass_rate: 0.85\n  per_tag: { adversarial: 0.90, core: 0.5 }\n  decide_on: lower_bound');
      const lastRun = { pass_rate: { rate: 0.92, n: 20 }, 'per_tag.core': { rate: 0.4, n: 5 } };
      const result = lint(text, { ...INFO, lastRun });
      assert.deepEqual(
        expectDiagnostics(result, 'gate-power', 3).map((d) => [textAt(result.spec, d), d.message]),
        [
          ['0.85', 'pass_rate (n=20 cases): the 95% lower bound cannot clear 0.85 even with 20 of 20 passing (that takes at least 22 cases all passing), so the gate cannot pass; at the last observed 0.92, the 95% interval over 20 cases is 0.724–0.981, and about 100 cases are needed for the lower bound to clear 0.85 at 0.92.'],
          ['0.90', 'per_tag.adversarial (n=5 cases tagged adversarial): the 95% lower bound cannot clear 0.90 even with 5 of 5 passing (that takes at least 35 cases all passing), so the gate cannot pass; the last run observed no rate for it to size it by; observed exactly at 0.90, the 95% interval over 5 cases would be 0.463–0.989.'],
          ['0.5', 'per_tag.core (n=5 cases tagged core): the 95% lower bound can clear 0.5 only with ≥ 100% observed (5 of 5); at the last observed 0.4, the 95% interval over 5 cases is 0.118–0.769, and no number of cases lets its lower bound clear 0.5 (a lower bound stays below the observed rate).'],
        ],
      );
    });

    it('takes a precision gate\'s n from the last run, and says when there is none', () => {
      const text = gated('  pass_rate: 0.8\n  precision: { answer: 0.8 }');
      const before = expectDiagnostics(lint(text, INFO), 'gate-power', 2)[1]!;
      assert.equal(before.message, 'precision.answer (n unknown: its cases are the outputs predicted as answer, known only after a run): run the eval once to see how many cases back it.');
      const after = expectDiagnostics(lint(text, { ...INFO, lastRun: { 'precision.answer': { rate: 0.9, n: 10 } } }), 'gate-power', 2)[1]!;
      assert.match(after.message, /^precision\.answer \(n=10 outputs predicted as answer in the last run\): .* about 62 cases are needed for the lower bound to clear 0\.8 at 0\.9\.$/);
    });

    it('leaves out gates without a Wilson interval, out-of-range gates, and specs whose cases are not all loaded', () => {
      const text = gated('  pass_rate: 80\n  f1: { refuse: 0.8 }\n  macro_f1: 0.7\n  kappa: 0.6\n  latency_p95_ms: 900');
      expectNone(lint(text, INFO), 'gate-power');
      expectNone(lint(buildSpec({ frontmatter: `${FRONTMATTER}\ncases: cases.jsonl`, cases: null }), INFO), 'gate-power');
    });

    it('is information by default, so it never fails a check', () => {
      const spec = parseSpec(buildSpec(), 'specs/refund.aispec.md');
      assert.deepEqual(lintSpec(spec).filter((d) => d.code === 'gate-power').map((d) => d.severity), ['info']);
    });
  });

  describe('missing-cases', () => {
    it('passes with cases, inline or in a case file (loaded or not yet)', () => {
      expectNone(clean(), 'missing-cases');
      expectNone(lint(buildSpec({ frontmatter: `${FRONTMATTER}\ncases: cases.jsonl`, cases: null })), 'missing-cases');
    });

    it('fails without cases, at the title', () => {
      const result = lint(buildSpec({ cases: null }));
      const [d] = expectDiagnostics(result, 'missing-cases', 1);
      assert.equal(d!.message, 'No cases: add a ```yaml cases block (or a "cases:" file in the frontmatter) with realistic inputs, so the spec can run.');
      assert.equal(textAt(result.spec, d!), '# Refund helper');
      // The case-counting rules leave "no cases" to this one.
      for (const code of ['missing-coverage', 'rare-label', 'label-without-cases', 'undecidable-gate']) expectNone(result, code);
    });

    it('fails on an empty cases block, at the block', () => {
      const result = lint(buildSpec({ cases: '' }));
      const [d] = expectDiagnostics(result, 'missing-cases', 1);
      assert.equal(d!.message, 'This cases block is empty: list cases as "- id: ..." with an "input:" each.');
      assert.equal(textAt(result.spec, d!), '```yaml cases');
    });
  });

  describe('missing-coverage', () => {
    it('passes with edge, adversarial and regression cases (tags compared ignoring case)', () => {
      expectNone(clean(), 'missing-coverage');
      const cases = casesYaml(makeCases(20, (i, c) => ({ ...c, tags: [['Edge', 'ADVERSARIAL', 'regression', 'core'][i % 4]!] })));
      expectNone(lint(buildSpec({ cases })), 'missing-coverage');
    });

    it('fails listing every missing tag, at the cases block', () => {
      const result = lint(buildSpec({ cases: casesYaml(makeCases(20, (_i, c) => ({ ...c, tags: ['core'] }))) }));
      const [d] = expectDiagnostics(result, 'missing-coverage', 1);
      assert.equal(
        d!.message,
        'No cases tagged edge, adversarial or regression: add edge (boundary inputs: empty, very long, ambiguous, another language); adversarial (users trying to get around the rule); regression (failures you have fixed and must not see again).',
      );
      assert.equal(textAt(result.spec, d!), '```yaml cases');
    });

    it('names a single missing tag, at the case file name when cases live in a file', () => {
      const result = lint(buildSpec({ frontmatter: `${FRONTMATTER}\ncases: cases.jsonl`, cases: null }));
      const jsonl = makeCases(20, (i, c) => ({ ...c, tags: [['edge', 'adversarial'][i % 2]!] }))
        .map((c) => JSON.stringify(c))
        .join('\n');
      withCaseFile(result.spec, 'specs/cases.jsonl', jsonl, 'jsonl');
      const [d] = expectDiagnostics({ spec: result.spec, diagnostics: lintSpec(result.spec) }, 'missing-coverage', 1);
      assert.equal(d!.message, 'No cases tagged regression: add regression (failures you have fixed and must not see again).');
      assert.equal(textAt(result.spec, d!), 'cases.jsonl');
    });
  });

  describe('case-without-expectation', () => {
    // A classification spec with no rubric and no detector: only expect and checks can grade a case.
    const parts = { rubric: null, antiPatterns: '> [!CAUTION]\n> **Anti-pattern: vague promise.** Commits to nothing.' };

    it('passes when every case has an expect or checks, or when the spec has criteria or detectors', () => {
      const cases = casesYaml(makeCases(20, (i, c) => (i === 2 ? { ...c, expect: null, extra: ['checks: [{ max-words: 80 }]'] } : c)));
      expectNone(lint(buildSpec({ ...parts, cases })), 'case-without-expectation');
      const noExpect = casesYaml(makeCases(20, (i, c) => (i === 2 ? { ...c, expect: null } : c)));
      expectNone(lint(buildSpec({ cases: noExpect })), 'case-without-expectation');
    });

    it('fails on a case nothing can grade, at its id', () => {
      const cases = casesYaml(makeCases(20, (i, c) => (i === 2 ? { ...c, expect: null } : c)));
      const result = lint(buildSpec({ ...parts, cases }));
      const [d] = expectDiagnostics(result, 'case-without-expectation', 1);
      assert.equal(
        d!.message,
        'Case "case-3" has no expect and no checks, and the spec has no rubric criteria: nothing grades it, so it always passes. Add "expect: LABEL" or "checks:".',
      );
      assert.equal(textAt(result.spec, d!), 'case-3');
    });
  });

  describe('case-criteria-without-judge', () => {
    const withOwn = casesYaml(
      makeCases(20, (i, c) =>
        i === 2 ? { ...c, extra: ['criteria:', '  - Names the 30-day deadline.', 'reference: Yes, within 30 days of delivery.'] } : c,
      ),
    );

    it('passes when the spec names a judge', () => {
      expectNone(lint(buildSpec({ cases: withOwn })), 'case-criteria-without-judge');
    });

    it('fails (as an error) without a judge, at the case\'s criteria and reference keys', () => {
      const result = lint(buildSpec({ frontmatter: NO_JUDGE, cases: withOwn }));
      const found = expectDiagnostics(result, 'case-criteria-without-judge', 2);
      assert.deepEqual(found.map((d) => d.severity), ['error', 'error']);
      assert.deepEqual(found.map((d) => textAt(result.spec, d)), ['criteria', 'reference']);
      assert.equal(
        found[0]!.message,
        'Case "case-3" has criteria for the judge, and the spec names no judge model: nothing can grade them. Add a "judge:" to the frontmatter, or use deterministic "checks".',
      );
      assert.match(found[1]!.message, /^Case "case-3" has a reference answer for the judge/);
    });

    it('counts criteria or a reference as what grades a case (no case-without-expectation)', () => {
      const parts = { rubric: null, antiPatterns: '> [!CAUTION]\n> **Anti-pattern: vague promise.** Commits to nothing.' };
      const cases = casesYaml(makeCases(20, (i, c) => (i === 2 ? { ...c, expect: null, extra: ['reference: Within 30 days.'] } : c)));
      expectNone(lint(buildSpec({ ...parts, cases })), 'case-without-expectation');
    });
  });

  describe('duplicate-case-id', () => {
    it('passes unique ids', () => {
      expectNone(clean(), 'duplicate-case-id');
    });

    it('fails (as an error) at the second occurrence, naming the first one\'s line', () => {
      const result = lint(buildSpec({ cases: casesYaml(makeCases(20, (i, c) => (i === 4 ? { ...c, id: 'case-2' } : c))) }));
      const [d] = expectDiagnostics(result, 'duplicate-case-id', 1);
      const first = result.spec.cases[1]!;
      assert.equal(d!.severity, 'error');
      assert.equal(d!.message, `Duplicate case id "case-2": the case at line ${first.line} already uses it. Ids must be unique so results and baselines pair the right cases.`);
      assert.equal(textAt(result.spec, d!), 'case-2');
      assert.equal(lineOf(result.spec, d!), result.spec.cases[4]!.line);
    });

    it('finds duplicates across the spec and its case file, naming the other file', () => {
      const spec = parseSpec(buildSpec({ frontmatter: `${FRONTMATTER}\ncases: cases.jsonl` }), 'specs/refund.aispec.md');
      withCaseFile(spec, 'specs/cases.jsonl', '{"id": "fresh", "input": "x", "expect": "answer"}\n{"id": "case-1", "input": "y", "expect": "refuse"}', 'jsonl');
      const result = { spec, diagnostics: lintSpec(spec) };
      const [d] = expectDiagnostics(result, 'duplicate-case-id', 1);
      assert.equal(d!.range.file, 'specs/cases.jsonl');
      assert.equal(textAt(spec, d!), '"case-1"');
      assert.match(d!.message, new RegExp(`the case at line ${spec.cases[0]!.line} of refund\\.aispec\\.md already uses it`));
    });
  });

  describe('duplicate-case-input', () => {
    it('passes distinct inputs, and equal inputs with different vars', () => {
      expectNone(clean(), 'duplicate-case-input');
      const cases = casesYaml(
        makeCases(20, (i, c) => (i < 2 ? { ...c, input: 'Where is order {{vars.order}}?', extra: [`vars: { order: A${i} }`] } : c)),
      );
      expectNone(lint(buildSpec({ cases })), 'duplicate-case-input');
    });

    it('fails on the same input ignoring case and whitespace, at the copy\'s input', () => {
      const cases = casesYaml(makeCases(20, (i, c) => (i === 6 ? { ...c, input: 'QUESTION 1 about   returning an order' } : c)));
      const result = lint(buildSpec({ cases }));
      const [d] = expectDiagnostics(result, 'duplicate-case-input', 1);
      assert.equal(
        d!.message,
        `Case "case-7" has the same input as case "case-1" (line ${result.spec.cases[0]!.line}): a copy counts twice in every rate. Remove it, or change it to test something new.`,
      );
      assert.equal(textAt(result.spec, d!), 'QUESTION 1 about   returning an order');
    });

    it('counts a lone tab or no-break space, and spaces at the ends, as the whitespace they are', () => {
      // Each of these is one whitespace character that is not a plain space (or a space at an end): an input
      // that only normalising makes equal to case 1's. The rule skips its replace for text with no whitespace
      // to normalise, and must not take these for such text.
      for (const input of ['"Question 1\\tabout returning an order"', 'Question 1\u00a0about returning an order', '" Question 1 about returning an order "', '"Question 1\\nabout returning an order"']) {
        const cases = casesYaml(makeCases(20, (i, c) => (i === 6 ? { ...c, input } : c)));
        expectDiagnostics(lint(buildSpec({ cases })), 'duplicate-case-input', 1);
      }
    });

    it('says when the copies expect different labels', () => {
      const cases = casesYaml(makeCases(20, (i, c) => (i === 2 ? { ...c, input: 'Question 2 about returning an order' } : c)));
      const result = lint(buildSpec({ cases }));
      const [d] = expectDiagnostics(result, 'duplicate-case-input', 1);
      assert.equal(
        d!.message,
        `Case "case-3" has the same input as case "case-2" (line ${result.spec.cases[1]!.line}) but expects "refuse" where that one expects "answer": one of them always fails. Fix the wrong one.`,
      );
    });

    it('compares chat messages too', () => {
      const messages = 'messages: [{ role: user, content: "Hi  there" }]';
      const cases = casesYaml(makeCases(20, (i, c) => (i < 2 ? { id: c.id!, expect: c.expect!, tags: c.tags!, extra: [messages.replace('Hi', i === 0 ? 'Hi' : 'hi')] } : c)));
      const result = lint(buildSpec({ cases }));
      const [d] = expectDiagnostics(result, 'duplicate-case-input', 1);
      assert.equal(textAt(result.spec, d!), '[{ role: user, content: "hi  there" }]');
    });
  });

  describe('rare-label', () => {
    const threeLabels = FRONTMATTER.replace('labels: [refuse, answer]', 'labels: [refuse, answer, escalate]');

    it('passes balanced labels, and many balanced labels (bar: half an even share)', () => {
      expectNone(clean(), 'rare-label');
      const names = Array.from({ length: 12 }, (_, i) => `l${i}`);
      const frontmatter = FRONTMATTER.replace('labels: [refuse, answer]', `labels: [${names.join(', ')}]`);
      expectNone(lint(buildSpec({ frontmatter, cases: casesYaml(makeCases(24, (i, c) => ({ ...c, expect: names[i % 12]! }))) })), 'rare-label');
    });

    it('fails a label under 10% of the labelled cases, at the label', () => {
      const cases = casesYaml(makeCases(20, (i, c) => (i === 0 ? { ...c, expect: 'escalate' } : c)));
      const result = lint(buildSpec({ frontmatter: threeLabels, cases }));
      const [d] = expectDiagnostics(result, 'rare-label', 1);
      assert.equal(
        d!.message,
        'Label "escalate" has 1 of 20 labelled cases (5%), under 10%: its recall and precision rest on too few cases to mean much. Add cases expecting escalate.',
      );
      assert.equal(textAt(result.spec, d!), 'escalate');
    });
  });

  describe('label-without-cases', () => {
    it('passes when every label is expected by some case', () => {
      expectNone(clean(), 'label-without-cases');
    });

    it('leaves a label whose only cases misspell it to schema validation', () => {
      const frontmatter = FRONTMATTER.replace('labels: [refuse, answer]', 'labels: [refuse, answer, escalate]');
      const cases = casesYaml(makeCases(20, (i, c) => (i === 0 ? { ...c, expect: 'escalated' } : c)));
      expectNone(lint(buildSpec({ frontmatter, cases })), 'label-without-cases');
    });

    it('fails a label no case expects, at the label', () => {
      const result = lint(buildSpec({ frontmatter: FRONTMATTER.replace('labels: [refuse, answer]', 'labels:\n  - refuse\n  - answer\n  - escalate') }));
      const [d] = expectDiagnostics(result, 'label-without-cases', 1);
      assert.equal(d!.severity, 'warning');
      assert.equal(d!.message, 'Label "escalate" has no cases: its recall and precision cannot be measured. Add cases with "expect: escalate", or remove the label.');
      assert.equal(textAt(result.spec, d!), 'escalate');
    });
  });

  describe('system-looks-like-path', () => {
    it('passes prompt text, even text that mentions a file', () => {
      expectNone(clean(), 'system-looks-like-path');
      const frontmatter = FRONTMATTER.replace('system: You answer questions about our refund policy.', 'system: Follow the rules in policy.md');
      expectNone(lint(buildSpec({ frontmatter })), 'system-looks-like-path');
    });

    it('fails a single file name, at the value', () => {
      const result = lint(buildSpec({ frontmatter: FRONTMATTER.replace('system: You answer questions about our refund policy.', 'system: prompts/refund.md') }));
      const [d] = expectDiagnostics(result, 'system-looks-like-path', 1);
      assert.equal(d!.message, 'target.system is the prompt text, but "prompts/refund.md" looks like a file path: the model would receive the path itself. Use "system_file: prompts/refund.md".');
      assert.equal(textAt(result.spec, d!), 'prompts/refund.md');
    });
  });

  describe('target-without-pricing', () => {
    const SINGLE_TARGET = ['target:', '  provider: openai', '  model: gpt-4o-mini', '  system: You answer questions about our refund policy.'].join('\n');
    const targets = (small: string, large: string) =>
      ['targets:', '  small:', '    provider: openai', '    model: gpt-4o-mini', ...(small ? [`    pricing: ${small}`] : []), '  large:', '    provider: openai', '    model: gpt-4o', ...(large ? [`    pricing: ${large}`] : [])].join('\n');
    const PRICES = '{ input_per_mtok: 0.15, output_per_mtok: 0.6 }';

    it('passes a single target without pricing, and compared targets that all have prices', () => {
      expectNone(clean(), 'target-without-pricing');
      expectNone(lint(buildSpec({ frontmatter: FRONTMATTER.replace(SINGLE_TARGET, targets(PRICES, PRICES)) })), 'target-without-pricing');
      // The top-level pricing stands in for a target without its own.
      expectNone(lint(buildSpec({ frontmatter: `${FRONTMATTER.replace(SINGLE_TARGET, targets(PRICES, ''))}\npricing: ${PRICES}` })), 'target-without-pricing');
    });

    it('warns on a compared target with no prices, at its name', () => {
      const result = lint(buildSpec({ frontmatter: FRONTMATTER.replace(SINGLE_TARGET, targets(PRICES, '')) }));
      const [d] = expectDiagnostics(result, 'target-without-pricing', 1);
      assert.equal(d!.severity, 'warning');
      assert.match(d!.message, /^Target "large" has no pricing, so its cost cannot be compared/);
      assert.equal(textAt(result.spec, d!), 'large');
    });
  });

  it('never throws and keeps every range inside its file on specs cut short anywhere', () => {
    const text = buildSpec({ antiPatterns: ANTI_PATTERNS, examples: null });
    for (let end = 0; end <= text.length; end += 23) {
      const result = lint(text.slice(0, end));
      for (const d of result.diagnostics) {
        assert.ok(!d.message.includes('failed on this spec'), d.message);
        const length = d.range.file === result.spec.file ? result.spec.text.length : result.spec.files.get(d.range.file)!.length;
        assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= length, `${d.code} at ${d.range.start}-${d.range.end} of ${length}`);
      }
    }
  });
});

describe('duplicate-case-input over many cases (hashed keys)', () => {
  const normalize = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

  /** The pairs [copy, first] the rule must report, computed the plain way: a map of every normalised input. */
  function expectedPairs(cases: Array<{ id: string; input: string; vars?: Record<string, string> }>): string[] {
    const first = new Map<string, string>();
    const pairs: string[] = [];
    for (const c of cases) {
      let key = normalize(c.input);
      if (key === '') continue;
      if (c.vars) key += `\u0002${JSON.stringify(Object.keys(c.vars).sort().map((k) => [k, c.vars![k]]))}`;
      const earlier = first.get(key);
      if (earlier) pairs.push(`${c.id}=${earlier}`);
      else first.set(key, c.id);
    }
    return pairs;
  }

  function reportedPairs(cases: Array<{ id: string; input: string; vars?: Record<string, string> }>): string[] {
    const text = cases.map((c) => JSON.stringify({ id: c.id, input: c.input, expect: 'answer', ...(c.vars ? { vars: c.vars } : {}) })).join('\n');
    const spec = withCaseFile(parseSpec(buildSpec({ cases: '' }), FILE), 'specs/cases.jsonl', `${text}\n`, 'jsonl');
    return lintSpec(spec, { severities: { 'gate-power': 'off' } })
      .filter((d) => d.code === 'duplicate-case-input')
      .map((d) => {
        const m = /^Case "([^"]+)" has the same input as case "([^"]+)"/.exec(d.message);
        return `${m?.[1]}=${m?.[2]}`;
      });
  }

  it('reports what a map of every normalised input finds: case, whitespace, ends, Unicode, vars', () => {
    const random = mulberry32(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const words = ['Can', 'I', 'return', 'ORDER', 'it', 'café', 'Straße', 'ǅ', 'refund', '42'];
    const spaces = [' ', '  ', '\t', '\n', '\u00a0', '\u2003', ' \r\n '];
    const cases = Array.from({ length: 3000 }, (_, i) => {
      const n = 1 + Math.floor(random() * 3);
      const parts = Array.from({ length: n }, () => pick(words));
      let input = parts.map((w) => (random() < 0.3 ? w.toUpperCase() : w)).join(pick(spaces));
      if (random() < 0.2) input = `${pick(spaces)}${input}${pick(spaces)}`;
      if (random() < 0.02) input = pick(spaces);
      return { id: `c${i}`, input, ...(random() < 0.1 ? { vars: { order: pick(['A', 'B']) } } : {}) };
    });
    const expected = expectedPairs(cases);
    assert.ok(expected.length > 1000, `${expected.length} copies among 3,000`);
    assert.deepEqual(reportedPairs(cases), expected);
  });

  it('tells two inputs apart whose hashes are equal', () => {
    // Find two different ASCII inputs with one hash, then copy each: only the copies are reported, each of its own first.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const input = `question number ${i.toString(36)}`;
      const hash = hashText30(input);
      const other = seen.get(hash);
      if (other !== undefined) pair = [other, input];
      else seen.set(hash, input);
    }
    const [a, b] = pair;
    const cases = [
      { id: 'a1', input: a },
      { id: 'b1', input: b.toUpperCase() },
      { id: 'b2', input: ` ${b}` },
      { id: 'a2', input: `${a}  ` },
    ];
    assert.deepEqual(reportedPairs(cases), ['b2=b1', 'a2=a1']);
    assert.deepEqual(reportedPairs(cases), expectedPairs(cases));
    // Case ids are found by hash too: two ids with one hash are not copies; a copy of either is one.
    const ids = cases.map((c, i) => ({ id: i < 2 ? a : i < 3 ? b : a, input: `question ${i}` }));
    const text = ids.map((c) => JSON.stringify({ id: c.id, input: c.input, expect: 'answer' })).join('\n');
    const spec = withCaseFile(parseSpec(buildSpec({ cases: '' }), FILE), 'specs/cases.jsonl', `${text}\n`, 'jsonl');
    const copies = lintSpec(spec, { severities: { 'gate-power': 'off' } }).filter((d) => d.code === 'duplicate-case-id');
    assert.deepEqual(
      copies.map((d) => d.message.slice(0, d.message.indexOf(':'))),
      [`Duplicate case id "${a}"`, `Duplicate case id "${a}"`],
    );
  });
});
