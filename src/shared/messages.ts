// The typed protocol between the extension and the results panel's webview, and the view state the panel
// persists. Both sides import this file; neither trusts the other's messages blindly: the guards below are
// what each side runs on whatever arrives (a webview's content is untrusted, and a restored state may come
// from an older version).
//
// Sequence:
//   webview                              extension
//   ── { type: 'ready', protocol } ─────▶         (the webview's script ran and listens; sent on every load,
//                                                 including after the panel was hidden and shown again)
//   ◀──────────── { type: 'show', data, source } (the run to show; re-sent on every 'ready' and when the
//                                                 spec has a new latest run)
//   ◀──────────── { type: 'cases', runId, cases, done } (a large run: 'show' carried the summary with
//                                                 pendingCases, the cases follow in chunks)
//   ◀──────────── { type: 'compare', data, source } (a spec with `targets:`: every target's latest run and
//                                                 their comparison, drawn as the Compare view)
//   ◀──────────── { type: 'specChange', data, source } (Compare with Base Branch: the spec diff against the
//                                                 base branch's version and the run comparison, or why not)
//   ◀──────────── { type: 'empty', title, message } (no run of that spec yet, or it could not be read)
//   ── { type: 'reveal', caseId } ─────▶          (the extension looks the case up in the results it sent and
//                                                 opens its file:line; the webview never names a path)
//   ── { type: 'setBaseline', runId } ─▶          (compare with another saved run, or none)
//   ── { type: 'openTarget', target } ─▶          (a compared spec: show that target's run, or with null
//                                                 the comparison of every target again)
//   ── { type: 'revealChange', kind, id, side } ▶ (the Spec change view: show that gate's or case's line, in
//                                                 the diff editor for the spec, or in the side's case file)
//   ── { type: 'provideRun', side } ───▶          (the Spec change view lacks that side's run: run the eval
//                                                 (head) or choose a results file (base))
//   ── { type: 'rendered', ms } ───────▶          (first view drawn, for the log)
//   ── { type: 'error', message } ─────▶          (a render failure, for the log)
import type { ComparisonResults } from './comparison.js';
import type { CaseResult, Interval, RunResults, RunSummary } from './results.js';
import type { RunDiff } from './run-diff.js';
import type { ChangeSide, SpecChangeData } from './spec-change.js';

export const PROTOCOL_VERSION = 1;
/** The webview panel's viewType (also the serializer's and the `onWebviewPanel:` activation event's). */
export const RESULTS_VIEW_TYPE = 'aispec.results';
export const SHOW_RESULTS_COMMAND = 'aispec.showResults';

/** One earlier run of the spec, for the pass-rate history and the baseline picker. */
export interface HistoryPoint {
  runId: string;
  startedAt: string;
  passRate: number | null;
  ci95: Interval | null;
  /** passed + failed */
  n: number;
  passed: number;
  failed: number;
  errors: number;
  verdict: RunSummary['verdict'] | null;
  target: string;
  /** A run of some cases only (--tag, --case, --failed, --shard): drawn apart, never on the spec's line. */
  subset: boolean;
}

/** Everything the panel shows. The CLI's HTML report embeds the same object. */
export interface PanelData {
  results: RunResults;
  /** diffRuns(baseline, results), when there is a baseline. */
  diff: RunDiff | null;
  /** Which saved run the diff is against (null: none, or a file given to the CLI). */
  baselineRunId: string | null;
  /** Saved runs of the spec, oldest first (may include the run shown). */
  history: HistoryPoint[];
  /** The run is one target's of a spec that compares several: every target's name, in the spec's order
   * (the panel then offers the way back to the comparison). Absent for a spec with one target. */
  comparedTargets?: string[];
}

/** What the extension needs to find the run again after a reload (kept in the webview's state). */
export interface PanelSource {
  /** Absolute path of the spec file. */
  specFile: string;
  specId: string;
  /** A spec that compares several targets: the target whose run is shown; absent: the comparison. */
  target?: string;
  /** The Spec change view against this base revision (Compare with Base Branch); absent: the runs. */
  baseRevision?: string;
}

