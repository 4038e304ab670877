// Runs a spec's cases through its target and graders with bounded concurrency, and assembles the results
// JSON. Outputs and judge answers are cached in the run's session as soon as they arrive, so a run that is
// cancelled or killed loses nothing that finished: the host resumes that session on the next run of the same
// configuration, which takes those answers from the cache without a request. A new session asks anew.
import type { ParsedSpec, Case } from '../spec/types.js';
import type { RepeatPolicy, SpecConfig } from '../spec/config.js';
import type { Attempt, CaseResult, CheckSource, OutputCheckVerdict, OutputsOrigin, RunResults, RunStop, Usage } from '../../shared/results.js';
import type { JudgeUsage } from './graders/judge-conversation.js';
import { gradeCaseNow, type CaseVerdict } from './graders/index.js';
import type { ClassifySpec } from './graders/index.js';
import { cachedJudge } from './cached-judge.js';
import type { CommandGraderHost } from './graders/command-check.js';
import { costUsd } from './cost.js';
import type { OutputCache } from '../host.js';
import { cacheKeyMaterial } from './output-cache.js';
import { runPool } from './pool.js';
import { isSubset, selectCases, type CaseSelection } from './select-cases.js';
import { repeatOf, statusByPolicy } from './repeat.js';
import { createSummaryTally, withJudgeSpend, type Summary } from './summarize.js';
import { calibrateJudge, judgeGradedCriteria } from './judge-calibration.js';
import { hasOwnCriteria } from '../spec/case-value.js';
import { renderTemplate } from './targets/template.js';
import { CaseError, type ChatModel, type Target, type TargetOutput } from './types.js';
import { createStringPool, type StringPool } from '../util/string-pool.js';
import { hasKeys } from '../util/has-keys.js';

export interface ProgressEvent {
  done: number;
  total: number;
  caseId: string;
  status: CaseResult['status'];
  cached: boolean;
}

export interface RunOptions {
  filter?: CaseSelection;
  concurrency?: number;
  /** Attempts per case (--repeat K): replaces the spec's `repeat` k and keeps its policy. */
  repeat?: number;
  signal?: AbortSignal;
  cache?: OutputCache;
  onProgress?: (event: ProgressEvent) => void;
  /** Path of the spec as results should show it (relative to the workspace), and a case file's path likewise. */
  displayPath?: (file: string) => string;
  aispecVersion: string;
  /** Injected for tests; default Date.now / new Date(). */
  now?: () => number;
  runId?: string;
  onlyFailedFrom?: string;
  /** The run session the cache keys belong to (see output-cache.ts); '' when the host keeps no sessions. */
  session?: string;
  /** When the session is an unfinished run's being resumed: when that run started (ISO 8601). */
  resumingSince?: string;
  /** With --reuse-outputs (the target replays an earlier run): that run's id and the time of its oldest output. */
  reusing?: { runId: string; oldestAt: string };
  /**
   * Each finished case's result, once, in spec order (a case that finishes early waits for those before it),
   * as soon as it can be given: a host streams them to disk instead of holding them.
   */
  onCase?: (result: CaseResult) => void;
  /**
   * Keep every case result for the returned `cases` (default true). False: `cases` comes back empty and
   * `onCase` is the only place they go, so a run of a million cases holds none of them; the summary is tallied
   * as they arrive. A run whose judge is calibrated on its cases keeps them anyway (the calibration reads them).
   */
  retainCases?: boolean;
}

export interface RunDeps {
  target: Target;
  judge?: ChatModel;
  targetInfo: { provider: string; model?: string };
  /** Where the spec's `command` checks run (the host gives it only with the command permission). */
  commandGrader?: CommandGraderHost;
}

const DEFAULT_CONCURRENCY = 8;

/**
 * The circuit breaker: a run against a target that cannot be reached, or that fails every request, stops
 * early with a reason instead of retrying its way through every case. Unreachable: this many cases in a row
 * could not connect at all. Failing: the first this-many cases all failed at the target, none succeeded.
 */
