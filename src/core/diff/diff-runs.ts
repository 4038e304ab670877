// Two runs of the same spec compared (a prompt change, a model swap): which cases flipped, whether the
// pass-rate change is beyond noise, and what moved in recall, tags, gates, latency and cost.
//
// The significance test is the exact McNemar test on the cases graded in both runs: pass/fail pairs only.
// A case that errored in either run has no verdict to pair, so it is left out of the test and counted
// separately (an outage is not a regression in quality, and hiding it inside the test would be worse).
// Cases present in only one run are listed as added / removed and never paired. The overall pass rates
// are each run's own (as its gates saw them), with their Wilson intervals.
import { mcnemarExact, passRate } from '../metrics/index.js';
import type { CaseResult, RateStat, RunResults } from '../../shared/results.js';
import type { CaseChange, GateChange, GateTransition, McNemarSummary, MetricChange, RunDiff, RunRef, TagChange } from '../../shared/run-diff.js';
import { diffVerdict } from './diff-verdict.js';
import { qualityVerdict } from './quality-verdict.js';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function metricChange(base: unknown, head: unknown): MetricChange {
  const b = num(base);
  const h = num(head);
  return { base: b, head: h, delta: b !== null && h !== null ? h - b : null };
}

const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

/** A rate recomputed from its counts with the metrics library, so both runs' intervals are alike. */
function snapshot(stat: Pick<RateStat, 'passed' | 'failed' | 'errors'> | undefined): RateStat {
  const rate = passRate(count(stat?.passed), count(stat?.failed));
  return { passed: rate.passed, failed: rate.failed, errors: count(stat?.errors), n: rate.n, rate: rate.rate, ci95: rate.ci };
}

function ref(r: RunResults): RunRef {
  const target = r.run?.target ?? { provider: 'unknown' };
  return {
    specId: r.spec?.id ?? '',
    specTitle: r.spec?.title ?? '',
    runId: r.run?.id ?? '',
    startedAt: r.run?.started_at ?? '',
    target: target.model !== undefined ? { provider: target.provider, model: target.model } : { provider: target.provider },
    verdict: r.summary?.verdict ?? null,
  };
}

/** What a pairing keeps of a base case: its verdict and what a change lists of it (never its output). */
type BaseCase = Pick<CaseResult, 'status' | 'reason' | 'expected' | 'predicted'>;

function change(base: BaseCase, head: CaseResult): CaseChange {
  const fixed = head.status === 'pass';
  const result: CaseChange = {
    id: head.id,
    base: base.status,
    head: head.status,
    reason: (fixed ? base.reason : head.reason) ?? '',
    output: typeof head.output === 'string' ? head.output : null,
    file: head.file ?? '',
    line: head.line ?? 0,
  };
  const expected = head.expected ?? base.expected;
  if (expected !== undefined) result.expected = expected;
  if (base.predicted !== undefined) result.basePredicted = base.predicted;
  if (head.predicted !== undefined) result.headPredicted = head.predicted;
  return result;
}

/**
 * Two runs compared a case at a time, so a host can stream runs of a million cases from their files: every
 * base case (addBase), then every head case (addHead), then finish with both runs' other parts (their
 * `cases` are not read). Of each base case only its verdict and what a change lists are kept; of a head
 * case, its id, and the case itself only when it flipped. A case id given twice in a run counts once, the
 * first time.
 */
export interface RunDiffBuilder {
  addBase(c: CaseResult): void;
  addHead(c: CaseResult): void;
  finish(base: RunResults, head: RunResults): RunDiff;
}

