// `aispec merge`: joins the results of shards (--shard i/n) of one spec into the results one run would have
// produced. Cases come back in spec order (shards are round-robin, so order is restored by file and line),
// and every number is recomputed from the cases (the judge's calibration from the shards' pairs).
import type { SpecConfig } from '../spec/config.js';
import type { CaseResult, CostStats, OutputsOrigin, RunResults } from '../../shared/results.js';
import { mergeJudgeAgreement } from './merge-judge-agreement.js';
import { isSubsetRun } from './select-cases.js';
import { createCostTally, createSummaryTally, withJudgeSpend, type JudgeSpend, type Summary } from './summarize.js';

export class MergeError extends Error {}

export function mergeRuns(parts: readonly RunResults[]): RunResults {
  const merge = startRunMerge(parts);
  // Every shard's cases, then in spec order (a stable sort: equal places keep the shards' order).
  parts.forEach((part, index) => {
    for (const c of part.cases) merge.addToShard(c, index);
  });
  const cases = parts.flatMap((part) => part.cases).sort(merge.compare);
  for (const c of cases) merge.add(c);
  return { ...merge.finish(), cases };
}

/**
 * A merge of shards' runs that is given their cases one at a time, so that a host can stream them from the
 * shards' files (`aispec merge` of a million cases) instead of holding them: mergeRuns is this over cases in
 * memory. `parts` are the shards' runs; their `cases` are not read.
 */
export interface RunMerge {
  /** The order of the merged cases: the spec's own (inline) cases first, then its case file's, each by line. */
  compare(a: CaseResult, b: CaseResult): number;
  /** Each case of shard `shard`, in that shard's order (its spend is the shard's). */
  addToShard(c: CaseResult, shard: number): void;
  /** Each case of the merged run, in `compare` order (a case in two shards is a MergeError). */
  add(c: CaseResult): void;
  /** The merged run with every number recomputed from the cases added; its `cases` list is left empty. */
  finish(): RunResults;
}

export function startRunMerge(parts: readonly RunResults[]): RunMerge {
  if (parts.length === 0) throw new MergeError('nothing to merge: give two or more results files.');
  const first = parts[0]!;
  for (const part of parts) {
    if (part.spec.id !== first.spec.id) throw new MergeError(`cannot merge runs of different specs: "${first.spec.id}" and "${part.spec.id}".`);
    // Shards of different versions of one spec would make a run of neither (older results record no digest).
    if (part.spec.digest !== undefined && first.spec.digest !== undefined && part.spec.digest !== first.spec.digest) {
      throw new MergeError(`cannot merge runs of different versions of spec "${first.spec.id}": their spec digests differ (the spec or a file it names changed between shards). Run every shard on the same commit.`);
    }
  }
  const shards = parts.map((p) => p.run.shard);
  if (shards.some(Boolean)) {
    const count = shards[0]?.count;
    const indices = shards.map((s) => (s && s.count === count ? s.index : -1)).sort((a, b) => a - b);
    const expected = Array.from({ length: count ?? 0 }, (_, i) => i + 1);
    if (!count || indices.join() !== expected.join()) {
      const have = shards.map((s) => (s ? `${s.index}/${s.count}` : 'unsharded')).join(', ');
      throw new MergeError(`merge needs every shard 1/${count ?? 'n'} … ${count ?? 'n'}/${count ?? 'n'} exactly once; got ${have}.`);
    }
  }
  const rank = (c: CaseResult) => (c.file === first.spec.file ? 0 : 1);
  const config = { id: first.spec.id, title: first.spec.title, labels: first.spec.labels, gates: first.spec.gates, pricing: first.spec.pricing } as SpecConfig;
  // The shards' case counts size the summary's per-case lists (a results file from elsewhere may lack them).
  const expectedCases = parts.reduce((n, p) => n + (typeof p.summary?.total === 'number' ? p.summary.total : 0), 0);
  const summary = createSummaryTally(config, expectedCases);
  const shardCosts = parts.map((p) => createCostTally({ pricing: p.spec.pricing }));
  const seen = new Set<string>();
  return {
    compare: (a, b) => rank(a) - rank(b) || (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1),
    addToShard(c, shard) {
      shardCosts[shard]!.add(c);
    },
    add(c) {
      if (seen.has(c.id)) throw new MergeError(`case "${c.id}" appears in more than one shard: were the same shards merged twice?`);
      seen.add(c.id);
      summary.add(c);
    },
    finish() {
      const complete = parts.every((p) => p.run.complete);
      // Shards of the whole spec make the whole; runs of a --tag or --case selection (sharded or not) stay a subset.
      const subset = parts.some((p) => isSubsetRun({ run: { filter: p.run.filter } }));
      const unfinished = parts.flatMap((p) => p.run.unfinished);
      const started = Math.min(...parts.map((p) => Date.parse(p.run.started_at)));
      const finished = Math.max(...parts.map((p) => Date.parse(p.run.finished_at)));
      const { shard: _shard, ...runBase } = first.run;
      const judge = mergeJudgeAgreement(parts.map((p) => p.judge_agreement));
      const { judge_agreement: _firstShardsCalibration, cases: _firstShardsCases, ...firstRest } = first;
      // The merged run is of one known version only when every shard says which (a shard from before digests: unknown).
      const { digest: _digest, ...specWithoutDigest } = first.spec;
      const spec = parts.every((p) => p.spec.digest !== undefined) ? first.spec : specWithoutDigest;
      return {
        ...firstRest,
        spec,
        run: {
          ...runBase,
          id: `merged-${new Date(finished).toISOString().replace(/[:.]/g, '-')}`,
          started_at: new Date(started).toISOString(),
          finished_at: new Date(finished).toISOString(),
          duration_ms: finished - started,
          complete,
          unfinished,
          ...mergedOutputs(parts),
          cache: {
            enabled: parts.some((p) => p.run.cache.enabled),
            hits: parts.reduce((s, p) => s + p.run.cache.hits, 0),
            misses: parts.reduce((s, p) => s + p.run.cache.misses, 0),
          },
        },
        ...withShardsCalibrationSpend(
          summary.finish({
            complete,
            unfinished: unfinished.length,
            subset,
            ...(judge === undefined ? {} : 'agreement' in judge ? { judgeAgreement: judge.agreement } : { judgeAgreementAbsent: judge.absent }),
          }),
          parts,
          shardCosts.map((tally) => tally.finish()),
        ),
        cases: [],
      };
    },
  };
}