export const BREAKER = { unreachableInARow: 5, failingFromStart: 10 } as const;

export async function runEval(spec: ParsedSpec, config: SpecConfig, deps: RunDeps, options: RunOptions): Promise<RunResults> {
  const now = options.now ?? Date.now;
  const started = now();
  // The run's own signal: the caller's cancel, or the circuit breaker.
  const stopper = new AbortController();
  let stopped: RunStop | undefined;
  const outer = options.signal;
  const onOuterAbort = () => {
    stopped ??= { reason: 'cancelled', message: 'cancelled' };
    stopper.abort(outer?.reason);
  };
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = stopper.signal;
  const policy = repeatOf(config);
  const repeat = Math.max(1, options.repeat ?? policy.k);
  const concurrency = Math.max(1, options.concurrency ?? config.concurrency ?? DEFAULT_CONCURRENCY);
  const selected = selectCases(spec.cases, options.filter ?? {});
  const display = options.displayPath ?? ((f: string) => f);
  // Recorded outputs are already on disk: caching them would only add a second copy.
  const recorded = deps.targetInfo.provider === 'recorded';
  // Replayed outputs are an earlier run's: caching them again would only add a second copy too.
  const cache = recorded || options.reusing ? undefined : options.cache;
  const session = options.session ?? '';
  const cacheStats = { hits: 0, misses: 0 };
  const judgeStats = { hits: 0 };
  // Judge answers are kept whatever the target, so resuming a run repeats no judge call either.
  const judge = deps.judge && options.cache ? cachedJudge(deps.judge, options.cache, session, judgeStats) : deps.judge;
  let done = 0;
  let requests = 0;
  let countsRequests = false;
  const breaker = { unreachableInARow: 0, targetSuccesses: 0, targetFailures: 0, firstError: '' };
  const noteTargetOutcome = (error: unknown) => {
    if (error === undefined) {
      breaker.unreachableInARow = 0;
      breaker.targetSuccesses++;
      return;
    }
    breaker.targetFailures++;
    breaker.firstError ||= messageOf(error);
    breaker.unreachableInARow = error instanceof CaseError && error.unreachable ? breaker.unreachableInARow + 1 : 0;
    if (breaker.unreachableInARow >= Math.min(BREAKER.unreachableInARow, selected.length)) {
      stop({ reason: 'unreachable', message: `target unreachable: ${messageOf(error)}` });
    } else if (breaker.targetSuccesses === 0 && breaker.targetFailures >= Math.min(BREAKER.failingFromStart, selected.length)) {
      stop({ reason: 'failing', message: `the target failed every request: ${breaker.firstError}` });
    }
  };
  const stop = (why: RunStop) => {
    if (stopper.signal.aborted) return;
    stopped = why;
    stopper.abort(new Error(why.message));
  };

  // What follows a target's answer: the breaker told, its requests counted, a live call's latency filled in.
  const answered = (answer: TargetOutput, callStarted: number): TargetOutput => {
    noteTargetOutcome(undefined);
    if (answer.requests !== undefined) {
      countsRequests = true;
      requests += answer.requests;
    }
    // A live call's latency is measured when the target did not; a log without latencies stays without
    // (reading a file in 1 ms must not pass a latency gate).
    if (answer.latency_ms === undefined && !recorded && !options.reusing) return { ...answer, latency_ms: now() - callStarted };
    return answer;
  };
  // What follows a target's error: the requests it sent counted, and the breaker told unless the run was
  // aborted first (then the error is the abort's, not the target's).
  const failedAtTarget = (error: unknown): { targetFailed: boolean; sent?: number } => {
    let sent: number | undefined;
    if (error instanceof CaseError && error.requests !== undefined) {
      countsRequests = true;
      requests += error.requests;
      sent = error.requests;
    }
    if (signal.aborted) return { targetFailed: false, sent };
    noteTargetOutcome(error);
    return { targetFailed: true, sent };
  };
  // An attempt whose target failed: an error outcome, or nothing when the run was cancelled instead. The
  // target answered with an error before any abort: the case is an error even if that error is the one that
  // opened the circuit breaker (and so aborted the run).
  const targetErrorOutcome = (error: unknown, cached: boolean, failure: { targetFailed: boolean; sent?: number } | undefined): Outcome | undefined => {
    if (signal.aborted && !failure?.targetFailed) return undefined;
    return { error: messageOf(error), cached, ...(failure?.sent !== undefined ? { requests: failure.sent } : {}) };
  };
  const gradingFailed = (error: unknown, output: TargetOutput, cached: boolean): Outcome | undefined =>
    signal.aborted ? undefined : { error: `grading failed: ${messageOf(error)}`, output, cached };
  // Graded at once when no grader has to be waited for (gradeCaseNow): no promise per recorded case.
  const gradeAttempt = (testCase: Case, output: TargetOutput, cached: boolean): Pending => {
    try {
      const grading = gradeCaseNow({
        case: testCase,
        output,
        labels: config.labels,
        classify: config.classify as ClassifySpec | undefined,
        rubric: spec.rubric,
        anti_patterns: spec.antiPatterns,
        case_threshold: config.case_threshold,
        judge,
        // Only the judge reads it: a run without one renders no template for it.
        input_text: judge ? inputText(testCase) : undefined,
        signal,
        cost_usd: costUsd(output.usage, config.pricing) ?? undefined,
        ...(deps.commandGrader ? { commandGrader: deps.commandGrader } : {}),
      });
      if (grading instanceof Promise) {
        return grading.then(
          (verdict): Outcome => ({ verdict, output, cached }),
          (error: unknown) => gradingFailed(error, output, cached),
        );
      }
      return { verdict: grading, output, cached };
    } catch (error) {
      return gradingFailed(error, output, cached);
    }
  };

  // A target that answers at once (recorded outputs), with no cache in front of it: runNow instead of run.
  const runNow = cache ? undefined : deps.target.runNow?.bind(deps.target);
  // An error from the target (thrown by runNow or run, or run's rejection): the attempt's outcome.
  const targetFailed = (error: unknown): Outcome | undefined => targetErrorOutcome(error, false, failedAtTarget(error));
  // The target asked for an attempt's output, and the output graded (stored first, given a cache key). The
  // steps after the answer are the same whichever way it came: runNow's at once, with no promise unless its
  // grading needs one (a run of 100,000 recorded cases makes none); run's chained on the promise it returns.
  const askTarget = (testCase: Case, attempt: number, key?: string): Pending => {
    const callStarted = now();
    let answer: TargetOutput | Promise<TargetOutput>;
    try {
      answer = runNow ? runNow(testCase, signal, attempt) : deps.target.run(testCase, signal, attempt);
    } catch (error) {
      return targetFailed(error);
    }
    if (answer instanceof Promise) return answer.then((output) => fresh(testCase, answered(output, callStarted), key), targetFailed);
    return fresh(testCase, answered(answer, callStarted), key);
  };
  const fresh = (testCase: Case, output: TargetOutput, key: string | undefined): Pending =>
    key === undefined ? gradeAttempt(testCase, output, false) : storeThenGrade(testCase, output, key);
  // A cache miss's output, stored before it is graded: a store that fails makes the attempt an error.
  const storeThenGrade = async (testCase: Case, output: TargetOutput, key: string): Promise<Outcome | undefined> => {
    cacheStats.misses++;
    try {
      await cache!.put(key, output);
    } catch (error) {
      return targetErrorOutcome(error, false, undefined);
    }
    return gradeAttempt(testCase, output, false);
  };
  // With a cache: its answer when it has one (the target is not asked), else the target's, stored.
  const cachedAttempt = async (testCase: Case, attempt: number, outputs: OutputCache): Promise<Outcome | undefined> => {
    const key = cacheKeyMaterial(session, deps.target.fingerprint, testCase, attempt);
    let hit: TargetOutput | undefined;
    try {
      hit = await outputs.get(key);
    } catch (error) {
      return targetErrorOutcome(error, false, undefined);
    }
    if (!hit) return askTarget(testCase, attempt, key);
    cacheStats.hits++;
    return gradeAttempt(testCase, hit, true);
  };
  const attemptNow = (testCase: Case, attempt: number): Pending => (cache ? cachedAttempt(testCase, attempt, cache) : askTarget(testCase, attempt));

  // Judge calibration runs with the judge: the examples are graded after the cases, in the same run, on them.
  const usesJudge = deps.judge !== undefined && (judgeGradedCriteria(spec.rubric).length > 0 || selected.some(hasOwnCriteria));
  const retain = options.retainCases !== false || usesJudge;
  const cases: CaseResult[] = [];
  const summary = createSummaryTally(config, selected.length);
  // Results leave in spec order, whatever order they finish in: the results file, the sums and the failing
  // cases a report lists are then those of the spec's order. Only cases finished ahead of a slower one wait.
  const graded = new Uint8Array(selected.length);
  const waiting = new Map<number, CaseResult>();
  let nextInOrder = 0;
  const emit = (result: CaseResult) => {
    summary.add(result);
    if (retain) cases.push(result);
    options.onCase?.(result);
  };
  const deliver = (index: number, result: CaseResult) => {
    if (index === nextInOrder && waiting.size === 0) {
      // The next case in order with none waiting (nearly always when cases finish at once): straight out.
      nextInOrder++;
      emit(result);
      return;
    }
    waiting.set(index, result);
    while (waiting.has(nextInOrder)) {
      const next = waiting.get(nextInOrder)!;
      waiting.delete(nextInOrder++);
      emit(next);
    }
  };
  // The pool saves memory only for results that are kept: a run that keeps none (they go to onCase and are
  // dropped) would only pay a lookup for each of its strings (100-180 ms at 100,000 cases). Same text either way.
  const pool: StringPool = retain ? createStringPool() : (text) => text;
  const finishCase = (index: number, testCase: Case, attempts: Outcome[]) => {
    const result = caseResult(testCase, attempts, policy.pass, config, display, pool);
    graded[index] = 1;
    done++;
    options.onProgress?.({ done, total: selected.length, caseId: testCase.id, status: result.status, cached: result.cached });
    deliver(index, result);
  };
  // A case's attempts as long as each is ready at once; from the first that is not, finishAttempts awaits.
  const runCase = (index: number): void | Promise<void> => {
    const testCase = selected[index]!;
    // Made with its first attempt, at its size: one attempt pushed onto [] took room for 17.
    let attempts: Outcome[] | undefined;
    for (let attempt = 0; attempt < repeat; attempt++) {
      const outcome = attemptNow(testCase, attempt);
      if (outcome instanceof Promise) return finishAttempts(index, testCase, attempts ?? [], attempt, outcome);
      if (!outcome) return; // cancelled mid-case: the case is unfinished, not failed
      if (attempts) attempts.push(outcome);
      else attempts = [outcome];
    }
    finishCase(index, testCase, attempts ?? []);
  };
  const finishAttempts = async (index: number, testCase: Case, attempts: Outcome[], attempt: number, pending: Promise<Outcome | undefined>): Promise<void> => {
    for (let next: Pending = pending; ; ) {
      const outcome = await next;
      if (!outcome) return; // cancelled mid-case: the case is unfinished, not failed
      attempts.push(outcome);
      if (++attempt >= repeat) break;
      next = attemptNow(testCase, attempt);
    }
    finishCase(index, testCase, attempts);
  };
  await runPool(selected.length, concurrency, signal, runCase);
  // A cancelled run: the cases that finished after an unfinished one, still in spec order.
  for (const index of [...waiting.keys()].sort((a, b) => a - b)) emit(waiting.get(index)!);
  waiting.clear();

  const calibrating = usesJudge && judge && !signal.aborted ? await calibrateJudge({ spec, judge, cases, signal }) : undefined;
  // A calibration cut short is not reported (its figures would pass a part off as the whole), and the run is
  // unfinished: its session stays open, so resuming it asks the judge only what it has not answered yet.
  const calibration = signal.aborted ? undefined : calibrating;
  outer?.removeEventListener('abort', onOuterAbort);
  const unfinished = selected.filter((_, i) => graded[i] === 0).map((c) => c.id);
  const complete = unfinished.length === 0 && (!usesJudge || calibration !== undefined);
  const finished = now();
  const run: RunResults['run'] = {
    id: options.runId ?? new Date(started).toISOString().replace(/[:.]/g, '-'),
    started_at: new Date(started).toISOString(),
    finished_at: new Date(finished).toISOString(),
    duration_ms: finished - started,
    complete,
    unfinished,
    ...(!complete && stopped ? { stopped: { ...stopped, message: stopped.reason === 'cancelled' ? stopped.message : `${stopped.message} (${unfinished.length} of ${selected.length} cases not run)` } } : {}),
    ...(countsRequests ? { requests } : {}),
    repeat,
    repeat_policy: policy.pass,
    concurrency,
    target: deps.targetInfo,
    cache: { ...cacheStats, enabled: cache !== undefined },
    outputs: outputsOrigin(options, cacheStats.hits + judgeStats.hits),
  };
  if (options.filter?.shard) run.shard = options.filter.shard;
  const filter: NonNullable<RunResults['run']['filter']> = {};
  if (options.filter?.tags?.length) filter.tags = [...options.filter.tags];
  if (options.filter?.caseIds?.length) filter.case_ids = [...options.filter.caseIds];
  if (options.onlyFailedFrom) filter.only_failed_from = options.onlyFailedFrom;
  if (Object.keys(filter).length > 0) run.filter = filter;

  return {
    format: 'aispec-results',
    version: 1,
    aispec_version: options.aispecVersion,
    spec: specSnapshot(config, display(spec.file)),
    run,
    ...withCalibrationCost(
      summary.finish({
        complete,
        unfinished: unfinished.length,
        subset: isSubset(options.filter),
        stopped: run.stopped,
        ...(calibration ? { judgeAgreement: calibration.agreement } : { judgeAgreementAbsent: usesJudge ? 'the run stopped before the judge was calibrated' : 'this run did not use the judge (no criterion is graded by it)' }),
      }),
      calibrating?.usage,
      config,
    ),
    // Not kept for the caller: they went to onCase (and were kept only for the calibration).
    cases: options.retainCases === false ? [] : cases,
  };
}

