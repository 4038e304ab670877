// Running a spec file from Node, the same way for the CLI and the desktop extension: check it (an invalid
// spec never runs), build its target and judge, run in a session of the disk cache (resuming an unfinished
// run of the same configuration, else asking everything anew), and save the results atomically, also when
// the run was cancelled (what finished is kept). With reuseOutputs the latest run's outputs are re-graded.
// prepareTargetRun is that run on one target, built and preflighted but not started: run-targets.ts
// prepares every target of a compared spec before starting any.
// The host's grants decide what the spec may do (core eval/permissions.ts): a secret the spec names for a
// destination they do not allow, or a command target without the command grant, stops the run before its
// target is built, with every such problem at its key; the secrets and processes handed to the target are
// limited to the grants as well, so nothing the plan did not allow can happen later.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { relative, sep } from 'node:path';
import { CaseError, chatModelInSlots, isSubset, selectCases, commandCheckUses, comparesTargets, configForTarget, createJudge, createTarget, permissionDiagnostics, permissionProblems, permittedSecrets, replayCaseOf, ReplayTarget, repeatOf, runEval, selectionProblems, specConfig, specDigest, specTargets, specUsesJudge, TargetConfigError, targetInSlots, type CaseSelection, type ChatModel, type ClassifySpec, type CommandGraderHost, type Diagnostic, type GrantAdvice, type Grants, type ProcessRunner, type ProgressEvent, type ReplayCase, type SecretSource, type SharedSlots, type SpecConfig, type Target } from '../core/index.js';
import type { CaseResult, RunResults } from '../shared/results.js';
import { openSpill, type CaseSpill } from './case-spill.js';
import { cacheKeyFile, loadCacheSecret } from './cache-secret.js';
import { checkSpecFile, type SpecFileCheck } from './check-spec-file.js';
import { createDiskCache, type DiskCache } from './disk-cache.js';
import { createEnvSecrets } from './env-secrets.js';
import { fileDigest } from './file-digest.js';
import { createHttpClient, type RetryEvent } from './http-client.js';
import { createProcessRunner } from './process-runner.js';
import { openContained, readContainedFile } from './contained-path.js';
import { createAispecFolder, projectRoot } from './project-paths.js';
import { closeSession, openSession, type RunSession } from './run-session.js';
import { latestRunFile, MAX_RERUN_SAVED_RUN_BYTES, readSavedRunCases, runsFolder, saveRun } from './run-store.js';
import type { SavedDigest } from './saved-digest.js';
import { newSha256 } from './sha256.js';
import { createNodeSpecHost } from './spec-host.js';
import { hostWithTextsRead } from './digest-host.js';

export interface RunSpecOptions {
  filter?: CaseSelection;
  concurrency?: number;
  repeat?: number;
  /** HTTP requests per call at most, retries included (default: the client's, 4). */
  maxAttempts?: number;
  cache?: boolean;
  /** Re-grade the outputs of the spec's latest run (latest.json) with the spec as it is now: no target call. */
  reuseOutputs?: boolean;
  signal?: AbortSignal;
  /**
   * Called once the spec is checked and set up, just before the first case starts: from here on a cancel has
   * finished cases to keep. (The CLI lets a signal end the process outright before that.)
   */
  onRunStart?: () => void;
  onProgress?: (event: ProgressEvent) => void;
  onRetry?: (event: RetryEvent) => void;
  /** Where API keys come from (default: the environment); read only as far as `grants` allow. */
  secrets?: SecretSource;
  /** What the person running aispec allows: commands, secrets to hosts, reads outside the project. */
  grants: Grants;
  /** How this host tells its user to grant what is missing (flags, or settings), in permission messages. */
  grantAdvice: GrantAdvice;
  /** Unsaved editor text of the spec. */
  text?: string;
  /** The spec as the caller already checked it (the CLI checks once to choose how to run it): not checked again. */
  checked?: SpecFileCheck;
  aispecVersion: string;
  onlyFailedFrom?: string;
  /** Save the run under .aispec/runs (default true). */
  save?: boolean;
  /**
   * Keep every case result in the returned results (default true: the editor shows them). False: the cases
   * are written to disk as they are graded and the outcome's `spilled` holds them (results.cases is empty),
   * so a run of any size holds none of them; the saved run is the same file either way.
   */
  retainCases?: boolean;
  /** Each case's result as it is graded, in spec order (see RunOptions.onCase). */
  onCase?: (result: CaseResult) => void;
  /** Editor settings: a base_url per provider (openai, anthropic) for a target or judge whose spec names none. */
  providerDefaults?: Record<string, { base_url?: string }>;
}

