// Whether a saved run was made with a given version of a spec, for `aispec review` and the editor's Compare
// with Base Branch when no results files are given. A run that records `spec.digest` (spec-digest.ts) matches
// exactly the version with that digest. An older run carries no digest; it does carry the spec's id, gates,
// labels and pricing, the target's provider and model, and the ids of the cases it ran, and matches a version
// when all of these agree. What that fingerprint cannot show (the prompt's text, a criterion's wording, a
// case's input) cannot tell two versions apart, so `versionsDistinguishable` says when an older run can decide.
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

/**
 * With the version's `digest` and a run that records one, the digests decide; otherwise the fingerprint does,
 * unless `fingerprintAmbiguous` says the two versions compared share it (an older run then matches neither).
 */
export function runMatchesSpec(run: RunResults, spec: ParsedSpec, digest?: string, fingerprintAmbiguous = false): boolean {
  const recorded = run.spec?.digest;
  if (typeof recorded === 'string' && digest !== undefined) return recorded === digest;
  return !fingerprintAmbiguous && same(fromRun(run), fromSpec(spec));
}

/** False when two versions look the same to a results file without a digest, so such a run cannot be assigned to one of them. */
export function versionsDistinguishable(base: ParsedSpec, head: ParsedSpec): boolean {
  return !same(fromSpec(base), fromSpec(head));
}