/** The judge's calls on the examples are part of what the eval spent (the judge's share of the cost). */
function withCalibrationCost(summary: Summary, usage: JudgeUsage | undefined, config: SpecConfig): Summary {
  if (!usage || usage.calls === 0) return summary;
  const tokens = { calls: usage.calls, input_tokens: usage.input_tokens, output_tokens: usage.output_tokens };
  return { ...summary, cost: withJudgeSpend(summary.cost, tokens, costUsd(usage, config.judge?.pricing)) };
}

/** Where the outputs came from: an earlier run's (replayed), partly an unfinished run's (resumed), or this run's. */
function outputsOrigin(options: RunOptions, resumedAnswers: number): OutputsOrigin {
  if (options.reusing) return { source: 'reused', from_run: options.reusing.runId, oldest_at: options.reusing.oldestAt };
  if (resumedAnswers > 0) return { source: 'resumed', ...(options.resumingSince ? { oldest_at: options.resumingSince } : {}) };
  return { source: 'fresh' };
}

/** One attempt at a case: graded, or an error with its reason. */
type Outcome = { verdict: CaseVerdict; output: TargetOutput; cached: boolean } | { error: string; output?: TargetOutput; cached: boolean; requests?: number };
/** An attempt's outcome, now or later (undefined: the run was cancelled first). */
type Pending = Outcome | undefined | Promise<Outcome | undefined>;

