// Judge calibration, every run that uses the judge: the judge grades the spec's pass/fail examples that show
// an input and an output, and its verdicts (on those examples and on this run's case outputs) are set beside
// the human ones: each example's own pass/fail, and every row of the `human_labels:` file. Each human label
// is its own pair with the judge's verdict, so an output labelled by two raters counts twice; the raters'
// agreement among themselves is Krippendorff's alpha, on the items two or more of them labelled.
//
// The judge's verdict on a whole case or example is "every judge-graded criterion that applies passed"; with
// none that applies there is no verdict to compare and the label is left out. A label on a criterion the
// judge did not grade on that output (a check, n/a, an error, a case not in this run) is left out too, and
// counted: `human_labels.compared` says how many rows became pairs. A label may name a case's own criterion
// (`case:N`, `reference`): the case's verdicts include them, and "the whole case" covers them too.
import type { Case, Criterion, Example, HumanLabel, ParsedSpec } from '../spec/types.js';
import { POOLED_CASE_CRITERIA, type CaseResult, type JudgeAgreement, type JudgeAgreementStat, type JudgeDisagreement, type JudgePair } from '../../shared/results.js';
import { binaryAgreement, krippendorffAlphaNominal } from '../metrics/index.js';
import { emptyJudgeUsage, type JudgeUsage } from './graders/judge-conversation.js';
import { judgeCriteria } from './graders/judge.js';
import { CASE_CRITERION_PREFIX } from '../spec/case-value.js';
import type { ChatModel } from './types.js';

/** The criteria the judge grades on every output: no check, and no `applies_to` (an example has no tags). */
export function judgeGradedCriteria(rubric: readonly Criterion[]): Criterion[] {
  return rubric.filter((c) => c.check === undefined);
}

/** The judge's verdict on one criterion of one output; absent when it gave none (n/a, error). */
interface JudgedItem {
  item: 'case' | 'example';
  input: string | null;
  output: string | null;
  criteria: Map<string, { pass: boolean; reason: string }>;
}

export interface CalibrationInput {
  spec: ParsedSpec;
  judge: ChatModel;
  cases: readonly CaseResult[];
  signal: AbortSignal;
}

export async function calibrateJudge({ spec, judge, cases, signal }: CalibrationInput): Promise<{ agreement: JudgeAgreement; usage: JudgeUsage }> {
  const usage = emptyJudgeUsage();
  const criteria = judgeGradedCriteria(spec.rubric).filter((c) => c.applies_to === undefined);
  const items = new Map<string, JudgedItem>();
  for (const result of cases) items.set(result.id, judgedCase(result));
  const gradeable = spec.examples.filter((e) => e.input !== undefined && e.output !== undefined);
  let graded = 0;
  let errors = 0;
  for (const example of gradeable) {
    if (signal.aborted || criteria.length === 0) break;
    try {
      const { verdicts } = await judgeCriteria({ judge, case: exampleCase(example), input_text: example.input!, output: example.output!, criteria, signal, usage });
      if (verdicts.some((v) => v.error)) throw new Error('a criterion has no usable verdict');
      const judged: JudgedItem = { item: 'example', input: example.input!, output: example.output!, criteria: new Map() };
      for (const v of verdicts) if (v.applies !== false) judged.criteria.set(v.id, { pass: v.pass, reason: v.reason });
      items.set(example.id, judged);
      graded++;
    } catch {
      // An example the judge could not grade is counted, not guessed: it makes no pair.
      if (signal.aborted) break;
      errors++;
    }
  }

  const pairs: JudgePair[] = [];
  const disagreements: JudgeDisagreement[] = [];
  const addPair = (source: JudgePair['source'], order: number, id: string, criterion: string | undefined, human: boolean, rater: string | undefined): boolean => {
    const item = items.get(id);
    if (!item) return false;
    const verdict = criterion === undefined ? wholeVerdict(item) : item.criteria.get(criterion);
    if (!verdict) return false;
    const pair: JudgePair = { id, item: item.item, source, human, judge: verdict.pass, order };
    if (criterion !== undefined) pair.criterion = criterion;
    if (rater !== undefined) pair.rater = rater;
    pairs.push(pair);
    if (human !== verdict.pass) {
      const disagreement: JudgeDisagreement = { id, item: item.item, input: item.input, output: item.output, human, judge: verdict.pass, reason: verdict.reason };
      if (criterion !== undefined) disagreement.criterion = criterion;
      if (rater !== undefined) disagreement.rater = rater;
      disagreements.push(disagreement);
    }
    return true;
  };
  gradeable.forEach((example, i) => addPair('example', i, example.id, undefined, example.kind === 'pass', 'spec'));
  const labels = spec.humanLabels;
  let compared = 0;
  (labels ?? []).forEach((label, i) => {
    if (addPair('human_labels', gradeable.length + i, label.id, label.criterion, label.pass, label.rater)) compared++;
  });

  const agreement: JudgeAgreement = {
    ...agreementFigures(pairs),
    examples: { total: spec.examples.length, gradeable: gradeable.length, graded, errors },
    disagreements,
  };
  if (labels) {
    agreement.human_labels = { rows: labels.length, compared };
    const alpha = ratersAlpha(labels);
    if (alpha !== undefined) agreement.alpha = alpha;
  }
  agreement.pairs = pairs;
  return { agreement, usage };
}

