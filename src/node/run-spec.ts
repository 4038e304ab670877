// Running a spec file from Node, the same way for the CLI and the desktop extension: check it (an invalid
// spec never runs), build its target and judge, run with the disk cache, and save the results atomically,
// also when the run was cancelled (what finished is kept).
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { CaseError, createChatModel, createTarget, runEval, selectionProblems, specConfig, specUsesJudge, TargetConfigError, type CaseSelection, type ClassifySpec, type ProgressEvent, type SecretSource } from '../core/index.js';
import type { RunResults } from '../shared/results.js';
import { checkSpecFile, type SpecFileCheck } from './check-spec-file.js';
import { createDiskCache } from './disk-cache.js';
import { createEnvSecrets } from './env-secrets.js';
import { createHttpClient, type RetryEvent } from './http-client.js';
import { createProcessRunner } from './process-runner.js';
import { aispecDir, projectRoot } from './project-paths.js';
import { saveRun } from './run-store.js';
import { nodeSpecHost } from './spec-host.js';

export interface RunSpecOptions {
  filter?: CaseSelection;
  concurrency?: number;
  repeat?: number;
  /** HTTP requests per call at most, retries included (default: the client's, 4). */
  maxAttempts?: number;
  cache?: boolean;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  onRetry?: (event: RetryEvent) => void;
  /** Where API keys come from (default: the environment). */
  secrets?: SecretSource;
  /** Unsaved editor text of the spec. */
  text?: string;
  aispecVersion: string;
  onlyFailedFrom?: string;
  /** Save the run under .aispec/runs (default true). */
  save?: boolean;
  /** Editor settings: a base_url per provider (openai, anthropic) for a target or judge whose spec names none. */
  providerDefaults?: Record<string, { base_url?: string }>;
}

export type RunSpecOutcome =
  | { kind: 'invalid'; check: SpecFileCheck }
  | { kind: 'setup-failed'; message: string }
  | { kind: 'ran'; results: RunResults; saved?: { path: string; latest?: string } };

export async function runSpecFile(file: string, options: RunSpecOptions): Promise<RunSpecOutcome> {
  // A run reads the configuration once anyway; not caching it lets the editor, which runs many times in one
  // process, apply an edited aispec.config.json.
  const check = await checkSpecFile(file, { text: options.text, configCache: false });
  if (check.diagnostics.some((d) => d.severity === 'error')) return { kind: 'invalid', check };
  const config = specConfig(check.spec);
  const selection = selectionProblems(check.spec.cases, options.filter ?? {});
  if (selection.length > 0) return { kind: 'setup-failed', message: `${displayFile(file)}: ${selection.join('; ')}. Nothing was run.` };
  if (!config.target) return { kind: 'setup-failed', message: `${file}: the spec has no "target:" in its frontmatter, so there is nothing to run. Add one, e.g. target: { provider: recorded, path: outputs.jsonl }.` };

  // One connection per request in flight: more would only cost extra TLS handshakes against a real API.
  const inFlight = Math.max(1, options.concurrency ?? config.concurrency ?? 8);
  const http = createHttpClient({ onRetry: options.onRetry, connections: inFlight, ...(options.maxAttempts ? { maxRetries: options.maxAttempts - 1 } : {}) });
  const secrets = options.secrets ?? createEnvSecrets();
  const deps = {
    http,
    process: createProcessRunner(),
    secrets,
    readFile: (p: string) => readFile(p, 'utf8'),
    resolvePath: (p: string) => nodeSpecHost.resolve(file, p),
    specFile: file,
  };
  try {
    const timeoutMs = config.timeout_ms;
    const target = await createTarget(withDefaults(config.target, options.providerDefaults), deps, { timeoutMs });
    const judge = config.judge ? createChatModel(withDefaults(config.judge, options.providerDefaults), deps, { timeoutMs }) : undefined;
    // What would fail every case alike (a missing key) stops here, before any request: exit 2, not N errors.
    try {
      await target.preflight?.();
      // A judge the spec declares but never asks (every criterion has a check) needs no key.
      if (specUsesJudge(check.spec.rubric, config.classify as ClassifySpec | undefined)) await judge?.preflight?.();
    } catch (error) {
      if (error instanceof CaseError) return { kind: 'setup-failed', message: `${displayFile(file)}: ${error.message}` };
      throw error;
    }
    const root = projectRoot(file);
    const results = await runEval(
      check.spec,
      config,
      { target, judge, targetInfo: { provider: config.target.provider, ...(config.target.model ? { model: config.target.model } : {}) } },
      {
        filter: options.filter,
        concurrency: options.concurrency,
        repeat: options.repeat,
        signal: options.signal,
        cache: options.cache === false ? undefined : createDiskCache(join(aispecDir(file), 'cache')),
        onProgress: options.onProgress,
        displayPath: memoize((f) => relative(root, f).split(sep).join('/')),
        aispecVersion: options.aispecVersion,
        onlyFailedFrom: options.onlyFailedFrom,
      },
    );
    const saved = options.save === false ? undefined : await saveRun(file, results);
    return saved ? { kind: 'ran', results, saved } : { kind: 'ran', results };
  } catch (error) {
    if (error instanceof TargetConfigError) return { kind: 'setup-failed', message: `${displayFile(file)}: ${error.message}` };
    throw error;
  } finally {
    await http.close();
  }
}

/** The spec as messages name it: relative to the working directory. */
function displayFile(file: string): string {
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