export type HostMessage =
  /** pendingCases > 0: data.results.cases is empty and that many cases follow in 'cases' messages. */
  | { type: 'show'; data: PanelData; source: PanelSource | null; pendingCases?: number }
  /** A chunk of the cases of the run last shown (runId); `done` on the last one. */
  | { type: 'cases'; runId: string; cases: CaseResult[]; done: boolean }
  /** A spec with several targets: every target's latest run (cases included) and their comparison. */
  | { type: 'compare'; data: ComparisonResults; source: PanelSource | null }
  /** Compare with Base Branch: the spec diff and the run comparison (or why there is none). */
  | { type: 'specChange'; data: SpecChangeData; source: PanelSource | null }
  | { type: 'empty'; title: string; message: string };

/** From this many cases on, a run is sent as its summary first and its cases in chunks. */
export const CHUNKED_FROM = 2000;
export const CASES_PER_MESSAGE = 2500;

/**
 * The messages that show a run: one 'show' for a small run; for a large one, 'show' with the summary (the
 * webview draws the verdict, gates, rates and matrix at once) and then the cases in chunks, so no single
 * message makes the webview deserialize megabytes before anything is on screen.
 */
export function showMessages(data: PanelData, source: PanelSource | null): HostMessage[] {
  const cases = Array.isArray(data.results.cases) ? data.results.cases : [];
  if (cases.length < CHUNKED_FROM) return [{ type: 'show', data, source }];
  const runId = data.results.run?.id ?? '';
  const messages: HostMessage[] = [{ type: 'show', data: { ...data, results: { ...data.results, cases: [] } }, source, pendingCases: cases.length }];
  for (let i = 0; i < cases.length; i += CASES_PER_MESSAGE) {
    messages.push({ type: 'cases', runId, cases: cases.slice(i, i + CASES_PER_MESSAGE), done: i + CASES_PER_MESSAGE >= cases.length });
  }
  return messages;
}

/** What a Spec change view row names: a gate or a case. */
export type ChangeKind = 'gate' | 'case';
const CHANGE_KINDS: readonly ChangeKind[] = ['gate', 'case'];
const SIDES: readonly ChangeSide[] = ['base', 'head'];

export type WebviewMessage =
  | { type: 'ready'; protocol: number }
  | { type: 'reveal'; caseId: string }
  | { type: 'setBaseline'; runId: string | null }
  /** Show this target's full results; null: back to the comparison of every target. */
  | { type: 'openTarget'; target: string | null }
  /** The Spec change view: reveal a gate (by name) or a case (by id) as it stands on that side. */
  | { type: 'revealChange'; kind: ChangeKind; id: string; side: ChangeSide }
  /** The Spec change view: make (head: run the eval) or pick (base: a results file) the missing run. */
  | { type: 'provideRun'; side: ChangeSide }
  | { type: 'rendered'; ms: number }
  | { type: 'error'; message: string };

// ── View state ────────────────────────────────────────────────────────────────────────────────────────────

export type StatusFilter = 'all' | 'pass' | 'fail' | 'error' | 'not-pass';
export type SortKey = 'order' | 'status' | 'id' | 'expected' | 'predicted' | 'score' | 'confidence' | 'latency' | 'cost' | 'tokens';
export type FlipFilter = 'newly-failing' | 'newly-passing' | 'changed';

export interface CaseTableFilter {
  status: StatusFilter;
  /** Case-insensitive substring of id, input, output, reason, tags, labels. */
  search: string;
  /** Matrix row: expected label (graded classification cases only). */
  expected: string | null;
  /** Matrix column: predicted label. */
  predicted: string | null;
  /** Matrix unparsed column: the output matched no label. */
  unparsed: boolean;
  tag: string | null;
  /** Cases where this rubric criterion failed. */
  criterion: string | null;
  /** Cases where this anti-pattern was detected. */
  antiPattern: string | null;
  /** Cases that changed against the baseline. */
  flip: FlipFilter | null;
}