export type RunSpecOutcome =
  | { kind: 'invalid'; check: SpecFileCheck }
  | { kind: 'setup-failed'; message: string }
  /** The spec asks for what the grants do not allow: nothing ran; `problems` are located in the spec. */
  | { kind: 'not-permitted'; check: SpecFileCheck; problems: Diagnostic[] }
  /**
   * `spilled`: with retainCases false, the run's cases on disk; the caller writes what it needs, then removes it.
   * `saved.digest`: the saved file's length and CRC-32 as written (latest, when written, is the same bytes).
   */
  | { kind: 'ran'; results: RunResults; saved?: { path: string; latest?: string; digest: SavedDigest }; notes: string[]; spilled?: CaseSpill };

export async function runSpecFile(file: string, options: RunSpecOptions): Promise<RunSpecOutcome> {
  // A run reads the configuration once anyway; not caching it lets the editor, which runs many times in one
  // process, apply an edited aispec.config.json.
  const check = options.checked ?? (await checkSpecFile(file, { text: options.text, configCache: false, errorsOnly: true, host: createNodeSpecHost({ allowRead: options.grants.read }) }));
  if (check.diagnostics.some((d) => d.severity === 'error')) return { kind: 'invalid', check };
  const config = specConfig(check.spec);
  // Several targets make several runs and a comparison: run-targets.ts (the CLI's `aispec eval`) runs those.
  if (comparesTargets(config)) {
    return { kind: 'setup-failed', message: `${displayFile(file)} compares several targets (targets:), which runs one eval per target and compares them: run it with \`aispec eval ${displayFile(file)}\`.` };
  }
  const [target] = specTargets(config);
  if (!target) return { kind: 'setup-failed', message: `${file}: the spec has no "target:" in its frontmatter, so there is nothing to run. Add one, e.g. target: { provider: recorded, path: outputs.jsonl }.` };
  const prepared = await prepareTargetRun(file, check, configForTarget(config, target), options);
  return prepared.kind === 'ready' ? prepared.run() : prepared;
}

/** What one target's run needs beyond the spec run's options, when it is one of several targets compared. */
export interface TargetRunOptions extends RunSpecOptions {
  /** The target's name under `targets:`, recorded in the run and naming its latest file. */
  targetName?: string;
  /** The id of the run (default: its start time); the targets of one comparison start at the same moment. */
  runId?: string;
  /** Requests in flight shared with the other targets' runs. */
  slots?: SharedSlots;
}

/** A run whose target and judge are built and pass their preflight: nothing has been sent yet. */
export type PreparedRun =
  | { kind: 'setup-failed'; message: string }
  | { kind: 'not-permitted'; check: SpecFileCheck; problems: Diagnostic[] }
  | { kind: 'ready'; run(): Promise<Extract<RunSpecOutcome, { kind: 'ran' }>>; close(): Promise<void> };

/**
 * Builds a checked spec's run on the one target of `config` (a single-target view, see configForTarget)
 * and checks everything that would fail every case alike, so that several targets can all be ready before
 * any of them sends a request. `close` releases it when it is not run; `run` closes it itself.
 */
