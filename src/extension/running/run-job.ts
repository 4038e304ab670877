// One run of a spec as the editor asks for it, in plain data both ways, so that it can cross into the run worker
// (run-worker.ts) and back by structured clone: what to run and what the run may do go in (RunJob: the grants
// were decided on the extension host's main thread, from trust and user settings), what came of it comes out
// (RunJobOutcome: problems already located in the spec's text, results as saved). The run itself is the CLI's:
// checkSpecFile, then runSpecFile or runSpecTargets, so the editor and `aispec eval` stay one engine. No
// 'vscode' here: this runs in a worker thread.
import { comparesTargets, locateDiagnostics, specConfig, textOfFile, type CaseSelection, type Diagnostic, type Grants, type ProgressEvent, type SecretSource } from '../../core/index.js';
import { checkSpecFile, type SpecFileCheck } from '../../node/check-spec-file.js';
import type { RetryEvent } from '../../node/http-client.js';
import { runSpecFile, type RunSpecOptions } from '../../node/run-spec.js';
import { runSpecTargets, type SavedTargetRun } from '../../node/run-targets.js';
import type { SavedDigest } from '../../node/saved-digest.js';
import { createNodeSpecHost } from '../../node/spec-host.js';
import type { ComparisonResults } from '../../shared/comparison.js';
import type { RunResults } from '../../shared/results.js';
import { EDITOR_GRANT_ADVICE } from './editor-grants.js';

/** What the editor asks the worker to run. Plain data: no functions, no secrets (those are asked for one by one). */
export interface RunJob {
  file: string;
  /** Unsaved editor text of the spec. */
  text?: string;
  filter?: CaseSelection;
  targets?: string[];
  onlyFailedFrom?: string;
  concurrency?: number;
  cache: boolean;
  aispecVersion: string;
  providerDefaults?: Record<string, { base_url?: string }>;
  /** Decided on the main thread (editor-grants.ts): the worker never widens them. */
  grants: Grants;
}

/** A problem of the spec, with its place already resolved (the spec's texts stay in the worker). */
export interface LocatedProblem {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

export type RunJobOutcome =
  | { kind: 'invalid'; errors: LocatedProblem[] }
  | { kind: 'setup-failed'; message: string }
  | { kind: 'not-permitted'; problems: LocatedProblem[] }
  /**
   * `digest`: the saved run file's length and CRC-32 as it was written (latest.json, when the run updated it,
   * is the same file), see saved-digest.ts. The main thread uses it only with `latest`.
   */
  | { kind: 'ran'; results: RunResults; saved?: { path: string; latest?: string; digest: SavedDigest }; notes: string[] }
  | { kind: 'compared'; comparison: ComparisonResults; saved: Record<string, SavedTargetRun>; notes: string[] };

export interface RunJobHost {
  /** The secrets this run was granted, asked for one at a time (the main thread reads them and checks the grant again). */
  secrets: SecretSource;
  signal: AbortSignal;
  /** Each finished case; `target` names whose case it was when the spec compares several targets. */
  onProgress: (event: ProgressEvent, target?: string) => void;
  log: (level: 'info' | 'warn', message: string) => void;
  /** The spec was checked (`checked`); the cases are about to start, everything they need set up (`cases`). */
  onPhase?: (phase: 'checked' | 'cases') => void;
}

export async function runJob(job: RunJob, host: RunJobHost): Promise<RunJobOutcome> {
  // Checked once here, as the CLI does: the check says whether the spec runs one target or several, and the
  // runner takes it as checked; with the error rules only, as `aispec eval` (a run acts on errors alone; the
  // editor shows the other problems as you type). Reads outside the project only as far as the grants allow.
  const checked = await checkSpecFile(job.file, { text: job.text, configCache: false, errorsOnly: true, host: createNodeSpecHost({ allowRead: job.grants.read }) });
  host.onPhase?.('checked');
  const compared = comparesTargets(specConfig(checked.spec));
  if (compared) host.log('info', `  targets: ${job.targets?.length ? job.targets.join(', ') : 'every target of the spec'}`);
  const options: RunSpecOptions = {
    checked,
    filter: job.filter,
    onlyFailedFrom: job.onlyFailedFrom,
    concurrency: job.concurrency,
    cache: job.cache,
    signal: host.signal,
    secrets: host.secrets,
    text: job.text,
    aispecVersion: job.aispecVersion,
    providerDefaults: job.providerDefaults,
    grants: job.grants,
    grantAdvice: EDITOR_GRANT_ADVICE,
    onRunStart: () => host.onPhase?.('cases'),
    // The URL's origin only: a path or query may carry an account id or a key.
    onRetry: (e: RetryEvent) => host.log('warn', `  retry ${e.attempt} to ${origin(e.url)} after ${e.reason}, waiting ${Math.round(e.delayMs)} ms`),
  };
  const outcome = compared
    ? await runSpecTargets(job.file, { ...options, ...(job.targets?.length ? { targets: job.targets } : {}), onProgress: (e, target) => host.onProgress(e, target) })
    : await runSpecFile(job.file, { ...options, onProgress: (e) => host.onProgress(e) });
  switch (outcome.kind) {
    case 'invalid':
      return { kind: 'invalid', errors: located(outcome.check, outcome.check.diagnostics.filter((d) => d.severity === 'error')) };
    case 'not-permitted':
      return { kind: 'not-permitted', problems: located(outcome.check, outcome.problems) };
    case 'setup-failed':
      return outcome;
    case 'ran':
      // Each saved run comes with its file's digest, taken as the file was written (saved-digest.ts): the
      // main thread compares latest.json with it instead of parsing it again, and no file is read back here.
      if ('comparison' in outcome) return { kind: 'compared', comparison: outcome.comparison, saved: outcome.saved, notes: outcome.notes };
      return outcome;
  }
}

function located(check: SpecFileCheck, diagnostics: Diagnostic[]): LocatedProblem[] {
  const { spec } = check;
  return locateDiagnostics(diagnostics, (f) => textOfFile(spec, f)).map(({ file, line, column, rule, message }) => ({ file, line, column, rule, message }));
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the server';
  }
}