/**
 * Where a label's pair counts in `per_criterion`: its criterion id, except that a case's own criteria
 * (`case:1` of one case and `case:1` of another are unrelated requirements) are pooled under `case:*`.
 * `reference` is one question asked of every case with a reference answer, so it keeps its own entry.
 */
function agreementKey(criterion: string): string {
  return criterion.startsWith(CASE_CRITERION_PREFIX) ? POOLED_CASE_CRITERIA : criterion;
}

/** Agreement, kappa and the matrix over every pair, and per criterion over the pairs that name one. */
export function agreementFigures(pairs: readonly JudgePair[]): Pick<JudgeAgreement, 'overall' | 'per_criterion'> {
  const stat = (subset: readonly JudgePair[]): JudgeAgreementStat => {
    const { kappa_ci95, ...rest } = binaryAgreement(subset.map((p) => [p.human, p.judge] as const));
    return { ...rest, kappa_ci95 };
  };
  const per_criterion: Record<string, JudgeAgreementStat> = {};
  const criterionIds = [...new Set(pairs.flatMap((p) => (p.criterion === undefined ? [] : [agreementKey(p.criterion)])))].sort();
  for (const id of criterionIds) per_criterion[id] = stat(pairs.filter((p) => p.criterion !== undefined && agreementKey(p.criterion) === id));
  return { overall: stat(pairs), per_criterion };
}

/** The judge's verdicts on a case's output, from this run's grading. */
function judgedCase(result: CaseResult): JudgedItem {
  const criteria = new Map<string, { pass: boolean; reason: string }>();
  for (const c of result.criteria) {
    if (c.graded_by === 'judge' && !c.error && c.applies !== false && c.passed !== null) criteria.set(c.id, { pass: c.passed, reason: c.reason });
  }
  const input = result.input === null ? null : typeof result.input === 'string' ? result.input : result.input.map((m) => `${m.role}: ${m.content}`).join('\n');
  return { item: 'case', input, output: result.output, criteria };
}

/** Passes when every judged criterion passed; the reasons of those that failed say why not. */
function wholeVerdict(item: JudgedItem): { pass: boolean; reason: string } | undefined {
  if (item.criteria.size === 0) return undefined;
  const failed = [...item.criteria].filter(([, v]) => !v.pass);
  if (failed.length === 0) return { pass: true, reason: 'every criterion the judge graded passed' };
  return { pass: false, reason: failed.map(([id, v]) => `${id}: ${v.reason}`).join('; ') };
}

/** Alpha among the file's raters (a row without `rater` is one anonymous rater), when there are two or more. */
function ratersAlpha(labels: readonly HumanLabel[]): number | null | undefined {
  const raters = new Set(labels.map((l) => l.rater ?? ''));
  if (raters.size < 2) return undefined;
  const units = new Map<string, boolean[]>();
  for (const label of labels) {
    const key = JSON.stringify([label.id, label.criterion ?? null]);
    units.set(key, [...(units.get(key) ?? []), label.pass]);
  }
  return krippendorffAlphaNominal([...units.values()]);
}

/** An example as the judge's request needs a case: its input, no tags. */
function exampleCase(example: Example): Case {
  const range = example.range;
  return { id: example.id, input: example.input!, tags: [], checks: [], vars: {}, meta: {}, raw: null, range, line: 0, locate: () => ({ value: range }) };
}
