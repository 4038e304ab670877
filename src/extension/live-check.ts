// What the check worker (check-worker.ts) computes for the editor from a spec's text, and the messages that ask
// for it: a live check (problems with all their fixes, the texts they point into, the configuration applied, the
// files read), the editor model of the same text (editor-model.ts: what the Test Explorer, CodeLens and marks
// show), the outline and the folding ranges. Plain data only, so it crosses from the worker to the extension host's main
// thread by structured clone. The parsed spec itself (with its locator functions) stays in the worker; the main
// thread parses one only for what needs all of it (a run, completion); see spec-documents.ts.
import { extraFixes, foldingRanges, outlineOf, specConfig, YamlListMemo, type OutlineNode, type Diagnostic, type QuickFix, type SpecHost } from '../core/index.js';
import { checkSpecFile, type SpecFileCheck } from '../node/check-spec-file.js';
import { filesystemRoots } from '../node/grants.js';
import { readLastRunRates } from '../node/last-run-rates.js';
import { createNodeSpecHost } from '../node/spec-host.js';
import type { WorkspaceConfig } from '../node/workspace-config.js';
import { editorModelOf, type EditorModel } from './editor-model.js';

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
  /**
   * The text of a document open in an editor, checked again as it is typed: only such a check keeps (and
   * uses) its spec's memo and the last check made (see memoFor, checked). A spec read from disk (the Test
   * Explorer resolving a closed spec, a run reporting on one) is checked once: passing through the few memos
   * kept, it would evict those of the specs being typed in, whose next keystroke would read every case again.
   */
  open: boolean;
}

/** The folding ranges of a spec's text (core/authoring/folding.ts parses its YAML: too slow for a large spec on the main thread). */
export interface FoldRequest {
  kind: 'fold';
  id: number;
  file: string;
  text: string;
}

/**
 * The editor model of the spec's text, from a check of its own (made in the background worker, not the live
 * check's: see spec-documents.ts), whose parse an outline of the same text asked next reuses.
 */
export interface ModelRequest extends Omit<LiveCheckRequest, 'kind'> {
  kind: 'model';
  /** Whether the spec is a file on disk (then the latest saved run beside it sizes the rate gates). */
  saved: boolean;
}

/** The outline of the spec's text (core/authoring/outline.ts: locating every case's id builds a full `yaml` Document). */
export interface OutlineRequest extends Omit<LiveCheckRequest, 'kind'> {
  kind: 'outline';
  /** The most cases listed (the `aispec.outline.maxCases` setting); undefined: all. */
  maxCases?: number;
}

export type Fold = ReturnType<typeof foldingRanges>[number];
export type WorkerRequest = LiveCheckRequest | ModelRequest | OutlineRequest | FoldRequest;
/** What each kind of request is answered with. */
export interface WorkerAnswers {
  check: LiveCheck;
  model: EditorModel;
  outline: OutlineNode[];
  fold: Fold[];
}
export type WorkerResponse = { id: number; answer: WorkerAnswers[WorkerRequest['kind']] } | { id: number; error: string };

/** A request before the client numbers it. */
export type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Answers one request, wherever it runs (the worker, or the main thread as a fallback). */
export async function answerRequest(request: Unnumbered<WorkerRequest>): Promise<WorkerAnswers[WorkerRequest['kind']]> {
  if (request.kind === 'fold') return foldingRanges(request.text);
  if (request.kind === 'model') return modelOf(request);
  if (request.kind === 'outline') return outlineOf((await checked(request)).spec, request.maxCases === undefined ? {} : { maxCases: request.maxCases });
  return liveCheckOf(await checked(request, true));
}

/** The last check made, and of what: a model or outline asked for the same text reuses its parse. */
let last: { key: CheckKey; result: Promise<SpecFileCheck> } | undefined;

/** What a check reads: two requests with equal keys get the same check. */
interface CheckKey {
  file: string;
  trusted: boolean;
  openTexts: string;
  text: string;
}

/**
 * The key of a request. The spec's text is kept as it is and compared as a string, not serialised with the
 * rest: JSON-escaping a 10,000-case spec's text (1.3 MB) on every check cost more than comparing it.
 */
function checkKey(request: Unnumbered<LiveCheckRequest | ModelRequest | OutlineRequest>): CheckKey {
  return { file: request.file, trusted: request.trusted, openTexts: JSON.stringify(request.openTexts), text: request.text };
}

function sameKey(a: CheckKey, b: CheckKey): boolean {
  return a.file === b.file && a.trusted === b.trusted && a.openTexts === b.openTexts && a.text === b.text;
}

/**
 * The check of the request's text: a new one when `fresh` (a check is asked again when a file it read changed,
 * with the same text), else the last one made if it was of the same text.
 */
function checked(request: Unnumbered<LiveCheckRequest | ModelRequest | OutlineRequest>, fresh = false): Promise<SpecFileCheck> {
  if (!request.open) return runCheck(request); // nothing asks again of a closed spec's text: the last check stays
  const key = checkKey(request);
  if (fresh || !last || !sameKey(last.key, key)) last = { key, result: runCheck(request) };
  const made = last;
  // A failed check is not kept: the next request tries again.
  made.result.catch(() => last === made && (last = undefined));
  return made.result;
}

async function modelOf(request: Unnumbered<ModelRequest>): Promise<EditorModel> {
  // Fresh: a case file or configuration on disk may have changed since the last parse of this text.
  const result = await checked(request, true);
  const { id } = specConfig(result.spec);
  // As the rate gates' CodeLens sized them on the main thread: by the latest saved run beside a spec on disk.
  const lastRun = request.saved && typeof id === 'string' && id ? await readLastRunRates(request.file, id) : undefined;
  return editorModelOf(result, lastRun);
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
function runCheck(request: Unnumbered<LiveCheckRequest | ModelRequest | OutlineRequest>): Promise<SpecFileCheck> {
  // No configuration cache: the editor lives long, and an edited aispec.config.json counts at the next check.
  const memo = request.open ? memoFor(request.file) : undefined;
  return checkSpecFile(request.file, { text: request.text, host: liveCheckHost(request.openTexts, request.trusted), configCache: false, memo });
}

/**
 * The open specs checked last, newest last, each with the cases it read (yaml-list-memo.ts): a keystroke's check
 * reads only the cases it changed. Checks of specs on disk bypass it (LiveCheckRequest.open).
 */
const memos = new Map<string, YamlListMemo>();
/** A few specs open side by side; a spec beyond them loses its memo (its next check reads every case, as without one). */
const MEMO_FILES = 4;

function memoFor(file: string): YamlListMemo {
  let memo = memos.get(file);
  if (memo) memos.delete(file);
  else memo = new YamlListMemo();
  memos.set(file, memo);
  for (const oldest of memos.keys()) {
    if (memos.size <= MEMO_FILES) break;
    memos.delete(oldest);
  }
  return memo;
}

/** The specs that have a memo now, oldest first (for tests). */
export function memoizedSpecs(): string[] {
  return [...memos.keys()];
}