/** `pool` keeps one copy of the strings that repeat from case to case (reasons, labels): see string-pool.ts. */
function caseResult(testCase: Case, attempts: Outcome[], policy: RepeatPolicy, config: SpecConfig, display: (f: string) => string, pool: StringPool): CaseResult {
  // The case's verdict from its attempts, by the spec's repeat policy (repeat.ts; by default every attempt must pass).
  // Each attempt's status, and the sums below, are read in loops over the attempts: a case has one attempt
  // unless --repeat, and the arrays mapped from them (six a case) were garbage 100,000 times a run.
  const statuses = attempts.map(statusOf);
  const status: CaseResult['status'] = statusByPolicy(statuses, policy);
  // Report the first attempt that explains the verdict (the first failure or error), else the first.
  const shown = attempts[statuses.indexOf(status)] ?? attempts[0]!;
  const output = shown.output;
  // Tokens and cost count every attempt: with --repeat K every one of the K calls was paid for.
  const usage = sumUsage(attempts);
  const judgeUsage = sumJudgeUsage(attempts);
  const judgeCost = judgeUsage ? costUsd(judgeUsage, config.judge?.pricing) : null;
  // Unknown when any attempt that answered reported no usage: a partial sum would understate the cost.
  const targetCost = everyAnswerHasUsage(attempts) ? costUsd(usage ?? undefined, config.pricing) : null;
  const cost = targetCost === null && judgeCost === null ? null : (targetCost ?? 0) + (judgeCost ?? 0);
  const result: CaseResult = {
    id: testCase.id,
    status,
    input: testCase.messages ?? testCase.input ?? null,
    output: output?.output ?? null,
    tags: testCase.tags,
    reason: pool('error' in shown ? shown.error : shown.verdict.reason),
    checks: 'error' in shown ? [] : shown.verdict.checks.map((c) => checkVerdict(c, pool)),
    criteria: 'error' in shown ? [] : shown.verdict.criteria.map((c) => ({ ...c, reason: pool(c.reason) })),
    anti_patterns: 'error' in shown ? [] : shown.verdict.anti_patterns.map((h) => ({ id: h.id, name: h.name, matched: h.matched })),
    score: 'error' in shown ? null : shown.verdict.score,
    latency_ms: output?.latency_ms ?? null,
    usage,
    cost_usd: cost,
    target_cost_usd: targetCost,
    cached: shown.cached,
    file: display(testCase.range.file),
    line: testCase.line,
  };
  if (output?.toolCalls && output.toolCalls.length > 0) result.tool_calls = output.toolCalls;
  if (testCase.expect !== undefined) result.expected = pool(testCase.expect);
  if (!('error' in shown)) {
    if (shown.verdict.predicted !== undefined) result.predicted = shown.verdict.predicted === null ? null : pool(shown.verdict.predicted);
    if (shown.verdict.classify_reason) result.classify_reason = pool(shown.verdict.classify_reason);
  }
  if (typeof output?.score === 'number') result.confidence = output.score;
  if (judgeUsage && judgeUsage.calls > 0) {
    result.judge_usage = { calls: judgeUsage.calls, input_tokens: judgeUsage.input_tokens, output_tokens: judgeUsage.output_tokens, cost_usd: judgeCost };
  }
  if (hasKeys(testCase.meta)) result.meta = testCase.meta;
  const requests = requestsSent(attempts);
  if (requests !== undefined) result.requests = requests;
  if (attempts.length > 1) {
    result.attempts = attempts.map(
      (o): Attempt => ({
        status: statusOf(o),
        output: o.output?.output ?? null,
        ...('error' in o ? {} : o.verdict.predicted !== undefined ? { predicted: o.verdict.predicted } : {}),
        reason: 'error' in o ? o.error : o.verdict.reason,
        latency_ms: o.output?.latency_ms ?? null,
        cached: o.cached,
        ...(o.output?.toolCalls && o.output.toolCalls.length > 0 ? { tool_calls: o.output.toolCalls } : {}),
      }),
    );
    result.flaky = statuses.includes('pass') && statuses.includes('fail');
  }
  return result;
}

