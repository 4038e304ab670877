// Whether a saved run was made with a given version of a spec, for `aispec review` when no results files are
// given. A results file carries no digest of the spec it ran; it does carry the spec's id, gates, labels and
// pricing, the target's provider and model, and the ids of the cases it ran. A run matches a version when all
// of these agree. What results cannot show (the prompt's text, a criterion's wording, a case's input) cannot
// tell two versions apart, so `versionsDistinguishable` says when saved runs can decide at all.
import { specConfig } from '../spec/config.js';
import type { ParsedSpec } from '../spec/types.js';
import { isRecord } from '../util/is-record.js';
import type { RunResults } from '../../shared/results.js';

interface RunFingerprint {
  id: string;
  gates: unknown;
  labels: unknown;
  pricing: unknown;
  provider: unknown;
  model: unknown;
  caseIds: string[];
}

function fromSpec(spec: ParsedSpec): RunFingerprint {
  const config = specConfig(spec);
  const target: Record<string, unknown> = isRecord(config.target) ? config.target : {};
  return {
    id: config.id,
    gates: config.gates ?? null,
    labels: config.labels ?? null,
    pricing: config.pricing ?? null,
    provider: target.provider ?? null,
    model: target.model ?? null,
    caseIds: [...new Set(spec.cases.map((c) => c.id))].sort(),
  };
}

function fromRun(run: RunResults): RunFingerprint {
  return {
    id: run.spec?.id,
    gates: run.spec?.gates ?? null,
    labels: run.spec?.labels ?? null,
    pricing: run.spec?.pricing ?? null,
    provider: run.run?.target?.provider ?? null,
    model: run.run?.target?.model ?? null,
    caseIds: [...new Set((Array.isArray(run.cases) ? run.cases : []).map((c) => c.id))].sort(),
  };
}

const same = (a: RunFingerprint, b: RunFingerprint) => JSON.stringify(a) === JSON.stringify(b);

export function runMatchesSpec(run: RunResults, spec: ParsedSpec): boolean {
  return same(fromRun(run), fromSpec(spec));
}

/** False when two versions look the same to a results file, so a saved run cannot be assigned to one of them. */
export function versionsDistinguishable(base: ParsedSpec, head: ParsedSpec): boolean {
  return !same(fromSpec(base), fromSpec(head));
}
