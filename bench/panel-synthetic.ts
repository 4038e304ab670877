// A large synthetic run for the results panel's benchmark and its virtualization test: N cases over K labels
// with realistic text lengths, tags, meta fields, confidences, latencies and costs, summarized by the
// engine's own summarize() so every number in it is what a real run of that size would report.
import { summarize } from '../src/core/eval/summarize.js';
import type { SpecConfig } from '../src/core/spec/config.js';
import type { CaseResult, RunResults } from '../src/shared/results.js';

/** A small deterministic PRNG (mulberry32), so every run of the bench sees the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'account billing charge refund invoice password login error crash feature request please help urgent thanks card subscription plan upgrade downgrade cancel export report slow timeout broken email phone address update'.split(' ');

export function syntheticRun(cases = 10_000, labelCount = 20, seed = 42): RunResults {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const sentence = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const labels = Array.from({ length: labelCount }, (_, i) => `label_${String(i + 1).padStart(2, '0')}`);
  // Skewed class frequencies, like real traffic: a few common labels, a long tail of rare ones.
  const weights = labels.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const drawLabel = () => {
    let r = random() * total;
    for (let i = 0; i < labels.length; i++) {
      r -= weights[i]!;
      if (r <= 0) return labels[i]!;
    }
    return labels[labels.length - 1]!;
  };
  const tags = ['core', 'edge', 'adversarial', 'regression', 'multilingual', 'long', 'angry', 'prompt-injection'];
  const channels = ['web', 'email', 'chat', 'phone'];
  const plans = ['free', 'pro', 'enterprise'];
  const results: CaseResult[] = [];
  for (let i = 0; i < cases; i++) {
    const expected = drawLabel();
    const accuracy = 0.9 - 0.02 * labels.indexOf(expected);
    const r = random();
    const unparsed = r > 0.985;
    const correct = !unparsed && r < accuracy;
    const predicted = unparsed ? null : correct ? expected : pick(labels.filter((l) => l !== expected));
    const error = random() < 0.004;
    const status = error ? 'error' : correct ? 'pass' : 'fail';
    const output = unparsed ? `This ticket is probably about ${sentence(6)}.` : predicted!;
    const caseTags = [pick(tags), ...(random() < 0.3 ? [pick(tags)] : [])].filter((t, k, a) => a.indexOf(t) === k);
    const input = `${sentence(20 + Math.floor(random() * 60))}?`;
    const latency = error ? null : Math.round(150 + random() * 400 + (random() < 0.05 ? random() * 3000 : 0));
    const inTokens = 400 + Math.floor(input.length / 4);
    results.push({
      id: `case-${String(i + 1).padStart(5, '0')}`,
      status,
      input,
      output: error ? null : output,
      predicted: error ? null : predicted,
      expected,
      tags: caseTags,
      reason: status === 'pass' ? '' : error ? 'openai: 503 Service Unavailable after 3 retries' : unparsed ? `expected "${expected}", but the output matches no label` : `predicted "${predicted}", expected "${expected}"`,
      classify_reason: unparsed ? 'no rule matched' : `output is the label "${predicted}"`,
      checks: [{ kind: 'regex', passed: !unparsed, reason: unparsed ? 'no match' : `matched at "${predicted}"`, source: 'criterion:single-label' }],
      criteria: [{ id: 'single-label', passed: !unparsed, reason: unparsed ? 'no match' : 'matched', weight: 1, critical: true, graded_by: 'check' }],
      anti_patterns: unparsed ? [{ id: 'explains', name: 'explains instead of labelling', matched: 'This ticket is' }] : [],
      score: unparsed ? 0 : 1,
      confidence: Math.round((correct ? 0.55 + random() * 0.45 : 0.3 + random() * 0.45) * 1000) / 1000,
      latency_ms: latency,
      usage: error ? null : { input_tokens: inTokens, output_tokens: unparsed ? 12 : 1 },
      cost_usd: error ? null : (inTokens * 0.15 + 1 * 0.6) / 1_000_000,
      cached: false,
      file: 'specs/synthetic/cases.jsonl',
      line: i + 1,
      meta: { channel: pick(channels), plan: pick(plans) },
    } as CaseResult);
  }
  const config = {
    aispec: 1,
    id: 'synthetic-triage',
    title: `Synthetic triage: ${cases.toLocaleString('en-US')} cases, ${labelCount} labels`,
    labels,
    gates: { pass_rate: 0.8, macro_f1: 0.7, recall: { [labels[labels.length - 1]!]: 0.8 }, latency_p95_ms: 1500, per_tag: { adversarial: 0.8 } },
    pricing: { input_per_mtok: 0.15, output_per_mtok: 0.6, traffic_per_day: 50_000 },
  } as unknown as SpecConfig;
  const summary = summarize(results, config, { complete: true });
  return {
    format: 'aispec-results',
    version: 1,
    aispec_version: 'bench',
    spec: { id: config.id, title: config.title, file: 'specs/synthetic/synthetic.aispec.md', labels, gates: config.gates as Record<string, unknown>, pricing: config.pricing! },
    run: {
      id: '2026-01-01T00-00-00-000Z',
      started_at: '2026-01-01T00:00:00.000Z',
      finished_at: '2026-01-01T00:05:00.000Z',
      duration_ms: 300_000,
      complete: true,
      unfinished: [],
      repeat: 1,
      concurrency: 8,
      target: { provider: 'openai', model: 'gpt-4o-mini' },
      cache: { hits: 0, misses: cases, enabled: true },
    },
    ...summary,
    cases: results,
  };
}