/** A slice of the cases: `tag`, `status`, `expected`, `predicted`, `meta.<key>`… = value. */
export interface SliceSelection {
  field: string;
  value: string;
}

export interface ViewState {
  v: 1;
  filter: CaseTableFilter;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  slice: SliceSelection | null;
  /** Threshold chart's positive label (multi-class: one-vs-rest). */
  positiveLabel: string | null;
  /** The expanded case's id. */
  expanded: string | null;
  /** The case table's scroll offset. */
  scrollTop: number;
}

/** What the webview keeps with setState (VS Code) or history.state (the HTML report). */
export interface PersistedState {
  v: 1;
  view: ViewState;
  source: PanelSource | null;
}

/** What the panel's HTML carries in its data-boot attribute. */
export interface BootData {
  protocol: number;
  title: string;
  /** The state to restore (the serializer's), when the webview's own getState() has none. */
  state: PersistedState | null;
  /** Whether the host can open files and switch baselines (VS Code) or not (the HTML report). */
  interactive: boolean;
}

// ── Guards ───────────────────────────────────────────────────────────────────────────────────────────────

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_ID = 10_000;

/** Validates a message from the webview; anything else is dropped by the host. */
export function parseWebviewMessage(value: unknown): WebviewMessage | null {
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'ready':
      return typeof value.protocol === 'number' ? { type: 'ready', protocol: value.protocol } : null;
    case 'reveal':
      return typeof value.caseId === 'string' && value.caseId.length <= MAX_ID ? { type: 'reveal', caseId: value.caseId } : null;
    case 'setBaseline':
      return value.runId === null || (typeof value.runId === 'string' && value.runId.length <= MAX_ID) ? { type: 'setBaseline', runId: value.runId } : null;
    case 'openTarget':
      return value.target === null || (typeof value.target === 'string' && value.target.length <= MAX_ID) ? { type: 'openTarget', target: value.target } : null;
    case 'revealChange':
      return CHANGE_KINDS.includes(value.kind as ChangeKind) && SIDES.includes(value.side as ChangeSide) && typeof value.id === 'string' && value.id.length <= MAX_ID
        ? { type: 'revealChange', kind: value.kind as ChangeKind, id: value.id, side: value.side as ChangeSide }
        : null;
    case 'provideRun':
      return SIDES.includes(value.side as ChangeSide) ? { type: 'provideRun', side: value.side as ChangeSide } : null;
    case 'rendered':
      return typeof value.ms === 'number' && Number.isFinite(value.ms) ? { type: 'rendered', ms: value.ms } : null;
    case 'error':
      return typeof value.message === 'string' ? { type: 'error', message: value.message.slice(0, 2000) } : null;
    default:
      return null;
  }
}

/** Validates a message from the host (shape only; the results inside are rendered defensively anyway). */
export function parseHostMessage(value: unknown): HostMessage | null {
  if (!isObject(value)) return null;
  if (value.type === 'show' && isObject(value.data) && isObject(value.data.results)) {
    const source = panelSource(value.source);
    const pending = typeof value.pendingCases === 'number' && Number.isInteger(value.pendingCases) && value.pendingCases > 0 ? value.pendingCases : undefined;
    return pending ? { type: 'show', data: value.data as unknown as PanelData, source, pendingCases: pending } : { type: 'show', data: value.data as unknown as PanelData, source };
  }
  if (value.type === 'cases' && typeof value.runId === 'string' && Array.isArray(value.cases) && typeof value.done === 'boolean') {
    return { type: 'cases', runId: value.runId, cases: value.cases as CaseResult[], done: value.done };
  }
  if (value.type === 'compare' && isComparison(value.data)) {
    return { type: 'compare', data: value.data as unknown as ComparisonResults, source: panelSource(value.source) };
  }
  if (value.type === 'specChange' && isSpecChange(value.data)) {
    return { type: 'specChange', data: value.data as unknown as SpecChangeData, source: panelSource(value.source) };
  }
  if (value.type === 'empty' && typeof value.title === 'string' && typeof value.message === 'string') {
    return { type: 'empty', title: value.title, message: value.message };
  }
  return null;
}

