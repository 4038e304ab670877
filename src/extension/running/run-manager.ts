// The one place that runs a spec from the editor: the trust gate, one run per spec at a time, progress in a
// notification with cancel, the output channel log, and the result recorded in services.runs (which the
// CodeLens, gutter marks, hovers, Test Explorer and results panel follow). The run itself is runSpecFile,
// exactly the CLI's path: check, target, cache, run, save atomically; cancel keeps finished cases. It runs in
// a worker thread (run-worker-client.ts, run-job.ts), so a large run and its grading never block the extension
// host. What the run may do (commands, secrets to hosts, reads) comes from editor-grants.ts: trust and user
// settings, decided here on the main thread; the worker asks for each secret and gets only the granted ones.
// A spec that compares several targets (`targets:`) runs through runSpecTargets, the CLI's `aispec eval`
// path for it: every target prepared before any request, one shared concurrency pool, one run saved per
// target; each target's run is recorded like a one-target run, so the marks, lenses and Test Explorer
// follow it per target.
import { relative } from 'node:path';
import * as vscode from 'vscode';
import { secretAllowed, type CaseSelection, type ProgressEvent } from '../../core/index.js';
import { filesystemRoots } from '../../node/grants.js';
import { projectRoot } from '../../node/project-paths.js';
import type { ComparisonResults } from '../../shared/comparison.js';
import type { RunResults } from '../../shared/results.js';
import { Disposable } from '../dispose.js';
import type { Services } from '../services.js';
import { editorGrants } from './editor-grants.js';
import { comparisonSummaryLine, plural, runSummaryLine, targetSummaryLine } from './format.js';
import type { RunJob, RunJobOutcome } from './run-job.js';
import { runInWorker } from './run-worker-client.js';
import type { RunWorkerTimings } from './run-worker-protocol.js';
import { describeRunTimings } from './run-timings.js';
import type { EditorSecrets } from './secrets.js';
import { readPermissionSettings, readRunSettings } from './settings.js';
import { whenTrusted } from './trust-gate.js';
import type { Trust } from './trust.js';

export const SHOW_RESULTS_COMMAND = 'aispec.showResults';
const RUNNING_CONTEXT = 'aispec.running';
/** How often the progress notification's message is updated during a run. */
const PROGRESS_REPORT_MS = 100;

export interface RunRequest {
  uri: vscode.Uri;
  filter?: CaseSelection;
  /** Of a spec that compares several targets: the names of those to run (default every target). */
  targets?: string[];
  /** Path (relative to the project root) of the run whose failed cases these are. */
  onlyFailedFrom?: string;
  /** What the notification and log call this run: "Run eval", "Run case dose-001"… */
  label?: string;
  /** Log every case at info level (the Test Explorer's Debug profile). */
  verbose?: boolean;
  concurrency?: number;
  /** `notification`: progress with a Cancel button (palette, CodeLens); `silent`: the caller shows progress (Test Explorer). */
  progress?: 'notification' | 'silent';
  token?: vscode.CancellationToken;
  /** Each finished case; `target` names whose case it was when the spec compares several targets. */
  onProgress?: (event: ProgressEvent, target?: string) => void;
  /** Open the results panel afterwards (when the setting allows it). */
  showResults?: boolean;
}

export type RunOutcome =
  | { kind: 'ran'; results: RunResults; savedPath?: string }
  /** A spec that compares several targets ran: each target's run, in the spec's order, and the comparison. */
  | { kind: 'compared'; runs: TargetRunOutcome[]; comparison: ComparisonResults }
  | { kind: 'invalid'; errors: number; message: string }
  | { kind: 'setup-failed'; message: string }
  /** The spec asks for a secret or a program the user has not allowed: nothing ran. */
  | { kind: 'not-permitted'; problems: string[]; message: string }
  | { kind: 'blocked'; message: string }
  | { kind: 'busy'; message: string }
  | { kind: 'failed'; message: string };

export interface TargetRunOutcome {
  target: string;
  results: RunResults;
  savedPath?: string;
}

