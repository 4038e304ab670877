// `aispec eval SPEC`: run a spec, print the summary, write the requested reports, exit with the verdict:
// 0 every gate passes (or the spec has none, or a subset ran; complete and error-free either way), 1 a gate
// fails, 2 invalid spec, flags or environment (found before any request), 3 the run could not complete.
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { comparesTargets, consoleSummary, createConsoleCasesTally, type ConsoleCases, diffRuns, diffText, startRunDiff, type RunDiffBuilder, githubAnnotations, junitReport, markdownReport, parseShard, specConfig, jsonForLog, terminalLine, verdictView, withoutWorkflowCommands } from '../core/index.js';
import { projectRoot } from '../node/project-paths.js';
import { MAX_RERUN_SAVED_RUN_BYTES, readRun, readSavedRunCases, runsFolder, writeTextAtomic } from '../node/run-store.js';
import { checkSpecFile } from '../node/check-spec-file.js';
import { copyFileAtomic, writeResultsFile } from '../node/results-file-write.js';
import { readBaseRun } from '../node/diff-files.js';
import { CLI_GRANT_ADVICE } from '../node/grants.js';
import { runSpecFile, type RunSpecOutcome } from '../node/run-spec.js';
import type { CaseResult, RunResults } from '../shared/results.js';
import { createNodeSpecHost } from '../node/spec-host.js';
import { LARGE_RUN_CASES, letYoungGenerationGrow, limitHeapGrowth } from '../node/heap-growth.js';
import { cancelOnSignals } from './cancel-on-signals.js';
import { reportNothingRan, reportSpecErrors } from './spec-errors.js';
import { parseCommandArgs, printHelp } from './command-args.js';
import { evalTargets } from './eval-targets.js';
import { GRANT_OPTIONS, grantsOf } from './grant-flags.js';
import { htmlReport } from './html-report.js';
import { createProgress } from './progress.js';
import { useColor } from './terminal.js';
import { EVAL_HELP, EXIT, exitCodeFor, UsageError } from './usage.js';
import { isTerminal, writeStderr, writeStdout } from './direct-output.js';

