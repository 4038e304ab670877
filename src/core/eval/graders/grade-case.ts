// One case's verdict from everything the spec says about it. A case passes when
//   its predicted label equals `expect` (when the case has an `expect`),
//   AND every case check passes, AND no anti-pattern detector hits,
//   AND every critical criterion passes, AND the weighted criterion score reaches `case_threshold`.
// The criteria are the rubric's, then the case's own `criteria:` (ids `case:N`) and its `reference:` (id
// `reference`, critical), graded by the judge in the same call as the rubric; the case's own always apply.
// A criterion that does not apply to the case (its `applies_to` tags miss the case's, or the judge says so) is
// "n/a": neither passed nor failed, out of the score (the other weights renormalise), never failing the case.
// Anything that could not be graded (a bad check, an invalid regex, a criterion with no way to grade it, a
// judge that never answered properly) makes the case `error` with the reason: never a silent pass or fail.
//
// Order: the deterministic graders run first and always; the judge is asked only when nothing has errored
// yet (an errored case would not use its answer, so the call would be wasted money). The judge's two jobs,
// choosing a label and grading criteria, run concurrently. Aborting (the signal) rejects with the abort
// reason instead of producing a verdict, so the runner can tell cancelled from graded.
import type { AntiPatternHit, CheckSource, CriterionVerdict, OutputCheckVerdict } from '../../../shared/results.js';
import type { AntiPattern, Case, Check, Criterion } from '../../spec/types.js';
import type { ChatModel, TargetOutput } from '../types.js';
import { detectAntiPatterns } from './anti-patterns.js';
import { readCheck, runCheck, runReadCheck, type CheckContext, type OutputCheckResult, type ReadCheck } from './checks.js';
import { isCommandCheck, runCommandCheck, type CommandGraderHost } from './command-check.js';
import { classifyOutput, classifyOutputNow, classifyUsesJudge, type Classification, type ClassifySpec } from './classify.js';
import { judgeCriteria, type CriterionToJudge, type JudgeVerdict } from './judge.js';
import { REFERENCE_CRITERION_ID } from '../../spec/case-value.js';
import { emptyJudgeUsage, type JudgeUsage } from './judge-conversation.js';
import { oneLine } from '../../util/one-line.js';
import { quote } from './quote.js';

export interface GradeCaseInput {
  case: Case;
  output: TargetOutput;
  /** The spec's `labels` (classification evals). */
  labels?: readonly string[];
  classify?: ClassifySpec;
  /** The spec's rubric criteria. */
  rubric: readonly Criterion[];
  anti_patterns: readonly AntiPattern[];
  /** Weighted score a case needs, 0..1 (default 1: every criterion). */
  case_threshold?: number;
  /** The judge model, when the spec has a `judge:` block. */
  judge?: ChatModel;
  signal: AbortSignal;
  /** The input as the target received it (vars filled in), shown to the judge; default: the case's input or messages. */
  input_text?: string;
  /** This case's cost, when the spec has pricing and the target reported usage (for `max-cost-usd`). */
  cost_usd?: number;
  /** Where `command` checks (your own graders) run; without it such a check is a grader error. */
  commandGrader?: CommandGraderHost;
}

export interface CaseVerdict {
  status: 'pass' | 'fail' | 'error';
  /** The predicted label (null: the output matched no label); absent when the case was not classified. */
  predicted?: string | null;
  expected?: string;
  /** How the label was chosen: which rule matched, the field read, the judge's reason. */
  classify_reason?: string;
  /** `error` marks a check that could not run; the results JSON leaves it out (the case's status says it). */
  checks: Array<OutputCheckVerdict & Pick<OutputCheckResult, 'error'>>;
  criteria: CriterionVerdict[];
  /** Anti-pattern detectors that hit. */
  anti_patterns: AntiPatternHit[];
  /** Weighted criterion score in 0..1 over the criteria that apply; null when none applies (or no weight) or some were not graded. */
  score: number | null;
  /** One line: why the case failed or errored; empty when it passed. */
  reason: string;
  /** What the judge cost for this case, when it was called (repairs included). */
  judge_usage?: JudgeUsage;
}

/** Scores within this of the threshold count as reaching it (0.1 + 0.2 must reach 0.3). */
const SCORE_EPSILON = 1e-9;