export async function prepareTargetRun(file: string, check: SpecFileCheck, config: SpecConfig, options: TargetRunOptions): Promise<PreparedRun> {
  const selection = selectionProblems(check.spec.cases, options.filter ?? {});
  if (selection.length > 0) return { kind: 'setup-failed', message: `${displayFile(file)}: ${selection.join('; ')}. Nothing was run.` };
  if (!config.target) return { kind: 'setup-failed', message: `${file}: the spec has no "target:" in its frontmatter, so there is nothing to run.` };
  let reusing: ReplayRun | undefined;
  if (options.reuseOutputs) {
    const latest = latestRunFile(file, config.id, options.targetName);
    reusing = await readReplayRun(latest);
    if (!reusing) return { kind: 'setup-failed', message: `${displayFile(file)}: --reuse-outputs re-grades the outputs of the spec's latest run, and there is none (no ${displayFile(latest)}). Run without --reuse-outputs first.` };
  }
  // Reused outputs are replayed: the target itself is never built, so it needs no key and no grant. A judge
  // the spec declares but never asks (every criterion has a check) sends nothing.
  const targetConfig = withDefaults(config.target, options.providerDefaults);
  const judgeUsed = specUsesJudge(check.spec.rubric, config.classify as ClassifySpec | undefined, check.spec.cases);
  const judgeConfig = config.judge ? withDefaults(config.judge, options.providerDefaults) : undefined;
  // Your own graders (command checks) run also when outputs are replayed: grading is what starts them.
  const problems = permissionProblems({ target: reusing ? undefined : targetConfig, ...(options.targetName !== undefined ? { targetName: options.targetName } : {}), judge: judgeUsed ? judgeConfig : undefined, commandChecks: commandCheckUses(check.spec) }, options.grants, options.grantAdvice);
  if (problems.length > 0) return { kind: 'not-permitted', check, problems: permissionDiagnostics(check.spec, problems) };

  // One connection per request in flight: more would only cost extra TLS handshakes against a real API.
  const inFlight = Math.max(1, options.concurrency ?? config.concurrency ?? 8);
  const http = createHttpClient({ onRetry: options.onRetry, connections: inFlight, ...(options.maxAttempts ? { maxRetries: options.maxAttempts - 1 } : {}) });
  const secrets = permittedSecrets(options.secrets ?? createEnvSecrets(), options.grants, options.grantAdvice);
  const setupFailed = async (message: string): Promise<PreparedRun> => {
    await http.close();
    return { kind: 'setup-failed', message };
  };
  const access = { allowRead: options.grants.read };
  const specHost = createNodeSpecHost(access);
  // What the target and judge read as they are built (recorded outputs, a system prompt), kept until the spec
  // digest has hashed it (digest-host.ts), right after they are built, then let go: reads after that are not kept.
  let readBeforeDigest: Map<string, string> | undefined = new Map();
  const deps = {
    http,
    process: options.grants.command ? createProcessRunner() : refusedProcesses(options.grantAdvice),
    secrets,
    // system_file, recorded outputs and a command's program files: only from inside the project or a granted
    // folder, each opened once and checked as opened (contained-path.ts).
    readFile: async (p: string) => {
      const text = await readContainedFile(file, p, access);
      readBeforeDigest?.set(p, text);
      return text;
    },
    fileDigest: (p: string) => fileDigest(p, (q) => openContained(file, q, access)),
    resolvePath: (p: string) => specHost.resolve(file, p),
    specFile: file,
  };
  // Command checks run in the spec's folder, through the same (granted or refusing) process runner as a command target.
  const commandGrader: CommandGraderHost = { process: deps.process, cwd: deps.resolvePath('.') };
  // A subset run (a shard, --tag, --case, --failed) asks for its own cases only: a recorded target keeps just theirs.
  const subset = isSubset(options.filter) ? selectCases(check.spec.cases, options.filter ?? {}) : undefined;
  const runCases = subset?.length ?? check.spec.cases.length;
  let target: Target;
  let judge: ChatModel | undefined;
  try {
    const timeoutMs = config.timeout_ms;
    // Reused outputs are replayed: the target itself is never built, so it needs no key.
    const caseIds = subset ? new Set(subset.map((c) => c.id)) : undefined;
    target = reusing ? new ReplayTarget(reusing) : await createTarget(targetConfig, deps, { timeoutMs, ...(caseIds ? { caseIds } : {}) });
    judge = judgeConfig ? await createJudge(judgeConfig, deps, { timeoutMs }) : undefined;
    // What would fail every case alike (a missing key) stops here, before any request: exit 2, not N errors.
    await target.preflight?.();
    // A judge the spec declares but never asks (every criterion has a check) needs no key.
    if (judgeUsed) await judge?.preflight?.();
  } catch (error) {
    const named = options.targetName ? `target ${options.targetName}: ` : '';
    if (error instanceof CaseError || error instanceof TargetConfigError) return setupFailed(`${displayFile(file)}: ${named}${error.message}`);
    await http.close();
    throw error;
  }
  const built = { target, judge };
  // Which version of the spec runs, hashed before the first case so later edits cannot creep in, and before
  // the next target of a comparison is built: the texts this one read are let go here, not when it runs.
  let digest: string;
  try {
    digest = await specDigest(check.spec.text, file, hostWithTextsRead(specHost, check.spec.files, readBeforeDigest), newSha256, check.spec);
  } catch (error) {
    await http.close();
    throw error;
  } finally {
    readBeforeDigest = undefined;
  }

  const run = async (): Promise<Extract<RunSpecOutcome, { kind: 'ran' }>> => {
    try {
      const root = projectRoot(file);
      const notes: string[] = [];
      // --repeat, else the replayed run's attempts, else the spec's own `repeat` k (the runner applies it too).
      const repeat = options.repeat ?? reusing?.run.repeat ?? repeatOf(config).k;
      // Reused outputs are graded with judge calls made anew (the rubric changed): nothing to cache or resume.
      let session: RunSession | undefined;
      let cache: DiskCache | undefined;
      if (options.cache !== false && !reusing) {
        session = await openSession(file, { specId: config.id, targetFingerprint: built.target.fingerprint, judgeFingerprint: built.judge?.fingerprint, repeat, selection: options.filter ?? {} });
        cache = createDiskCache(session.cacheFolder, await cacheSecret(notes));
      }
      const slots = options.slots;
      const spill = options.retainCases === false ? await openRunSpill(file, config.id, options.save !== false, runCases) : undefined;
      const given = options.onCase;
      const onCase = spill ? (c: CaseResult) => {
        spill.add(c);
        given?.(c);
      } : given;
      options.onRunStart?.();
      let results: RunResults;
      try {
        results = await runEval(
          check.spec,
          config,
          {
            target: slots ? targetInSlots(built.target, slots) : built.target,
            judge: slots && built.judge ? chatModelInSlots(built.judge, slots) : built.judge,
            targetInfo: { provider: targetConfig.provider, ...(targetConfig.model ? { model: targetConfig.model } : {}), ...(options.targetName ? { name: options.targetName } : {}) },
            commandGrader,
          },
          {
            filter: options.filter,
            concurrency: options.concurrency,
            repeat,
            signal: options.signal,
            cache,
            ...(options.runId ? { runId: options.runId } : {}),
            ...(session ? { session: session.id } : {}),
            ...(session?.resuming ? { resumingSince: session.startedAt } : {}),
            ...(reusing ? { reusing: reusedFrom(reusing) } : {}),
            onProgress: options.onProgress,
            displayPath: memoize((f) => relative(root, f).split(sep).join('/')),
            aispecVersion: options.aispecVersion,
            onlyFailedFrom: options.onlyFailedFrom,
            ...(onCase ? { onCase } : {}),
            ...(spill ? { retainCases: false } : {}),
          },
        );
      } catch (error) {
        await spill?.remove();
        throw error;
      }
      if (session && results.run.complete) await closeSession(session);
      if (cache && cache.untrusted > 0) {
        notes.push(`ignored ${cache.untrusted} cache ${cache.untrusted === 1 ? 'entry' : 'entries'} this machine did not write or that were changed since (no valid signature); asked for ${cache.untrusted === 1 ? 'its answer' : 'their answers'} anew.`);
      }
      results.spec.digest = digest;
      const saved = options.save === false ? undefined : await saveRun(file, results, spill).catch(async (error: unknown) => {
        await spill?.remove();
        throw error;
      });
      return { kind: 'ran', results, ...(saved ? { saved } : {}), notes, ...(spill ? { spilled: spill } : {}) };
    } finally {
      await http.close();
    }
  };
  return { kind: 'ready', run, close: () => http.close() };
}