const caseId = (c: unknown): string | undefined => {
  const id = (c as CaseResult | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
};

export function startRunDiff(): RunDiffBuilder {
  const baseCases = new Map<string, BaseCase>();
  const headIds = new Set<string>();
  const added: string[] = [];
  const newlyFailing: CaseChange[] = [];
  const newlyPassing: CaseChange[] = [];
  const otherChanges: CaseChange[] = [];
  let paired = 0;
  let bothPassed = 0;
  let bothFailed = 0;
  let b = 0;
  let c = 0;
  const errors = { excluded: 0, newInHead: 0, fixedInHead: 0, inBoth: 0 };
  return {
    addBase(base) {
      // A base case added late would leave the head cases before it unpaired, silently.
      if (headIds.size > 0) throw new Error('startRunDiff: every base case comes before the first head case');
      const id = caseId(base);
      if (id === undefined || baseCases.has(id)) return;
      baseCases.set(id, { status: base.status, reason: base.reason, expected: base.expected, predicted: base.predicted });
    },
    // Head's order: the order of the cases in the spec as it is now.
    addHead(h) {
      const id = caseId(h);
      if (id === undefined || headIds.has(id)) return;
      headIds.add(id);
      const bc = baseCases.get(id);
      if (!bc) {
        added.push(id);
        return;
      }
      paired++;
      if (bc.status === 'error' || h.status === 'error') {
        errors.excluded++;
        if (bc.status === 'error' && h.status === 'error') errors.inBoth++;
        else if (h.status === 'error') errors.newInHead++;
        else errors.fixedInHead++;
      } else if (bc.status === 'pass' && h.status === 'pass') bothPassed++;
      else if (bc.status === 'fail' && h.status === 'fail') bothFailed++;
      else if (bc.status === 'pass') b++;
      else c++;

      if (bc.status === h.status) return;
      if (bc.status === 'pass') newlyFailing.push(change(bc, h));
      else if (h.status === 'pass') newlyPassing.push(change(bc, h));
      else otherChanges.push(change(bc, h));
    },
    finish(base, head) {
      const removed = [...baseCases.keys()].filter((id) => !headIds.has(id));
      const test = mcnemarExact(b, c);
      const n = bothPassed + bothFailed + b + c;
      const mcnemar: McNemarSummary = {
        n,
        bothPassed,
        bothFailed,
        b,
        c,
        discordant: test.discordant,
        pValue: test.pValue,
        baseRate: passRate(bothPassed + b, bothFailed + c).rate,
        headRate: passRate(bothPassed + c, bothFailed + b).rate,
      };

      const baseRate = snapshot(base.summary);
      const headRate = snapshot(head.summary);
      const diff: RunDiff = {
        base: ref(base),
        head: ref(head),
        sameSpec: (base.spec?.id ?? '') === (head.spec?.id ?? ''),
        cases: { paired, added, removed },
        newlyFailing,
        newlyPassing,
        otherChanges,
        mcnemar,
        errors,
        passRate: { base: baseRate, head: headRate, delta: baseRate.rate !== null && headRate.rate !== null ? headRate.rate - baseRate.rate : null },
        classification: classificationChanges(base, head),
        tags: tagChanges(base, head),
        gates: gateChanges(base, head),
        latencyP95: metricChange(base.latency?.p95, head.latency?.p95),
        costPerCase: metricChange(base.cost?.per_case_usd, head.cost?.per_case_usd),
        verdict: '',
        quality: qualityVerdict(mcnemar),
      };
      diff.verdict = diffVerdict(diff);
      return diff;
    },
  };
}

/** Compares two runs; cases are paired by id. */
export function diffRuns(base: RunResults, head: RunResults): RunDiff {
  const diff = startRunDiff();
  for (const c of Array.isArray(base.cases) ? base.cases : []) diff.addBase(c);
  for (const c of Array.isArray(head.cases) ? head.cases : []) diff.addHead(c);
  return diff.finish(base, head);
}

/** Labels of both runs: base's order, then any head adds. */
function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

function classificationChanges(base: RunResults, head: RunResults): RunDiff['classification'] {
  const bc = base.classification;
  const hc = head.classification;
  if (!bc && !hc) return null;
  const labels = union(bc?.labels ?? [], hc?.labels ?? []);
  return {
    labels,
    perClass: labels.map((label) => {
      const bm = bc?.per_class?.[label];
      const hm = hc?.per_class?.[label];
      return {
        label,
        precision: metricChange(bm?.precision, hm?.precision),
        recall: metricChange(bm?.recall, hm?.recall),
        f1: metricChange(bm?.f1, hm?.f1),
        support: metricChange(bm?.support, hm?.support),
      };
    }),
    accuracy: metricChange(bc?.accuracy, hc?.accuracy),
    macroF1: metricChange(bc?.macro_f1, hc?.macro_f1),
    weightedF1: metricChange(bc?.weighted_f1, hc?.weighted_f1),
    kappa: metricChange(bc?.kappa, hc?.kappa),
  };
}

function tagChanges(base: RunResults, head: RunResults): TagChange[] {
  const tags = union(Object.keys(base.by_tag ?? {}), Object.keys(head.by_tag ?? {})).sort((x, y) => x.localeCompare(y));
  return tags.map((tag) => {
    const b = base.by_tag?.[tag];
    const h = head.by_tag?.[tag];
    const bs = b ? snapshot(b) : null;
    const hs = h ? snapshot(h) : null;
    return { tag, base: bs, head: hs, delta: metricChange(bs?.rate, hs?.rate).delta };
  });
}

function gateChanges(base: RunResults, head: RunResults): GateChange[] {
  const list = (r: RunResults) => (Array.isArray(r.summary?.gates) ? r.summary.gates : []);
  const baseGates = new Map(list(base).map((g) => [g.name, g]));
  const headGates = new Map(list(head).map((g) => [g.name, g]));
  const names = union([...headGates.keys()], [...baseGates.keys()]);
  return names.map((name) => {
    const b = baseGates.get(name) ?? null;
    const h = headGates.get(name) ?? null;
    let transition: GateTransition;
    if (!b) transition = 'added';
    else if (!h) transition = 'removed';
    else if (b.passed && h.passed) transition = 'still passing';
    else if (b.passed) transition = 'newly failing';
    else if (h.passed) transition = 'newly passing';
    else transition = 'still failing';
    return { name, transition, base: b, head: h };
  });
}