interface ActiveRun {
  uri: vscode.Uri;
  label: string;
  controller: AbortController;
  done: number;
  total: number;
}

export class RunManager extends Disposable {
  private readonly active = new Map<string, ActiveRun>();
  private readonly emitter = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when a run starts or ends (CodeLens shows "Running…"). */
  readonly onDidChangeActive = this.emitter.event;
  /** Every outcome, for tests and the status line. */
  private readonly finished = this._register(new vscode.EventEmitter<{ uri: vscode.Uri; outcome: RunOutcome }>());
  readonly onDidFinish = this.finished.event;
  /** The run worker's bundle (default dist/run-worker.cjs): the extension-host tests point it at a broken one. */
  workerFile: string | undefined;
  /** Where the time of the last run that ran to an outcome went (the editor bench reads it; the log has it too). */
  lastTimings: RunWorkerTimings | undefined;

  constructor(
    private readonly services: Services,
    private readonly secrets: EditorSecrets,
    private readonly trust: Trust,
  ) {
    super();
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
  }

  /** Runs still going when the extension stops are cancelled: their workers keep and save what finished. */
  override dispose(): void {
    for (const run of this.active.values()) run.controller.abort(new Error('cancelled: the extension stopped'));
    super.dispose();
  }

  isRunning(uri: vscode.Uri): boolean {
    return this.active.has(uri.fsPath);
  }

  activeRuns(): ReadonlyArray<{ uri: vscode.Uri; label: string; done: number; total: number }> {
    return [...this.active.values()];
  }

  /** Cancels the runs of one spec, or all of them. Finished cases are kept and saved. */
  cancel(uri?: vscode.Uri): number {
    let count = 0;
    for (const run of this.active.values()) {
      if (uri && run.uri.fsPath !== uri.fsPath) continue;
      if (!run.controller.signal.aborted) {
        run.controller.abort(new Error('cancelled'));
        this.services.log.info(`cancelling ${run.label}: finished cases are kept`);
        count++;
      }
    }
    return count;
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const outcome = await whenTrusted(() => this.trust.trusted, () => this.runTrusted(request));
    if ('allowed' in outcome) {
      this.services.log.warn(`not running ${this.display(request.uri)}: the workspace is not trusted`);
      if (request.progress !== 'silent') this.trust.explain();
      const blocked: RunOutcome = { kind: 'blocked', message: outcome.message };
      this.finished.fire({ uri: request.uri, outcome: blocked });
      return blocked;
    }
    this.finished.fire({ uri: request.uri, outcome });
    return outcome;
  }