function statusOf(o: Outcome): CaseResult['status'] {
  return 'error' in o ? 'error' : o.verdict.status;
}

/** A check's verdict as results keep it: without `error` (the case's status says it), its texts pooled. */
function checkVerdict(c: CaseVerdict['checks'][number], pool: StringPool): OutputCheckVerdict {
  const verdict: OutputCheckVerdict = { kind: c.kind, passed: c.passed, reason: pool(c.reason), source: pool(c.source) as CheckSource };
  if (c.score !== undefined) verdict.score = c.score;
  return verdict;
}

/** Target tokens over every attempt that reported usage; null when none did. */
function sumUsage(attempts: readonly Outcome[]): Usage | null {
  let sum: Usage | null = null;
  for (const o of attempts) {
    const u = o.output?.usage;
    if (u === undefined) continue;
    sum = sum ? { input_tokens: sum.input_tokens + u.input_tokens, output_tokens: sum.output_tokens + u.output_tokens } : { input_tokens: u.input_tokens, output_tokens: u.output_tokens };
  }
  return sum;
}

/** Whether some attempt answered and every one that did reported its usage (else the target's cost is unknown). */
function everyAnswerHasUsage(attempts: readonly Outcome[]): boolean {
  let answered = false;
  for (const o of attempts) {
    if (o.output === undefined) continue;
    if (!o.output.usage) return false;
    answered = true;
  }
  return answered;
}