/**
 * The secret that signs this machine's cache entries. When its file can be neither read nor created the run
 * still caches, under a key of its own, so it is safe but cannot be resumed by a later run; a note says so.
 */
async function cacheSecret(notes: string[]): Promise<Buffer> {
  try {
    return await loadCacheSecret();
  } catch (error) {
    notes.push(`the cache key ${cacheKeyFile()} could not be read or created (${error instanceof Error ? error.message : String(error)}); if this run stops early it cannot be resumed.`);
    return randomBytes(32);
  }
}

/** Where reused outputs come from: the run that produced them, through any runs that reused them since. */
/** The earlier run --reuse-outputs replays: its own parts, and of each case what a replay reads (replayCaseOf). */
type ReplayRun = Pick<RunResults, 'run'> & { cases: ReplayCase[] };

/**
 * The spec's latest run for --reuse-outputs, read and checked as a saved run a case at a time, keeping of each
 * case what the replay reads; undefined when there is none that can be read. Holding the saved cases whole
 * (inputs, tags, checks, criteria...) took a million-case re-grade to 2.09 GB.
 */
async function readReplayRun(path: string): Promise<ReplayRun | undefined> {
  const cases: ReplayCase[] = [];
  try {
    const run = await readSavedRunCases(path, MAX_RERUN_SAVED_RUN_BYTES, (c) => cases.push(replayCaseOf(c)));
    return { run: run.run, cases };
  } catch {
    return undefined;
  }
}