  private async runTrusted(request: RunRequest): Promise<RunOutcome> {
    const file = request.uri.fsPath;
    const display = this.display(request.uri);
    const label = request.label ?? 'Run eval';
    if (this.active.has(file)) {
      const message = `${display} is already running (${this.active.get(file)!.label}); cancel it first or wait for it to finish.`;
      if (request.progress !== 'silent') {
        void vscode.window.showWarningMessage(`aispec: ${message}`, 'Cancel Run').then((c) => c && this.cancel(request.uri));
      }
      return { kind: 'busy', message };
    }
    const controller = new AbortController();
    const active: ActiveRun = { uri: request.uri, label: `${label} (${display})`, controller, done: 0, total: 0 };
    this.active.set(file, active);
    this.changed(request.uri);
    const cancelListener = request.token?.onCancellationRequested(() => controller.abort(new Error('cancelled')));
    try {
      const settings = readRunSettings(request.uri);
      const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
      const concurrency = request.concurrency ?? settings.concurrency;
      const log = this.services.log;
      log.info(
        `▶ ${label}: ${display}${filterText(request)}` +
          ` · concurrency ${concurrency ?? 'from the spec'} · cache ${settings.cache ? 'on' : 'off'}${request.verbose ? ' · verbose' : ''}` +
          `${document?.isDirty ? ' · unsaved text' : ''}`,
      );
      const caseLog = (e: ProgressEvent, target: string | undefined) => {
        const line = `  ${e.status === 'pass' ? '✓' : e.status === 'fail' ? '✗' : '!'} ${target === undefined ? '' : `${target}: `}${e.caseId} ${e.status}${e.cached ? ' (cached)' : ''} [${e.done}/${e.total}]`;
        if (request.verbose) log.info(line);
        else log.trace(line);
      };
      const { grants, ignored } = editorGrants({ trusted: this.trust.trusted, ...readPermissionSettings(), storedKeys: this.secrets.names(), roots: filesystemRoots() });
      for (const problem of ignored) log.warn(`  ignored ${problem}`);
      const text = document?.isDirty ? document.getText() : undefined;
      // How far the run got is kept for activeRuns() but not announced: onDidChangeActive makes every visible
      // spec's CodeLens be provided again (VS Code asks every provider of every visible editor), thousands of
      // lenses for a large spec, and announcing it twice a second cost the host and the workbench more than
      // the run itself. The progress notification and the Test Explorer show the count.
      const onCase = (e: ProgressEvent, target: string | undefined, report?: (e: ProgressEvent) => void) => {
        active.done = e.done;
        active.total = e.total;
        caseLog(e, target);
        report?.(e);
        request.onProgress?.(e, target);
      };
      const job: RunJob = {
        file,
        ...(text !== undefined ? { text } : {}),
        ...(request.filter ? { filter: request.filter } : {}),
        ...(request.targets?.length ? { targets: request.targets } : {}),
        ...(request.onlyFailedFrom ? { onlyFailedFrom: request.onlyFailedFrom } : {}),
        ...(concurrency !== undefined ? { concurrency } : {}),
        cache: settings.cache,
        aispecVersion: this.services.version,
        ...(settings.providerDefaults ? { providerDefaults: settings.providerDefaults } : {}),
        grants,
      };
      // The run (check, requests, grading, saving) happens in a worker thread: the main thread only hands out
      // the secrets the grants allow (checked here again, whatever the worker asks) and shows progress.
      const source = this.secrets.source();
      const secret = async (name: string, destination: string | undefined) => {
        if (destination === undefined || !secretAllowed(name, destination, grants)) throw new Error(`The run may not send ${name} to ${destination ?? 'an unnamed destination'}.`);
        return source.get(name, destination);
      };
      const execute = (report?: (e: ProgressEvent) => void): Promise<RunJobOutcome> =>
        runInWorker(job, {
          ...(this.workerFile ? { workerFile: this.workerFile } : {}),
          signal: controller.signal,
          secret,
          log: (level, message) => (level === 'warn' ? log.warn(message) : log.info(message)),
          onTimings: (timings) => {
            this.lastTimings = timings;
            log.debug(`  ${describeRunTimings(timings)}`);
          },
          onProgress: (cases) => {
            for (const { event, target } of cases) onCase(event, target, report);
          },
        });

      let result: RunJobOutcome;
      if (request.progress === 'silent') {
        result = await execute();
      } else {
        result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `aispec: ${label} · ${display}`, cancellable: true },
          async (progress, token) => {
            token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
            let failed = 0;
            let reported = 0;
            let reportedAt = 0;
            return execute((e) => {
              if (e.status !== 'pass') failed++;
              // Each report is a message to the workbench: a few a second say as much as one per case.
              if (e.done < e.total && performance.now() - reportedAt < PROGRESS_REPORT_MS) return;
              reportedAt = performance.now();
              const percent = (e.done / Math.max(1, e.total)) * 100;
              progress.report({ message: `${e.done}/${e.total} cases${failed ? ` · ${failed} not passed` : ''}`, increment: percent - reported });
              reported = percent;
            });
          },
        );
      }
      return this.finish(request, result, label);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.services.log.error(`${label} (${display}) failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
      if (request.progress !== 'silent') void vscode.window.showErrorMessage(`aispec: ${label} failed: ${message}`, 'Show Log').then((c) => c && this.services.log.show());
      return { kind: 'failed', message };
    } finally {
      cancelListener?.dispose();
      this.active.delete(file);
      this.changed(request.uri);
    }
  }

  private finish(request: RunRequest, result: RunJobOutcome, label: string): RunOutcome {
    const log = this.services.log;
    const display = this.display(request.uri);
    const loud = request.progress !== 'silent';
    if (result.kind === 'invalid') {
      const { errors } = result;
      for (const d of errors) log.error(`  ${this.displayPath(d.file)}:${d.line}:${d.column} ${d.rule} ${d.message}`);
      const message = `${display} has ${plural(errors.length, 'error')}; fix them and run again (nothing ran).`;
      log.error(message);
      if (loud) {
        void vscode.window.showErrorMessage(`aispec: ${message}`, 'Show Problems').then((c) => c && vscode.commands.executeCommand('workbench.actions.view.problems'));
      }
      return { kind: 'invalid', errors: errors.length, message };
    }
    if (result.kind === 'not-permitted') {
      const problems = result.problems.map((d) => `${this.displayPath(d.file)}:${d.line}:${d.column} ${d.message}`);
      for (const problem of problems) log.error(`  ${problem}`);
      const message = `${display} asks for what you have not allowed, so nothing ran: ${result.problems.map((d) => d.message).join('; ')}`;
      log.error(message);
      if (loud) {
        void vscode.window.showErrorMessage(`aispec: ${message}`, 'Open User Settings', 'Show Log').then((c) => {
          if (c === 'Open User Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'aispec.allow');
          else if (c) log.show();
        });
      }
      return { kind: 'not-permitted', problems, message };
    }
    if (result.kind === 'setup-failed') {
      log.error(result.message);
      // A missing key is the common case: offer to store it (the run stopped before any request).
      const missingKey = /needs the environment variable ([A-Za-z_][A-Za-z0-9_]*)/.exec(result.message)?.[1];
      if (loud) {
        void vscode.window.showErrorMessage(`aispec: ${result.message}`, ...(missingKey ? ['Set API Key'] : []), 'Show Log').then((c) => {
          if (c === 'Set API Key') void vscode.commands.executeCommand('aispec.setApiKey', missingKey);
          else if (c) log.show();
        });
      }
      return { kind: 'setup-failed', message: result.message };
    }
    if (result.kind === 'compared') return this.finishCompared(request, result, label);
    const { results, saved } = result;
    // The recorded path is the spec's latest.json, which a subset run does not replace: Re-run Failed keeps
    // naming the last run of the whole spec.
    this.services.runs.record({ specFile: request.uri.fsPath, results, ...(saved?.latest ? { path: saved.latest, digest: saved.digest } : {}) });
    const line = runSummaryLine(results);
    log.info(`■ ${label}: ${line}`);
    if (!results.run.complete) log.info(`  ${results.run.stopped?.message ?? 'cancelled'}: ${plural(results.run.unfinished.length, 'case')} did not finish; ${plural(results.cases.length, 'finished case')} kept`);
    if (saved) log.info(`  saved ${this.displayPath(saved.path)} (and latest.json beside it)`);
    if (loud) {
      const verdict = results.summary.verdict;
      const good = verdict === 'pass' || verdict === 'ungated' || verdict === 'partial';
      void this.afterRun(request, { line, failing: results.cases.some((c) => c.status !== 'pass'), good, ...(saved?.latest ? { savedPath: saved.latest } : {}) });
    }
    return { kind: 'ran', results, ...(saved ? { savedPath: saved.latest ?? saved.path } : {}) };
  }

  /** Records and logs each target's run of a compared spec, as finish does for a one-target run. */
  private finishCompared(request: RunRequest, result: Extract<RunJobOutcome, { kind: 'compared' }>, label: string): RunOutcome {
    const log = this.services.log;
    const { comparison } = result;
    const runs: TargetRunOutcome[] = Object.entries(comparison.targets).map(([target, results]) => {
      const saved = result.saved[target];
      return { target, results, ...(saved ? { savedPath: saved.latest ?? saved.path } : {}) };
    });
    // Each target's run is recorded like a one-target run (it names its target): the marks, lenses, Test
    // Explorer and results panel follow it; a subset run's path is not the target's latest, as for one target.
    for (const run of runs) {
      const saved = result.saved[run.target];
      this.services.runs.record({ specFile: request.uri.fsPath, results: run.results, ...(saved?.latest ? { path: saved.latest, digest: saved.digest } : {}) });
    }
    const line = comparisonSummaryLine(comparison);
    log.info(`■ ${label}: ${line}`);
    for (const run of runs) {
      log.info(`  ${targetSummaryLine(run.target, run.results)}`);
      if (!run.results.run.complete) log.info(`    ${run.results.run.stopped?.message ?? 'cancelled'}: ${plural(run.results.run.unfinished.length, 'case')} did not finish; ${plural(run.results.cases.length, 'finished case')} kept`);
      const saved = result.saved[run.target];
      if (saved) log.info(`    saved ${this.displayPath(saved.path)}${saved.latest ? ` (and ${this.displayPath(saved.latest)})` : ''}`);
    }
    log.info(`  ${comparison.comparison.recommended_reason}`);
    for (const note of result.notes) log.warn(`  ${note}`);
    if (request.progress !== 'silent') {
      const first = runs.find((r) => r.target === comparison.comparison.recommended) ?? runs[0];
      const failing = runs.some((r) => r.results.cases.some((c) => c.status !== 'pass'));
      void this.afterRun(request, { line, failing, good: comparison.comparison.recommended !== null, ...(first?.savedPath ? { savedPath: first.savedPath } : {}) });
    }
    return { kind: 'compared', runs, comparison };
  }

  /**
   * Opens the results panel (when asked, it is there and the setting allows), else says how it went: a
   * notification with actions for runs of a spec or a tag, the status bar for a case or two (its CodeLens,
   * gutter mark and hover already show the result).
   */
  private async afterRun(request: RunRequest, { line, failing, good, savedPath }: RunEnding): Promise<void> {
    const settings = readRunSettings(request.uri);
    if (request.showResults && settings.showResultsAfterRun && (await hasCommand(SHOW_RESULTS_COMMAND))) {
      await vscode.commands.executeCommand(SHOW_RESULTS_COMMAND, request.uri);
      vscode.window.setStatusBarMessage(`aispec: ${line}`, 10_000);
      return;
    }
    if (!request.showResults) {
      vscode.window.setStatusBarMessage(`aispec: ${line}`, 10_000);
      return;
    }
    const actions = [...(savedPath ? ['Open Results JSON'] : []), ...(failing ? ['Re-run Failed'] : [])];
    const show = good ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    const choice = await show(`aispec: ${line}`, ...actions);
    if (choice === 'Open Results JSON' && savedPath) await vscode.window.showTextDocument(vscode.Uri.file(savedPath), { preview: true });
    if (choice === 'Re-run Failed') await vscode.commands.executeCommand('aispec.rerunFailed', request.uri);
  }

  private changed(uri: vscode.Uri): void {
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, this.active.size > 0);
    this.emitter.fire(uri);
  }

  private display(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, false);
  }

  private displayPath(path: string): string {
    return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path)) ? vscode.workspace.asRelativePath(path, false) : relative(projectRoot(path), path) || path;
  }
}

/** How a run ended, for what the user is told after it. */
interface RunEnding {
  /** One line: the run's summary, or the comparison's. */
  line: string;
  /** Some case did not pass (Re-run Failed is offered). */
  failing: boolean;
  /** Shown as information rather than a warning: the verdict passed, or a target is recommended. */
  good: boolean;
  /** The results JSON Open Results JSON opens. */
  savedPath?: string;
}

export async function hasCommand(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}

function filterText(request: RunRequest): string {
  const parts: string[] = [];
  if (request.filter?.tags?.length) parts.push(`tag ${request.filter.tags.join(', ')}`);
  if (request.filter?.caseIds?.length) {
    const ids = request.filter.caseIds;
    parts.push(ids.length <= 3 ? `case ${ids.join(', ')}` : plural(ids.length, 'case'));
  }
  if (request.onlyFailedFrom) parts.push(`failed in ${request.onlyFailedFrom}`);
  return parts.length ? ` (${parts.join(' · ')})` : '';
}