export async function evalCommand(argv: string[], cwd: string, version: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'string' },
    junit: { type: 'string' },
    markdown: { type: 'string' },
    html: { type: 'string' },
    format: { type: 'string', default: 'text' },
    concurrency: { type: 'string' },
    repeat: { type: 'string' },
    'max-attempts': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    'reuse-outputs': { type: 'boolean', default: false },
    tag: { type: 'string', multiple: true },
    case: { type: 'string', multiple: true },
    failed: { type: 'boolean', default: false },
    shard: { type: 'string' },
    target: { type: 'string', multiple: true },
    baseline: { type: 'string' },
    'no-save': { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    ...GRANT_OPTIONS,
  });
  if (values.help) return printHelp(EVAL_HELP);
  if (positionals.length !== 1) throw new UsageError('aispec eval takes exactly one spec file, e.g. aispec eval examples/health-assistant/health-assistant.aispec.md');
  const file = resolve(cwd, positionals[0]!);
  if (!existsSync(file)) throw new UsageError(`no such spec: ${positionals[0]}`);
  if (!['text', 'github', 'json'].includes(values.format!)) throw new UsageError(`--format must be text, github or json; got "${values.format}".`);
  const concurrency = positiveInt(values.concurrency, '--concurrency');
  const repeat = positiveInt(values.repeat, '--repeat');
  const maxAttempts = positiveInt(values['max-attempts'], '--max-attempts');
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n, e.g. --shard 2/4; got "${values.shard}".`);
  const grants = grantsOf(values, process.env, cwd);
  // Checked once here, before anything runs: an invalid spec never runs, and a spec comparing several
  // targets runs each and compares them, on its own path (eval-targets.ts).
  const check = await checkSpecFile(file, { configCache: false, errorsOnly: true, host: createNodeSpecHost({ allowRead: grants.read }) });
  if (check.diagnostics.some((d) => d.severity === 'error')) {
    reportSpecErrors(check, cwd);
    return EXIT.usage;
  }
  // A large eval churns through its case file and results: keep its heap nearer what it really uses
  // (heap-growth.ts). Only from LARGE_RUN_CASES on: on a small spec the step costs start-up more than it saves.
  if (check.spec.cases.length >= LARGE_RUN_CASES) {
    limitHeapGrowth();
    letYoungGenerationGrow(); // kept small for small runs (main.ts); a large one's scavenges cost more than its memory
  }
  const config = specConfig(check.spec);
  if (comparesTargets(config)) {
    for (const [flag, given] of [['--failed', values.failed], ['--baseline', values.baseline !== undefined]] as const) {
      if (given) throw new UsageError(`${flag} compares with one earlier run, and ${positionals[0]} has several targets: run one with --target NAME and compare its saved runs with aispec diff.`);
    }
    return evalTargets({
      file,
      cwd,
      run: {
        checked: check,
        targets: values.target,
        filter: { tags: values.tag, caseIds: values.case, shard },
        concurrency,
        repeat,
        maxAttempts,
        cache: !values['no-cache'],
        reuseOutputs: values['reuse-outputs'],
        onRetry: values.quiet ? undefined : (e) => writeStderr(`retry ${e.attempt} after ${terminalLine(e.reason)}, waiting ${Math.round(e.delayMs)} ms\n`),
        aispecVersion: version,
        save: !values['no-save'],
        grants,
        grantAdvice: CLI_GRANT_ADVICE,
      },
      reports: { json: values.json, junit: values.junit, markdown: values.markdown, html: values.html, format: values.format! },
      quiet: values.quiet ?? false,
    });
  }
  if (values.target?.length) throw new UsageError(`--target picks among the targets of a spec with targets:, and ${positionals[0]} has ${config.target ? 'one target (target:)' : 'no targets'}.`);
  // A run whose output is the console summary and results files keeps no case in memory: the cases go to disk
  // as they are graded (and from there into the results files), the summary keeps the few it lists. The
  // reports built as one string (JUnit, Markdown, HTML, --format json or github) read every case, so those
  // runs keep them.
  const keepsCases = values.junit !== undefined || values.markdown !== undefined || values.html !== undefined || values.format !== 'text';
  // --baseline: read whole where the run keeps its cases (the HTML report holds both runs); otherwise read a
  // case at a time into the comparison, whose head cases are added as they are graded. Two million-case runs
  // read whole, the baseline's and this run's, held ~2.6 GB.
  const cannotReadBaseline = (e: Error) => {
    throw new UsageError(`cannot read the baseline: ${e.message}`);
  };
  const baselinePath = values.baseline === undefined ? undefined : resolve(cwd, values.baseline);
  const baseline = baselinePath !== undefined && keepsCases ? await readRun(baselinePath).catch(cannotReadBaseline) : undefined;
  let baselineDiff: StreamedBaseline | undefined;
  if (baselinePath !== undefined && !keepsCases) {
    const diff = startRunDiff();
    baselineDiff = { diff, base: await readBaseRun(baselinePath, diff).catch(cannotReadBaseline) };
  }

  // --failed: the cases that failed or errored in the spec's latest run.
  let caseIds = values.case;
  let onlyFailedFrom: string | undefined;
  if (values.failed) {
    const id = config.id;
    if (typeof id !== 'string') throw new UsageError(`${positionals[0]} has no id in its frontmatter.`);
    const latest = `${runsFolder(file, id)}${sep}latest.json`;
    // latest.json is in the runs folder, where anyone may have put anything: read as a saved run.
    // Read a case at a time, keeping the ids of those that did not pass: a million-case run is not held whole.
    const notPassed: string[] = [];
    await readSavedRunCases(latest, MAX_RERUN_SAVED_RUN_BYTES, (c) => {
      if (c.status !== 'pass') notPassed.push(c.id);
    }).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        error.code === 'ENOENT' ? `--failed needs a previous run of this spec; none found at ${relative(cwd, latest)}.` : `--failed reads the spec's latest run, and ${relative(cwd, latest)} is not one: ${error.message}.`,
      );
    });
    // Cases removed from the spec since that run are not re-run (nor a usage error).
    const current = new Set(check.spec.cases.map((c) => c.id));
    caseIds = notPassed.filter((caseId) => current.has(caseId));
    onlyFailedFrom = relative(projectRoot(file), latest).split(sep).join('/');
    if (caseIds.length === 0) {
      writeStderr('aispec: every case passed in the latest run; nothing to re-run.\n');
      return EXIT.ok;
    }
  }

  // Ctrl-C or SIGTERM once cancels the running cases (finished ones are kept and saved); twice exits at once.
  // Before the cases start and after they end, a signal ends the process outright (see cancel-on-signals.ts).
  const controller = new AbortController();
  let stopHandlingSignals: (() => void) | undefined;

  const consoleCases = keepsCases ? undefined : createConsoleCasesTally();

  const interactive = isTerminal(2) && !process.env.CI;
  const progress = values.quiet ? undefined : createProgress(writeStderr, interactive);
  let outcome;
  try {
    outcome = await runSpecFile(file, {
      checked: check,
      filter: { tags: values.tag, caseIds, shard },
      concurrency,
      repeat,
      maxAttempts,
      cache: !values['no-cache'],
      reuseOutputs: values['reuse-outputs'],
      signal: controller.signal,
      onRunStart: () => (stopHandlingSignals = cancelOnSignals(controller, EXIT.incomplete)),
      onProgress: progress ? (e) => progress.update(e) : undefined,
      onRetry: values.quiet ? undefined : (e) => writeStderr(`${interactive ? '\r\u001b[K' : ''}retry ${e.attempt} after ${terminalLine(e.reason)}, waiting ${Math.round(e.delayMs)} ms\n`),
      aispecVersion: version,
      onlyFailedFrom,
      save: !values['no-save'],
      grants,
      grantAdvice: CLI_GRANT_ADVICE,
      ...(consoleCases
        ? {
            retainCases: false,
            onCase: (c: CaseResult) => {
              consoleCases.add(c);
              baselineDiff?.diff.addHead(c);
            },
          }
        : {}),
    });
  } finally {
    progress?.done();
    stopHandlingSignals?.();
  }

  if (outcome.kind !== 'ran') return reportNothingRan(outcome, cwd);
  try {
    return await reportRun(outcome, { values, cwd, file, baseline, baselineDiff, consoleCases: consoleCases?.cases });
  } finally {
    await outcome.spilled?.remove();
  }
}