function reusedFrom(latest: Pick<RunResults, 'run'>): { runId: string; oldestAt: string } {
  const origin = latest.run.outputs;
  return {
    runId: origin?.source === 'reused' && origin.from_run ? origin.from_run : latest.run.id,
    oldestAt: origin?.oldest_at ?? latest.run.started_at,
  };
}

/**
 * The spill of a run that keeps no case result: in the system's temp folder when the run is not saved; in the
 * runs folder when it is, and there, for a run of IN_PLACE_MIN_CASES cases or more (`runCases`: the cases it
 * covers), in the results file itself (case-spill.ts): its cases are then written once, not copied; the file
 * gets up to 128 KB of spaces after the cases list's `[`, which would be most of a small run's file.
 */
async function openRunSpill(file: string, specId: string, saved: boolean, runCases: number): Promise<CaseSpill> {
  if (!saved) return openSpill(tmpdir(), runCases, false);
  const folder = runsFolder(file, specId);
  await createAispecFolder(file, folder);
  return openSpill(folder, runCases);
}

/** The process runner of a run without the command grant: the plan stopped a command target already; this makes sure. */
function refusedProcesses(advice: GrantAdvice): ProcessRunner {
  return {
    run: async () => {
      throw new CaseError(`This run may not start programs; to allow it, ${advice.command}.`);
    },
  };
}

/** The spec as messages name it: relative to the working directory. */
export function displayFile(file: string): string {
  return relative(process.cwd(), file) || file;
}

/** A target or judge with the host's default base_url for its provider, when the spec names none. */
function withDefaults<T extends { provider: string; base_url?: unknown }>(model: T, defaults: RunSpecOptions['providerDefaults']): T {
  const url = defaults?.[model.provider]?.base_url;
  return url && model.base_url === undefined ? { ...model, base_url: url } : model;
}

/** Every case of a file asks for the same display path: compute it once per file. */
function memoize(fn: (file: string) => string): (file: string) => string {
  const cache = new Map<string, string>();
  return (file) => {
    let value = cache.get(file);
    if (value === undefined) cache.set(file, (value = fn(file)));
    return value;
  };
}
