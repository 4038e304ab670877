// Every Wilson rate gate of a spec with its power at the cases the spec has (metrics/gate-power.ts): what the
// gate-power lint rule reports and the editor's CodeLens shows, from this one function so the two agree.
import { gatePower, type GatePower } from '../metrics/index.js';
import type { ParsedSpec, SourceRange } from '../spec/types.js';
import { buildContext } from './context.js';
import type { LastRunRates } from './last-run-rates.js';
import { rateGatesOf } from './rate-gates.js';
import type { LintContext } from './types.js';

export interface RateGatePower {
  /** The gate's name in the results, e.g. `per_tag.adversarial`. */
  name: string;
  /** Its value in the frontmatter. */
  range: SourceRange;
  /** The minimum as written in the spec ("0.90" stays "0.90"). */
  shown: string;
  decideOn: 'point' | 'lower_bound';
  /** What its cases are: "cases tagged edge", "outputs predicted as refuse". */
  what: string;
  /**
   * Where n comes from: the spec's cases, or the last run for a gate whose cases only a run knows (a
   * precision); `unknown` when it is such a gate and no run was saved.
   */
  nFrom: 'spec' | 'last run' | 'unknown';
  /** A saved run was given (whether or not it observed this gate's rate). */
  runSaved: boolean;
  /** Its numbers; absent when n is unknown. With the last run's rate when that run observed one. */
  power?: GatePower;
}

/** The powers of a spec's rate gates, sized by the rates of its last saved run when one is given. */
export function rateGatePowers(spec: ParsedSpec, lastRun?: LastRunRates): RateGatePower[] {
  return rateGatePowersIn(spec, buildContext(spec, lastRun));
}

/** {@link rateGatePowers} over a lint context built already. */
export function rateGatePowersIn(spec: ParsedSpec, context: LintContext): RateGatePower[] {
  const gates = context.gates;
  // Without every case (an unread case file) no count is right; without any, missing-cases says so.
  if (!gates || !context.casesKnown || spec.cases.length === 0) return [];
  const decideOn = gates.decide_on === 'lower_bound' ? 'lower_bound' : 'point';
  const powers: RateGatePower[] = [];
  for (const gate of rateGatesOf(spec, gates, context.caseStats())) {
    const { target } = gate;
    if (typeof target !== 'number' || !(target >= 0 && target <= 1)) continue; // schema validation reports it
    const at = context.locateFrontmatter(gate.path);
    if (!at) continue;
    const written = context.text.slice(at.value.start, at.value.end).trim();
    const observed = context.lastRun?.[gate.name];
    const n = gate.n ?? observed?.n;
    const entry: RateGatePower = {
      name: gate.name,
      range: at.value,
      shown: Number(written) === target ? written : String(target),
      decideOn,
      what: gate.what,
      nFrom: gate.n !== undefined ? 'spec' : n !== undefined ? 'last run' : 'unknown',
      runSaved: context.lastRun !== undefined,
    };
    if (n !== undefined) entry.power = gatePower(n, target, observed?.rate ?? undefined);
    powers.push(entry);
  }
  return powers;
}