/** --baseline's comparison for a run that keeps no case: the baseline's cases read into it, this run's added as graded. */
interface StreamedBaseline {
  diff: RunDiffBuilder;
  /** The baseline run without its cases. */
  base: RunResults;
}

interface ReportContext {
  values: { json?: string; junit?: string; markdown?: string; html?: string; format?: string };
  cwd: string;
  file: string;
  /** --baseline, read whole (a run that keeps its cases), or streamed into a comparison (one that does not). */
  baseline?: RunResults;
  baselineDiff?: StreamedBaseline;
  /** What the console lists of the cases when the run kept none (results.cases is empty). */
  consoleCases?: ConsoleCases;
}

/** Prints the summary and writes the reports of a finished run; the exit code of its verdict. */
async function reportRun(outcome: Extract<RunSpecOutcome, { kind: 'ran' }>, { values, cwd, file, baseline, baselineDiff, consoleCases }: ReportContext): Promise<number> {
  const { results, saved, notes, spilled } = outcome;
  for (const note of notes) writeStderr(`aispec: ${terminalLine(note)}\n`);
  // Exit 3 says why in its first line, before any report, so a CI log shows it at a glance.
  if (results.summary.verdict === 'incomplete') writeStderr(`aispec: run incomplete: ${terminalLine(verdictView(results).reason)}\n`);
  const root = projectRoot(file);
  const fromRoot = (p: string) => relative(cwd, resolve(root, p)).split(sep).join('/') || p;
  const write = async (path: string | undefined, text: () => string) => {
    if (path) await writeTextAtomic(resolve(cwd, path), text());
  };
  // Streamed: a results file of many cases never becomes one string. A saved run's file is the same text:
  // copied, as a run's case spill can be read once (case-spill.ts).
  if (values.json && saved && spilled) await copyFileAtomic(saved.path, resolve(cwd, values.json));
  else if (values.json) await writeResultsFile(resolve(cwd, values.json), results, spilled);
  await write(values.junit, () => junitReport(results, { resolvePath: fromRoot }));
  await write(values.markdown, () => markdownReport(results));
  if (values.html) await writeTextAtomic(resolve(cwd, values.html), await htmlReport(results, { baseline, specFile: file }));

  if (values.format === 'json') {
    writeStdout(`${jsonForLog(JSON.stringify(results, null, 2))}\n`);
  } else {
    const color = useColor(process.stdout);
    writeStdout(`${withoutWorkflowCommands(consoleSummary(results, { color, width: process.stdout.columns || 100, ...(consoleCases ? { cases: consoleCases } : {}) }))}\n`);
    if (values.format === 'github') writeStdout(`${githubAnnotations(results, { resolvePath: fromRoot, specPath: fromRoot(results.spec.file) })}\n`);
    const runDiff = baselineDiff ? baselineDiff.diff.finish(baselineDiff.base, results) : baseline ? diffRuns(baseline, results) : undefined;
    if (runDiff) writeStdout(`\n${withoutWorkflowCommands(diffText(runDiff, { color }))}\n`);
    if (saved) writeStderr(`results: ${terminalLine(relative(cwd, saved.path))} ${saved.latest ? '(and latest.json beside it)' : '(a subset: latest.json keeps the last run of the whole spec)'}\n`);
  }
  return exitCodeFor(results.summary.verdict);
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number ≥ 1; got "${value}".`);
  return n;
}
