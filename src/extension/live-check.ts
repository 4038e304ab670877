// What the check worker (check-worker.ts) computes for the editor from a spec's text, and the messages that ask
// for it: a live check (problems with all their fixes, the texts they point into, the configuration applied, the
// files read) and the folding ranges. Plain data only, so it crosses from the worker to the extension host's main
// thread by structured clone. The spec model itself (with its locator functions) stays where it was parsed; see
// spec-documents.ts for who parses it when.
import { extraFixes, foldingRanges, type Diagnostic, type QuickFix, type SpecHost } from '../core/index.js';
import { checkSpecFile, type SpecFileCheck } from '../node/check-spec-file.js';
import { filesystemRoots } from '../node/grants.js';
import { createNodeSpecHost } from '../node/spec-host.js';
import type { WorkspaceConfig } from '../node/workspace-config.js';

export interface LiveProblemData {
  core: Diagnostic;
  /** The editor's own fixes beside the core's (a missing case id, adding a label to `labels`). */
  extraFixes: QuickFix[];
}

export interface LiveCheck {
  specFile: string;
  problems: LiveProblemData[];
  /** Texts of the case files the spec read, by path as the check named them (the spec's own text is the caller's). */
  caseFileTexts: Array<[string, string]>;
  config: WorkspaceConfig;
}

export function liveCheckOf(result: SpecFileCheck): LiveCheck {
  const { spec } = result;
  return {
    specFile: spec.file,
    problems: result.diagnostics.map((core) => ({ core, extraFixes: extraFixes(spec, core) })),
    caseFileTexts: [...spec.files],
    config: result.config,
  };
}

/** One check asked of the worker: the spec's text as typed and the unsaved texts of other open files. */
export interface LiveCheckRequest {
  kind: 'check';
  id: number;
  file: string;
  text: string;
  /** Open editor documents' texts (unsaved case files, aispec.config.json) read instead of the disk. */
  openTexts: Array<[string, string]>;
  /** A trusted workspace's checks may read case files anywhere, as its runs may (running/editor-grants.ts). */
  trusted: boolean;
}

/** The folding ranges of a spec's text (core/authoring/folding.ts parses its YAML: too slow for a large spec on the main thread). */
export interface FoldRequest {
  kind: 'fold';
  id: number;
  file: string;
  text: string;
}

export type Fold = ReturnType<typeof foldingRanges>[number];
export type WorkerRequest = LiveCheckRequest | FoldRequest;
/** What each kind of request is answered with. */
export interface WorkerAnswers {
  check: LiveCheck;
  fold: Fold[];
}
export type WorkerResponse = { id: number; answer: WorkerAnswers[WorkerRequest['kind']] } | { id: number; error: string };

/** A request before the client numbers it. */
export type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Answers one request, wherever it runs (the worker, or the main thread as a fallback). */
export async function answerRequest(request: Unnumbered<WorkerRequest>): Promise<WorkerAnswers[WorkerRequest['kind']]> {
  return request.kind === 'fold' ? foldingRanges(request.text) : runLiveCheck(request);
}

/**
 * Reads the open documents' texts first, so unsaved case files and configuration are checked as typed; the disk
 * through the Node host. A case file stays in the project, except in a trusted workspace.
 */
export function liveCheckHost(openTexts: Iterable<[string, string]>, trusted: boolean): SpecHost {
  const disk = createNodeSpecHost(trusted ? { allowRead: filesystemRoots() } : {});
  const open = new Map(openTexts);
  return { readFile: async (path, namedBy) => open.get(path) ?? disk.readFile(path, namedBy), resolve: disk.resolve };
}

/** The check, as `aispec check` makes it. */
async function runLiveCheck(request: Unnumbered<LiveCheckRequest>): Promise<LiveCheck> {
  // No configuration cache: the editor lives long, and an edited aispec.config.json counts at the next check.
  const result = await checkSpecFile(request.file, { text: request.text, host: liveCheckHost(request.openTexts, request.trusted), configCache: false });
  return liveCheckOf(result);
}
