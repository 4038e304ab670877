// `aispec eval SPEC` for a spec with several targets (`targets:`): runs each target (run-targets.ts), prints
// the side-by-side comparison, writes the requested reports (the comparison JSON, one JUnit suite and
// GitHub annotations per target, the Markdown comparison, the HTML comparison page and an HTML report per
// target) and exits 0 when some target passes every gate, 1 when none does, 2 before any request, 3 when a
// target's run is incomplete.
import { extname, relative, resolve, sep } from 'node:path';
import { comparisonConsoleSummary, comparisonGithubAnnotations, comparisonJunitReport, comparisonMarkdownReport, jsonForLog, terminalLine, verdictView, withoutWorkflowCommands, type ProgressEvent } from '../core/index.js';
import { projectRoot } from '../node/project-paths.js';
import { runSpecTargets, type RunTargetsOptions } from '../node/run-targets.js';
import { writeTextAtomic } from '../node/run-store.js';
import { cancelOnSignals } from './cancel-on-signals.js';
import { comparisonHtmlReport, htmlReport } from './html-report.js';
import { createProgress } from './progress.js';
import { reportNothingRan } from './spec-errors.js';
import { useColor } from './terminal.js';
import { comparisonExitCode, EXIT } from './usage.js';
import { isTerminal, writeStderr, writeStdout } from './direct-output.js';

export interface EvalTargetsRequest {
  file: string;
  cwd: string;
  run: Omit<RunTargetsOptions, 'onProgress' | 'signal' | 'onRunStart'>;
  reports: { json?: string; junit?: string; markdown?: string; html?: string; format: string };
  quiet: boolean;
}

export async function evalTargets(request: EvalTargetsRequest): Promise<number> {
  const { file, cwd, reports } = request;
  // Ctrl-C or SIGTERM once cancels every target's run (finished cases are kept and saved); twice exits at
  // once. Before the runs start and after they end, a signal ends the process outright (cancel-on-signals.ts).
  const controller = new AbortController();
  let stopHandlingSignals: (() => void) | undefined;
  const interactive = isTerminal(2) && !process.env.CI;
  const progress = request.quiet ? undefined : createProgress(writeStderr, interactive);
  let outcome;
  try {
    outcome = await runSpecTargets(file, {
      ...request.run,
      signal: controller.signal,
      onRunStart: () => (stopHandlingSignals = cancelOnSignals(controller, EXIT.incomplete)),
      ...(progress ? { onProgress: (e: ProgressEvent) => progress.update(e) } : {}),
    });
  } finally {
    progress?.done();
    stopHandlingSignals?.();
  }

  if (outcome.kind !== 'ran') return reportNothingRan(outcome, cwd);

  const { comparison, saved, notes } = outcome;
  for (const note of notes) writeStderr(`aispec: ${terminalLine(note)}\n`);
  for (const [name, results] of Object.entries(comparison.targets)) {
    if (results.summary.verdict === 'incomplete') writeStderr(`aispec: target ${terminalLine(name)}: run incomplete: ${terminalLine(verdictView(results).reason)}\n`);
  }
  const root = projectRoot(file);
  const fromRoot = (p: string) => relative(cwd, resolve(root, p)).split(sep).join('/') || p;
  const write = async (path: string | undefined, text: () => string) => {
    if (path) await writeTextAtomic(resolve(cwd, path), text());
  };
  await write(reports.json, () => `${JSON.stringify(comparison, null, 2)}\n`);
  await write(reports.junit, () => comparisonJunitReport(comparison, { resolvePath: fromRoot }));
  await write(reports.markdown, () => comparisonMarkdownReport(comparison));
  if (reports.html) {
    // FILE is the comparison page (the Compare view; each target's full results open inside it), and
    // FILE.<target>.html each target's own report with its run history, as for a spec with one target.
    await writeTextAtomic(resolve(cwd, reports.html), await comparisonHtmlReport(comparison));
    for (const [name, results] of Object.entries(comparison.targets)) {
      const path = htmlFileOfTarget(resolve(cwd, reports.html), name);
      await writeTextAtomic(path, await htmlReport(results, { specFile: file, targetName: name }));
    }
  }

  if (reports.format === 'json') {
    writeStdout(jsonForLog(`${JSON.stringify(comparison, null, 2)}\n`));
  } else {
    const color = useColor(process.stdout);
    writeStdout(`${withoutWorkflowCommands(comparisonConsoleSummary(comparison, { color, width: process.stdout.columns || 100 }))}`);
    if (reports.format === 'github') {
      const first = Object.values(comparison.targets)[0];
      writeStdout(comparisonGithubAnnotations(comparison, { resolvePath: fromRoot, ...(first ? { specPath: fromRoot(first.spec.file) } : {}) }));
    }
    for (const [name, paths] of Object.entries(saved)) {
      writeStderr(`results of ${terminalLine(name)}: ${terminalLine(relative(cwd, paths.path))} ${paths.latest ? `(and ${terminalLine(relative(cwd, paths.latest))})` : '(a subset: the latest file keeps the last run of the whole spec)'}\n`);
    }
  }
  return comparisonExitCode(Object.values(comparison.targets).map((r) => r.summary.verdict));
}

/** `report.html` → `report.<target>.html`: one HTML report per target (the panel shows one run). */
export function htmlFileOfTarget(path: string, target: string): string {
  const ext = extname(path);
  return ext ? `${path.slice(0, -ext.length)}.${target}${ext}` : `${path}.${target}.html`;
}
