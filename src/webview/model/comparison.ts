// What the Compare view draws of a spec run on several targets, as plain data (no DOM, so the unit tests
// check it): where each target sits on the quality-against-cost chart (cost on a log axis), which targets
// form the Pareto front, the pass-rate gate thresholds, the per-gate table (gates by targets), and the
// cases on which the targets' statuses differ, a page at a time.
import type { ComparedTarget, ComparisonResults } from '../../shared/comparison.js';
import type { CaseResult, CaseStatus, GateResult } from '../../shared/results.js';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const knownCost = (t: ComparedTarget): number | null => (isNumber(t.cost_per_case_usd) && t.cost_per_case_usd > 0 ? t.cost_per_case_usd : null);

/**
 * The targets no other target beats on both counts: none is at most as expensive and at least as good with
 * one of the two strictly better. Only targets with a known (positive) cost and a pass rate take part: one
 * without either cannot be placed, so it is neither on the front nor said to be beaten.
 */
export function paretoFront(targets: readonly ComparedTarget[]): Set<string> {
  const placed = targets.filter((t) => knownCost(t) !== null && isNumber(t.pass_rate));
  const front = new Set<string>();
  for (const t of placed) {
    const [cost, rate] = [knownCost(t)!, t.pass_rate!];
    const beaten = placed.some((o) => o !== t && knownCost(o)! <= cost && o.pass_rate! >= rate && (knownCost(o)! < cost || o.pass_rate! > rate));
    if (!beaten) front.add(t.name);
  }
  return front;
}

export interface LogAxis {
  /** The domain, in dollars per case: powers of ten around the known costs. */
  min: number;
  max: number;
  /** One tick per power of ten in the domain. */
  ticks: number[];
  /** Where a cost falls, 0 (min) to 1 (max). */
  position(cost: number): number;
}

/** A log axis spanning every known cost with whole decades at both ends; null when no cost is known. */
export function costAxis(targets: readonly ComparedTarget[]): LogAxis | null {
  const costs = targets.map(knownCost).filter((c): c is number => c !== null);
  if (costs.length === 0) return null;
  let lo = Math.floor(Math.log10(Math.min(...costs)));
  let hi = Math.ceil(Math.log10(Math.max(...costs)));
  // A point on a decade would sit on the chart's edge: give it room.
  if (lo === Math.log10(Math.min(...costs))) lo -= 1;
  if (hi === Math.log10(Math.max(...costs)) || hi === lo) hi += 1;
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) ticks.push(decade(e));
  return { min: decade(lo), max: decade(hi), ticks, position: (cost) => (Math.log10(cost) - lo) / (hi - lo) };
}

/** 10^e as the nearest double to the decimal (10 ** -4 is 0.00009999999999999999 in V8; 1 / 10 ** 4 is not). */
function decade(e: number): number {
  return e < 0 ? 1 / 10 ** -e : 10 ** e;
}

/** The pass-rate axis: from a tenth below the lowest interval end or threshold to 1. */
export function rateDomain(targets: readonly ComparedTarget[], thresholds: readonly number[]): [number, number] {
  const lows = [...targets.map((t) => (t.pass_rate_ci95 ? t.pass_rate_ci95[0] : t.pass_rate)), ...thresholds].filter(isNumber);
  if (lows.length === 0) return [0, 1];
  return [Math.max(0, Math.floor(Math.min(...lows) * 10 - 0.5) / 10), 1];
}

/** The distinct pass_rate gate targets of the targets' runs (one spec, so normally one). */
export function passRateThresholds(data: ComparisonResults): number[] {
  const values = new Set<number>();
  for (const run of Object.values(data.targets)) {
    for (const g of gatesOf(run)) if (g.name === 'pass_rate' && isNumber(g.target)) values.add(g.target);
  }
  return [...values].sort((a, b) => a - b);
}

export type GateCellState = 'pass' | 'fail' | 'undecided' | 'absent';

export interface GateCell {
  state: GateCellState;
  gate: GateResult | null;
}

export interface GateRow {
  name: string;
  /** One cell per target, in the comparison's order. */
  cells: GateCell[];
}

/** Rows are gates (in the order the first target that has them lists them), columns the targets. */
export function gateTable(data: ComparisonResults): GateRow[] {
  const names: string[] = [];
  const byTarget = data.comparison.targets.map((t) => {
    const gates = new Map<string, GateResult>();
    for (const g of gatesOf(data.targets[t.name])) {
      if (!names.includes(g.name)) names.push(g.name);
      gates.set(g.name, g);
    }
    return gates;
  });
  return names.map((name) => ({
    name,
    cells: byTarget.map((gates) => {
      const gate = gates.get(name) ?? null;
      if (!gate) return { state: 'absent', gate: null };
      return { state: !gate.passed ? 'fail' : gate.decided === false ? 'undecided' : 'pass', gate };
    }),
  }));
}

function gatesOf(run: unknown): GateResult[] {
  const gates = (run as { summary?: { gates?: unknown } } | undefined)?.summary?.gates;
  return Array.isArray(gates) ? gates.filter((g): g is GateResult => typeof g === 'object' && g !== null && typeof (g as GateResult).name === 'string') : [];
}

function casesOf(run: unknown): CaseResult[] {
  const cases = (run as { cases?: unknown } | undefined)?.cases;
  return Array.isArray(cases) ? cases.filter((c): c is CaseResult => typeof c === 'object' && c !== null && typeof (c as CaseResult).id === 'string') : [];
}

export interface Disagreement {
  id: string;
  /** Each target's result for the case, in the comparison's order; null where that target has no such case. */
  results: Array<CaseResult | null>;
}

/** Status a case has on a target, `missing` when the target's run lacks it. */
export function statusOn(result: CaseResult | null): CaseStatus | 'missing' {
  return result ? result.status : 'missing';
}

/**
 * The cases whose status is not the same on every target (a case one target lacks counts as differing), in
 * the order the targets list them.
 */
export function disagreements(data: ComparisonResults): Disagreement[] {
  const names = data.comparison.targets.map((t) => t.name);
  const maps = names.map((name) => new Map(casesOf(data.targets[name]).map((c) => [c.id, c])));
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const map of maps) {
    for (const id of map.keys()) {
      if (!seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    }
  }
  const out: Disagreement[] = [];
  for (const id of ids) {
    const results = maps.map((m) => m.get(id) ?? null);
    if (new Set(results.map(statusOn)).size > 1) out.push({ id, results });
  }
  return out;
}

export interface Page<T> {
  items: T[];
  /** The page shown, clamped to the pages there are (0-based). */
  index: number;
  count: number;
  /** Position of the first item shown (0-based). */
  first: number;
}

/** One page of `size` items; an index out of range shows the nearest page. */
export function pageOf<T>(items: readonly T[], index: number, size: number): Page<T> {
  const count = Math.max(1, Math.ceil(items.length / size));
  const at = Math.max(0, Math.min(count - 1, Math.floor(index)));
  return { items: items.slice(at * size, at * size + size), index: at, count, first: at * size };
}