export function gradeCase(input: GradeCaseInput): Promise<CaseVerdict> {
  try {
    return Promise.resolve(gradeCaseNow(input));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * gradeCase, without a promise when nothing has to be waited for: the verdict itself when every grader the case
 * needs is a pure function of the output (recorded outputs with regex checks and rules: no promise and no
 * microtask for each of 100,000 cases), a promise of it once a command check or the judge is involved. The
 * same steps either way (gradeSteps); a grader that throws throws from here (gradeCase rejects instead).
 */
export function gradeCaseNow(input: GradeCaseInput): CaseVerdict | Promise<CaseVerdict> {
  const steps = gradeSteps(input);
  let step = steps.next();
  while (!step.done) {
    if (isPending(step.value)) return finishSteps(steps, step.value);
    step = steps.next(step.value);
  }
  return step.value;
}

function isPending(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The rest of gradeSteps once a step is pending: each yielded value awaited and given back (or thrown in). */
async function finishSteps(steps: Generator<unknown, CaseVerdict, unknown>, pending: PromiseLike<unknown>): Promise<CaseVerdict> {
  for (;;) {
    let value: unknown;
    let failed = false;
    let error: unknown;
    try {
      value = await pending;
    } catch (reason) {
      failed = true;
      error = reason;
    }
    const step = failed ? steps.throw(error) : steps.next(value);
    if (step.done) return step.value;
    pending = Promise.resolve(step.value);
  }
}

/**
 * The grading of one case. Each `yield` hands the driver a grader's result, which may be a promise (a command
 * check, the judge): the driver gives back its value, or throws its rejection in, as `await` would.
 */
function* gradeSteps(input: GradeCaseInput): Generator<unknown, CaseVerdict, unknown> {
  const testCase = input.case;
  const errors: string[] = [];
  const ctx: CheckContext = { output: input.output.output, latency_ms: input.output.latency_ms, cost_usd: input.cost_usd, toolCalls: input.output.toolCalls ?? [] };
  // A command check starts a program (command-check.ts); every other kind is a pure function of the output.
  const check = (spec: Check): Promise<OutputCheckResult> | OutputCheckResult =>
    isCommandCheck(spec) ? runCommandCheck(spec, testCase, input.output, input.commandGrader, input.signal) : runCheck(spec, ctx);

  const threshold = input.case_threshold ?? 1;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    errors.push(`case_threshold must be a number in 0..1, got ${JSON.stringify(threshold)}`);
  }

  // Case checks. A grader's result is yielded to the driver only when it is a promise: a case whose graders are
  // all pure functions of the output runs through without a pause (no iterator result made per check).
  const checks: CaseVerdict['checks'] = [];
  for (const spec of testCase.checks) {
    const answer = check(spec);
    const result = (isPending(answer) ? yield answer : answer) as OutputCheckResult;
    checks.push({ ...result, source: 'case' });
    if (result.error) errors.push(`case check: ${result.reason}`);
  }

  // Criteria with a deterministic check; the rest wait for the judge. Verdicts by the criterion's place: the
  // rubric's, then the case's own.
  const plan = rubricPlan(input.rubric);
  const criterionVerdicts: CriterionVerdict[] = new Array<CriterionVerdict>(input.rubric.length);
  const forJudge: number[] = [];
  for (let at = 0; at < input.rubric.length; at++) {
    const criterion = input.rubric[at]!;
    const problems = plan.problems[at];
    if (problems) errors.push(...problems);
    if (!appliesTo(criterion, testCase)) {
      // Not a question for the judge, nor a check to run: the spec already says the case is out of scope.
      criterionVerdicts[at] = notApplicable(criterion, criterion.check !== undefined ? 'check' : 'judge', excludedReason(criterion));
    } else if (criterion.check !== undefined) {
      const read = plan.checks[at];
      const answer = read ? runReadCheck(read, ctx) : check(criterion.check as Check);
      const result = (isPending(answer) ? yield answer : answer) as OutputCheckResult;
      checks.push({ ...result, source: plan.checkSources[at]! });
      criterionVerdicts[at] = criterionVerdict(criterion, 'check', result.passed, result.reason, result.error);
      if (result.error) errors.push(`criterion "${criterion.id}": ${result.reason}`);
    } else if (!input.judge) {
      const reason = `criterion ${criterion.id} needs a judge: add a judge: block or a check`;
      criterionVerdicts[at] = criterionVerdict(criterion, 'judge', false, reason, true);
      errors.push(reason);
    } else {
      forJudge.push(at);
    }
  }

  // The case's own criteria and reference: only the judge can grade them, and they always apply to it.
  const caseCriteria = ownCriteria(testCase);
  let ownIds: Set<string> | undefined;
  for (const own of caseCriteria) {
    if (plan.ids.has(own.id) || ownIds?.has(own.id)) errors.push(`criterion id "${own.id}" is used twice (the rubric's and the case's ids must differ)`);
    (ownIds ??= new Set()).add(own.id);
    if (!input.judge) {
      const reason = `${own.id === REFERENCE_CRITERION_ID ? 'the reference answer' : `case criterion ${own.id}`} needs a judge: add a judge: block`;
      criterionVerdicts.push(ownVerdict(own, false, reason, true));
      errors.push(reason);
    }
  }
  const toJudge: readonly CriterionToJudge[] = input.judge ? [...forJudge.map((at) => input.rubric[at]!), ...caseCriteria] : NOTHING_TO_JUDGE;

  const scan = detectAntiPatterns(ctx.output, input.anti_patterns, ctx.toolCalls);
  for (const error of scan.errors) errors.push(error);

  // Classification: deterministic forms now; the judge form only for a case with an expected label.
  const classifies = (input.labels !== undefined && input.labels.length > 0) || input.classify !== undefined;
  const judgeClassifies = classifies && classifyUsesJudge(input.classify) && testCase.expect !== undefined;
  if (testCase.expect !== undefined && !classifies) {
    errors.push(`case expects "${testCase.expect}" but the spec has no labels`);
  }
  let classification: Classification | undefined;
  // What the judge cost this case: only a spec with a judge can spend anything.
  const usage = input.judge ? emptyJudgeUsage() : undefined;
  const classifyOptions = {
    labels: input.labels,
    classify: input.classify,
    judge: input.judge,
    case: testCase,
    input_text: input.input_text,
    signal: input.signal,
    usage,
    toolCalls: ctx.toolCalls,
  };
  if (classifies && !classifyUsesJudge(input.classify)) {
    // Not the judge's form: answered at once (classifyOutputNow), its error a reason as settle() makes it.
    try {
      classification = classifyOutputNow(ctx.output, classifyOptions);
    } catch (err) {
      errors.push(graderError(err, input.signal));
    }
  }
  if (judgeClassifies && !input.judge) errors.push('classify: { judge: true } needs a judge: block in the spec');

  // The judge: only when the case can still end as pass or fail.
  let judged: JudgeVerdict[] | undefined;
  if (errors.length === 0 && (judgeClassifies || toJudge.length > 0)) {
    type Settled<T> = { ok: true; value: T } | { ok: false; error: string };
    const [labelled, graded] = (yield Promise.all([
      judgeClassifies ? settle(classifyOutput(ctx.output, classifyOptions), input.signal) : undefined,
      toJudge.length > 0
        ? settle(
            judgeCriteria({
              judge: input.judge as ChatModel,
              case: testCase,
              input_text: input.input_text,
              output: ctx.output,
              toolCalls: ctx.toolCalls,
              criteria: toJudge,
              ...(testCase.reference !== undefined ? { reference: testCase.reference } : {}),
              signal: input.signal,
              usage: usage as JudgeUsage,
            }),
            input.signal,
          )
        : undefined,
    ])) as [Settled<Classification> | undefined, Settled<{ verdicts: JudgeVerdict[] }> | undefined];
    if (labelled?.ok) classification = labelled.value;
    else if (labelled) errors.push(labelled.error);
    if (graded?.ok) judged = graded.value.verdicts;
    else if (graded) errors.push(graded.error);
  }
  for (const at of forJudge) {
    const criterion = input.rubric[at]!;
    const verdict = judged?.find((v) => v.id === criterion.id);
    if (verdict?.error) {
      criterionVerdicts[at] = criterionVerdict(criterion, 'judge', false, verdict.reason, true);
      errors.push(`criterion "${criterion.id}": ${verdict.reason}`);
      continue;
    }
    criterionVerdicts[at] =
      verdict?.applies === false
        ? notApplicable(criterion, 'judge', verdict.reason)
        : verdict
          ? criterionVerdict(criterion, 'judge', verdict.pass, verdict.reason)
          : criterionVerdict(criterion, 'judge', false, 'not graded: the case has an error', true);
  }

  if (input.judge) {
    for (const own of caseCriteria) {
      const verdict = judged?.find((v) => v.id === own.id);
      criterionVerdicts.push(verdict ? ownVerdict(own, verdict.pass, verdict.reason) : ownVerdict(own, false, 'not graded: the case has an error', true));
    }
  }

  const score = errors.length === 0 ? weightedScore(criterionVerdicts) : null;
  // Built field by field and its status and reason set in place (it is this call's own object): the same
  // fields in the same order as spreading would give, without the temporary objects, 100,000 times a run.
  const verdict = { status: 'pass' } as CaseVerdict;
  if (classification) {
    verdict.predicted = classification.predicted;
    verdict.classify_reason = classification.reason;
  }
  if (testCase.expect !== undefined) verdict.expected = testCase.expect;
  verdict.checks = checks;
  verdict.criteria = criterionVerdicts;
  verdict.anti_patterns = scan.hits;
  verdict.score = score;
  verdict.reason = '';
  if (usage && usage.calls > 0) verdict.judge_usage = usage;

  if (errors.length > 0) {
    verdict.status = 'error';
    verdict.reason = oneLine(errors.join('; '), 500);
    return verdict;
  }
  const failures = failureReasons(verdict, testCase, threshold);
  if (failures.length > 0) {
    verdict.status = 'fail';
    verdict.reason = oneLine(failures.join('; '), 500);
  }
  return verdict;
}

function criterionVerdict(
  criterion: Criterion,
  graded_by: 'check' | 'judge',
  passed: boolean,
  reason: string,
  error?: true,
): CriterionVerdict {
  const verdict: CriterionVerdict = { id: criterion.id, passed: error ? false : passed, reason, weight: criterion.weight, critical: criterion.critical, graded_by };
  if (error) verdict.error = error;
  return verdict;
}

/** What a case learns of the rubric, the same for every case: read once per rubric, not per case. */
interface RubricPlan {
  /** By criterion: what is wrong with it (its id used before it, its weight), reported by every case it grades. */
  problems: ReadonlyArray<readonly string[] | undefined>;
  /** By criterion: its check as read, when it has one that is a pure function of the output (not a `command`). */
  checks: ReadonlyArray<ReadCheck | undefined>;
  /** By criterion: the `source` its check's verdict carries. */
  checkSources: readonly CheckSource[];
  /** The rubric's ids, which a case's own criteria must not reuse. */
  ids: ReadonlySet<string>;
}

/**
 * Plans by rubric (the spec's array, the same for every case of a run): each case checked the rubric's ids and
 * weights with a Set of its own and built the same strings again, 100,000 times a run.
 */
const rubricPlans = new WeakMap<readonly Criterion[], RubricPlan>();

function rubricPlan(rubric: readonly Criterion[]): RubricPlan {
  let plan = rubricPlans.get(rubric);
  if (plan) return plan;
  const ids = new Set<string>();
  const problems: Array<string[] | undefined> = [];
  for (const criterion of rubric) {
    const found: string[] = [];
    if (ids.has(criterion.id)) found.push(`criterion id "${criterion.id}" is used twice in the rubric`);
    ids.add(criterion.id);
    if (!(Number.isFinite(criterion.weight) && criterion.weight >= 0)) {
      found.push(`criterion "${criterion.id}": weight must be a number ≥ 0, got ${JSON.stringify(criterion.weight)}`);
    }
    problems.push(found.length > 0 ? found : undefined);
  }
  const checks = rubric.map((criterion) => (criterion.check !== undefined && !isCommandCheck(criterion.check) ? readCheck(criterion.check as Check) : undefined));
  plan = { problems, checks, checkSources: rubric.map((criterion): CheckSource => `criterion:${criterion.id}`), ids };
  rubricPlans.set(rubric, plan);
  return plan;
}

const NO_OWN_CRITERIA: readonly OwnCriterion[] = Object.freeze([]);
const NOTHING_TO_JUDGE: readonly CriterionToJudge[] = Object.freeze([]);

/** A criterion of the case itself, for the judge: its own `criteria:`, then its `reference:`. */
interface OwnCriterion extends CriterionToJudge {
  critical: boolean;
  alwaysApplies: true;
}

/** What the judge checks of a reference answer; the answer itself is shown to it beside the output. */
export const REFERENCE_CRITERION_TEXT =
  'Is consistent with the reference answer in <reference_answer>: contradicts none of it, and contains its key facts (the wording may differ).';

function ownCriteria(testCase: Case): readonly OwnCriterion[] {
  if (testCase.criteria === undefined && testCase.reference === undefined) return NO_OWN_CRITERIA;
  const own: OwnCriterion[] = (testCase.criteria ?? []).map((c) => ({ id: c.id, criterion: c.criterion, critical: c.critical, alwaysApplies: true }));
  if (testCase.reference !== undefined) own.push({ id: REFERENCE_CRITERION_ID, criterion: REFERENCE_CRITERION_TEXT, critical: true, alwaysApplies: true });
  return own;
}

/** A case criterion's verdict: weight 1 in the case's score, and its text, since no rubric holds it. */
function ownVerdict(own: OwnCriterion, passed: boolean, reason: string, error?: true): CriterionVerdict {
  const verdict: CriterionVerdict = { id: own.id, criterion: own.criterion, source: 'case', passed: error ? false : passed, reason, weight: 1, critical: own.critical, graded_by: 'judge' };
  if (error) verdict.error = error;
  return verdict;
}

/** Whether the criterion concerns this case: no `applies_to`, or the case has any of its tags. */
export function appliesTo(criterion: Pick<Criterion, 'applies_to'>, testCase: Pick<Case, 'tags'>): boolean {
  return criterion.applies_to === undefined || criterion.applies_to.tags.some((tag) => testCase.tags.includes(tag));
}

function excludedReason(criterion: Criterion): string {
  const tags = criterion.applies_to?.tags ?? [];
  return `applies only to cases tagged ${tags.map((tag) => `"${tag}"`).join(' or ')}`;
}

function notApplicable(criterion: Criterion, graded_by: 'check' | 'judge', reason: string): CriterionVerdict {
  return { id: criterion.id, passed: null, applies: false, reason, weight: criterion.weight, critical: criterion.critical, graded_by };
}

/**
 * Sum of the weights of passed criteria over the sum of the weights of the criteria that apply; null without
 * applicable criteria or weight. Leaving the n/a ones out renormalises: a case is scored only on what concerns it.
 */
export function weightedScore(criteria: readonly Pick<CriterionVerdict, 'passed' | 'weight' | 'applies'>[]): number | null {
  let applicable = 0;
  let total = 0;
  let passed = 0;
  for (const c of criteria) {
    if (c.applies === false) continue;
    applicable++;
    total += c.weight;
    if (c.passed === true) passed += c.weight;
  }
  if (applicable === 0 || total <= 0) return null;
  return passed / total;
}

function failureReasons(verdict: CaseVerdict, testCase: Case, threshold: number): string[] {
  const reasons: string[] = [];
  if (testCase.expect !== undefined && verdict.predicted !== testCase.expect) {
    reasons.push(
      verdict.predicted === null || verdict.predicted === undefined
        ? `expected "${testCase.expect}", but the output matches no label (${verdict.classify_reason ?? 'not classified'})`
        : `predicted "${verdict.predicted}", expected "${testCase.expect}" (${verdict.classify_reason ?? ''})`,
    );
  }
  for (const check of verdict.checks) {
    if (check.source === 'case' && !check.passed) reasons.push(`${check.kind}: ${check.reason}`);
  }
  for (const hit of verdict.anti_patterns) reasons.push(`anti-pattern "${hit.name}": matched ${quote(hit.matched)}`);
  for (const c of verdict.criteria) {
    if (c.critical && c.passed === false) reasons.push(`critical criterion ${criterionName(c)} failed: ${c.reason}`);
  }
  if (verdict.score !== null && verdict.score < threshold - SCORE_EPSILON) {
    for (const c of verdict.criteria) {
      if (!c.critical && c.passed === false) reasons.push(`criterion ${criterionName(c)} failed: ${c.reason}`);
    }
    reasons.push(`score ${formatScore(verdict.score)} below case_threshold ${threshold}`);
  }
  return reasons;
}

/** The id in quotes; a case's own criterion (no rubric to look it up in) with the start of its text. */
function criterionName(c: CriterionVerdict): string {
  return c.source === 'case' && c.id !== REFERENCE_CRITERION_ID && c.criterion !== undefined ? `"${c.id}" ${quote(c.criterion, 60)}` : `"${c.id}"`;
}

function formatScore(score: number): string {
  return String(Math.round(score * 100) / 100);
}

/** A grader's promise as a value: its result, or its error as a reason. Cancellation is rethrown, not graded. */
async function settle<T>(promise: Promise<T>, signal: AbortSignal): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await promise };
  } catch (err) {
    return { ok: false, error: graderError(err, signal) };
  }
}

/** A grader's error as a case's reason; cancellation is rethrown, not graded. */
function graderError(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) throw err;
  return err instanceof Error ? err.message : String(err);
}