/**
 * Every shard graded the examples to calibrate the judge, and paid for it: that spend is not in any case, so
 * it is taken from each shard's judge totals less its cases' share, and added to the cases' own.
 */
function withShardsCalibrationSpend(summary: Summary, parts: readonly RunResults[], casesCosts: readonly CostStats[]): Summary {
  const tokens: JudgeSpend = { calls: 0, input_tokens: 0, output_tokens: 0 };
  let usd: number | null = null;
  for (const [index, part] of parts.entries()) {
    // A results file from elsewhere may lack a cost: then it adds nothing.
    const cost = part.cost as CostStats | undefined;
    if (!cost) continue;
    const ofCases = casesCosts[index]!;
    const total = cost.judge_tokens;
    if (total) {
      tokens.calls += total.calls - (ofCases.judge_tokens?.calls ?? 0);
      tokens.input_tokens += total.input_tokens - (ofCases.judge_tokens?.input_tokens ?? 0);
      tokens.output_tokens += total.output_tokens - (ofCases.judge_tokens?.output_tokens ?? 0);
    }
    const paid = (cost.judge_usd ?? 0) - (ofCases.judge_usd ?? 0);
    if (paid > 1e-12) usd = (usd ?? 0) + paid; // a sum less its own parts can be a rounding crumb, not a spend
  }
  return { ...summary, cost: withJudgeSpend(summary.cost, tokens, usd) };
}

/**
 * Where the merged outputs came from: the least fresh of the shards' (reused over resumed over fresh), with
 * the oldest time any shard reports. Absent when no shard recorded it.
 */
function mergedOutputs(parts: readonly RunResults[]): { outputs?: OutputsOrigin } {
  const origins = parts.map((p) => p.run.outputs).filter((o): o is OutputsOrigin => o !== undefined);
  if (origins.length === 0) return {};
  const rank = { fresh: 0, resumed: 1, reused: 2 } as const;
  const source = origins.reduce((a, o) => (rank[o.source] > rank[a] ? o.source : a), 'fresh' as OutputsOrigin['source']);
  const oldest = origins.map((o) => o.oldest_at).filter((t): t is string => typeof t === 'string').sort()[0];
  const fromRuns = [...new Set(origins.map((o) => o.from_run).filter((r): r is string => typeof r === 'string'))];
  return { outputs: { source, ...(fromRuns.length === 1 ? { from_run: fromRuns[0] } : {}), ...(oldest ? { oldest_at: oldest } : {}) } };
}
