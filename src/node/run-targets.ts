// Running a spec that compares several targets (`targets:`): every target's normal run on the same cases,
// side by side, then the comparison. All targets are built and pass their preflight before any request (a
// missing key of one stops them all with exit 2, as for one target); their requests share one budget of
// `concurrency` slots, first come first served, so no target starves another. Each run is saved like any
// run (latest.<target>.json beside it) and every reporter works on it.
import { comparisonResults, configForTarget, didYouMean, SharedSlots, specConfig, specTargets, type Diagnostic, type ProgressEvent, type SpecTarget } from '../core/index.js';
import type { ComparisonResults } from '../shared/comparison.js';
import { checkSpecFile, type SpecFileCheck } from './check-spec-file.js';
import { createNodeSpecHost } from './spec-host.js';
import { displayFile, prepareTargetRun, type PreparedRun, type RunSpecOptions } from './run-spec.js';
import type { SavedDigest } from './saved-digest.js';

export interface RunTargetsOptions extends Omit<RunSpecOptions, 'onProgress'> {
  /** Names of the targets to run (`--target`), in any order; default every target. */
  targets?: string[];
  /** Progress over every target's cases together (`done` and `total` count them all), and whose case it was. */
  onProgress?: (event: ProgressEvent, target: string) => void;
}

export interface SavedTargetRun {
  path: string;
  latest?: string;
  /** The run file's length and CRC-32 as it was written; latest.<target>.json, when written, is the same bytes. */
  digest: SavedDigest;
}

export type RunTargetsOutcome =
  | { kind: 'invalid'; check: SpecFileCheck }
  | { kind: 'setup-failed'; message: string }
  /** Some target (or the judge) asks for what the grants do not allow: nothing ran; every problem of every target. */
  | { kind: 'not-permitted'; check: SpecFileCheck; problems: Diagnostic[] }
  | { kind: 'ran'; comparison: ComparisonResults; saved: Record<string, SavedTargetRun>; notes: string[] };

export async function runSpecTargets(file: string, options: RunTargetsOptions): Promise<RunTargetsOutcome> {
  const check = options.checked ?? (await checkSpecFile(file, { text: options.text, configCache: false, errorsOnly: true, host: createNodeSpecHost({ allowRead: options.grants.read }) }));
  if (check.diagnostics.some((d) => d.severity === 'error')) return { kind: 'invalid', check };
  const config = specConfig(check.spec);
  const all = specTargets(config);
  const picked = pickTargets(all, options.targets ?? []);
  if (typeof picked === 'string') return { kind: 'setup-failed', message: `${displayFile(file)}: ${picked}` };

  const slots = new SharedSlots(options.concurrency ?? config.concurrency ?? 8);
  // The targets of one comparison share a start time in their run ids (and are told apart by name).
  const startedAt = new Date().toISOString().replace(/[:.]/g, '-');
  // Every target runs the same cases: the whole is one target's total times the targets.
  let done = 0;
  const progress = options.onProgress;
  const onProgress = progress ? (target: string, e: ProgressEvent) => progress({ ...e, done: ++done, total: e.total * picked.length }, target) : undefined;
  const prepared: Array<{ target: SpecTarget; run: Extract<PreparedRun, { kind: 'ready' }> }> = [];
  const refused: Diagnostic[] = [];
  const closePrepared = () => Promise.all(prepared.map((p) => p.run.close()));
  // onRunStart is called once, when every target is ready, not once per target's run.
  const { onProgress: _perRun, targets: _names, onRunStart, ...rest } = options;
  for (const target of picked) {
    let run: PreparedRun;
    try {
      run = await prepareTargetRun(file, check, configForTarget(config, target), {
        ...rest,
        targetName: target.name,
        runId: `${startedAt}-${target.name}`,
        slots,
        ...(onProgress ? { onProgress: (e: ProgressEvent) => onProgress(target.name, e) } : {}),
      });
    } catch (error) {
      await closePrepared();
      throw error;
    }
    // A permission problem of one target does not stop the others' checks: the user sees every grant missing.
    if (run.kind === 'not-permitted') {
      for (const problem of run.problems) if (!refused.some((p) => samePlace(p, problem))) refused.push(problem);
      continue;
    }
    if (run.kind !== 'ready') {
      await closePrepared();
      return run;
    }
    prepared.push({ target, run });
  }
  if (refused.length > 0) {
    await closePrepared();
    return { kind: 'not-permitted', check, problems: refused };
  }

  onRunStart?.();
  const outcomes = await Promise.all(prepared.map((p) => p.run.run()));
  const saved: Record<string, SavedTargetRun> = {};
  const notes: string[] = [];
  outcomes.forEach((outcome, i) => {
    const name = prepared[i]!.target.name;
    if (outcome.saved) saved[name] = outcome.saved;
    for (const note of outcome.notes) if (!notes.includes(note)) notes.push(note);
  });
  const comparison = comparisonResults(outcomes.map((o, i) => ({ name: prepared[i]!.target.name, results: o.results })));
  return { kind: 'ran', comparison, saved, notes };
}

/** The targets `--target` names, in the spec's order; every target when none is named; or what is wrong. */
function pickTargets(all: SpecTarget[], names: string[]): SpecTarget[] | string {
  if (all.length === 0) return 'the spec has no target to run.';
  const known = all.map((t) => t.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    const guesses = unknown.map((n) => didYouMean(n, known)).filter((g): g is string => g !== undefined);
    return `no target named ${unknown.map((n) => `"${n}"`).join(', ')}; the spec's targets are ${known.join(', ')}.${guesses.length ? ` Did you mean ${guesses.map((g) => `"${g}"`).join(', ')}?` : ''} Nothing was run.`;
  }
  return names.length === 0 ? all : all.filter((t) => names.includes(t.name));
}

/** The same problem found again (the judge's, asked about once per target). */
function samePlace(a: Diagnostic, b: Diagnostic): boolean {
  return a.message === b.message && a.range.start === b.range.start && a.range.file === b.range.file;
}