/** Which spec (and which of its targets) a panel shows, from a message or a restored state; null if malformed. */
function panelSource(value: unknown): PanelSource | null {
  if (!isObject(value) || typeof value.specFile !== 'string' || typeof value.specId !== 'string') return null;
  const target = str(value.target);
  const baseRevision = str(value.baseRevision, 1000);
  return { specFile: value.specFile, specId: value.specId, ...(target === null ? {} : { target }), ...(baseRevision === null ? {} : { baseRevision }) };
}

/** The shape of a spec change the Spec change view reads first (the rest is drawn defensively). */
function isSpecChange(value: unknown): boolean {
  return (
    isObject(value) &&
    value.format === 'aispec-spec-change' &&
    isObject(value.base) &&
    isObject(value.spec) &&
    value.spec.format === 'aispec-spec-diff' &&
    Array.isArray(value.spec.gates) &&
    isObject(value.spec.cases) &&
    isObject(value.runs)
  );
}

/** The shape of a comparison the Compare view reads first (the rest is drawn defensively, as a run is). */
function isComparison(value: unknown): boolean {
  return isObject(value) && value.format === 'aispec-comparison' && isObject(value.targets) && isObject(value.comparison) && Array.isArray(value.comparison.targets) && Array.isArray(value.comparison.pairs);
}

export function defaultViewState(): ViewState {
  return {
    v: 1,
    filter: { status: 'all', search: '', expected: null, predicted: null, unparsed: false, tag: null, criterion: null, antiPattern: null, flip: null },
    sort: { key: 'status', dir: 'asc' },
    slice: null,
    positiveLabel: null,
    expanded: null,
    scrollTop: 0,
  };
}

const STATUS: readonly StatusFilter[] = ['all', 'pass', 'fail', 'error', 'not-pass'];
const SORT: readonly SortKey[] = ['order', 'status', 'id', 'expected', 'predicted', 'score', 'confidence', 'latency', 'cost', 'tokens'];
const FLIP: readonly FlipFilter[] = ['newly-failing', 'newly-passing', 'changed'];
const str = (v: unknown, max = MAX_ID): string | null => (typeof v === 'string' && v.length <= max ? v : null);
const oneOf = <T extends string>(v: unknown, options: readonly T[], fallback: T): T => (options.includes(v as T) ? (v as T) : fallback);

/** Whatever a restored state holds, a valid ViewState (unknown or malformed parts fall back to defaults). */
export function sanitizeViewState(value: unknown): ViewState {
  const d = defaultViewState();
  if (!isObject(value)) return d;
  const f = isObject(value.filter) ? value.filter : {};
  const sort = isObject(value.sort) ? value.sort : {};
  const slice = isObject(value.slice) && str(value.slice.field, 200) !== null && str(value.slice.value) !== null
    ? { field: value.slice.field as string, value: value.slice.value as string }
    : null;
  const scrollTop = typeof value.scrollTop === 'number' && Number.isFinite(value.scrollTop) && value.scrollTop >= 0 ? value.scrollTop : 0;
  return {
    v: 1,
    filter: {
      status: oneOf(f.status, STATUS, d.filter.status),
      search: str(f.search, 1000) ?? '',
      expected: str(f.expected),
      predicted: str(f.predicted),
      unparsed: f.unparsed === true,
      tag: str(f.tag),
      criterion: str(f.criterion),
      antiPattern: str(f.antiPattern),
      flip: f.flip === null ? null : FLIP.includes(f.flip as FlipFilter) ? (f.flip as FlipFilter) : null,
    },
    sort: { key: oneOf(sort.key, SORT, d.sort.key), dir: sort.dir === 'desc' ? 'desc' : 'asc' },
    slice,
    positiveLabel: str(value.positiveLabel),
    expanded: str(value.expanded),
    scrollTop,
  };
}

export function sanitizePersistedState(value: unknown): PersistedState | null {
  if (!isObject(value)) return null;
  return { v: 1, view: sanitizeViewState(value.view), source: panelSource(value.source) };
}