/** Requests sent over the attempts (a cached one sent none); undefined when no attempt says. */
function requestsSent(attempts: readonly Outcome[]): number | undefined {
  let sum: number | undefined;
  for (const o of attempts) {
    const n = o.cached ? 0 : (o.output?.requests ?? ('requests' in o ? o.requests : undefined));
    if (n !== undefined) sum = (sum ?? 0) + n;
  }
  return sum;
}

function sumJudgeUsage(attempts: readonly Outcome[]): JudgeUsage | undefined {
  let sum: JudgeUsage | undefined;
  for (const o of attempts) {
    const u = 'error' in o ? undefined : o.verdict.judge_usage;
    if (u === undefined) continue;
    sum = sum ? { calls: sum.calls + u.calls, input_tokens: sum.input_tokens + u.input_tokens, output_tokens: sum.output_tokens + u.output_tokens, latency_ms: sum.latency_ms + u.latency_ms } : u;
  }
  return sum;
}

/** The input as the judge should read it: vars filled in, a conversation as role-prefixed lines. */
function inputText(testCase: Case): string | undefined {
  const render = (text: string) => {
    try {
      return renderTemplate(text, testCase, `case "${testCase.id}"`);
    } catch {
      return text; // a missing var surfaces as the target's error; the judge text is best effort
    }
  };
  if (testCase.messages?.length) return testCase.messages.map((m) => `${m.role}: ${render(m.content)}`).join('\n');
  return testCase.input === undefined ? undefined : render(testCase.input);
}

/** What of the spec the results carry: enough for `aispec merge` to recompute every number. */
export function specSnapshot(config: SpecConfig, file: string): RunResults['spec'] {
  const snapshot: RunResults['spec'] = { id: config.id, title: config.title, file };
  if (config.labels) snapshot.labels = config.labels;
  if (config.gates) snapshot.gates = config.gates as Record<string, unknown>;
  if (config.pricing) snapshot.pricing = config.pricing;
  return snapshot;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
