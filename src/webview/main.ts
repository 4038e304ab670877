// The results panel's browser entry (bundled to dist/webview.js). Two hosts run the same renderer:
//  - VS Code's webview: acquireVsCodeApi() exists; the page carries a data-boot attribute; the results
//    arrive by postMessage after our 'ready' (never before: the handshake guarantees we are listening), and
//    the view state is kept with getState/setState, which VS Code keeps across reloads and hide/show.
//  - The self-contained HTML report (aispec eval --html): the run without its cases is inlined in a JSON
//    block before this script and the cases in one after it, so the first view (verdict, gates, rates,
//    matrix) is drawn before the browser has read the cases; the view state lives in history.state, which a
//    browser keeps across a reload of the page. The comparison page of a spec with several targets carries
//    the whole comparison (every target's run with its cases) in its data block instead, and switches between
//    the Compare view and a target's run itself.
import type { ComparisonResults } from '../shared/comparison.js';
import {
  PROTOCOL_VERSION,
  parseHostMessage,
  sanitizePersistedState,
  defaultViewState,
  type BootData,
  type PanelData,
  type PanelSource,
  type PersistedState,
  type WebviewMessage,
} from '../shared/messages.js';
import type { CaseResult } from '../shared/results.js';
import { App, type Host } from './app.js';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

performance.mark('aispec:script-start');


function parseJson(text: string | null | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function bootVsCode(root: HTMLElement, api: VsCodeApi): void {
  const boot = (parseJson(root.dataset.boot) ?? {}) as Partial<BootData>;
  const restored = sanitizePersistedState(api.getState()) ?? sanitizePersistedState(boot.state);
  const host: Host = {
    interactive: boot.interactive !== false,
    post: (m: WebviewMessage) => api.postMessage(m),
    save: (state: PersistedState) => api.setState(state),
    switchesTargets: true,
  };
  const app = new App(root, host, restored?.view ?? defaultViewState());
  app.message(typeof boot.title === 'string' ? boot.title : 'aispec results', 'Loading the run…');
  // A large run arrives as a summary ('show' with pendingCases) and then its cases in chunks.
  let pending: { runId: string; data: PanelData; source: PanelSource | null; cases: CaseResult[] } | null = null;
  window.addEventListener('message', (event: MessageEvent) => {
    const message = parseHostMessage(event.data);
    if (!message) return;
    try {
      if (message.type === 'empty') {
        pending = null;
        app.message(message.title, message.message);
        return;
      }
      if (message.type === 'compare') {
        pending = null;
        app.showComparison(message.data, message.source ?? restored?.source ?? null);
        performance.mark('aispec:interactive');
        return;
      }
      if (message.type === 'specChange') {
        pending = null;
        app.showSpecChange(message.data, message.source ?? restored?.source ?? null);
        performance.mark('aispec:interactive');
        return;
      }
      if (message.type === 'cases') {
        if (!pending || message.runId !== pending.runId) return;
        for (const c of message.cases) pending.cases.push(c);
        if (!message.done) return;
        const { data, source, cases } = pending;
        pending = null;
        app.show({ ...data, results: { ...data.results, cases } }, source);
        performance.mark('aispec:interactive');
        return;
      }
      const source = message.source ?? restored?.source ?? null;
      if (message.pendingCases) {
        pending = { runId: message.data.results.run?.id ?? '', data: message.data, source, cases: [] };
        app.show(message.data, source, { casesPending: true });
      } else {
        pending = null;
        app.show(message.data, source);
        performance.mark('aispec:interactive');
      }
    } catch (error) {
      pending = null;
      host.post({ type: 'error', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
      app.message('aispec results', 'The panel could not draw this run; see the aispec output channel.');
    }
  });
  host.post({ type: 'ready', protocol: PROTOCOL_VERSION });
}

function bootStandalone(root: HTMLElement): void {
  const data = parseJson(document.getElementById('aispec-data')?.textContent) as PanelData | ComparisonResults | null;
  const stored = (history.state as { aispec?: unknown } | null)?.aispec;
  const restored = sanitizePersistedState(stored);
  const host: Host = {
    interactive: false,
    post: () => undefined,
    save: (state: PersistedState) => {
      try {
        history.replaceState({ ...(history.state ?? {}), aispec: state }, '');
      } catch {
        // a file:// page in some browsers refuses replaceState; the view then simply starts fresh on reload
      }
    },
    switchesTargets: false,
  };
  const app = new App(root, host, restored?.view ?? defaultViewState());
  if (isComparisonData(data)) {
    app.showComparison(data, null);
    performance.mark('aispec:interactive');
    return;
  }
  if (!data || typeof data !== 'object' || !data.results) {
    app.message('aispec results', 'This report holds no results.');
    return;
  }
  const panel = (cases: unknown): PanelData => ({
    results: { ...data.results, cases: Array.isArray(cases) ? cases : [] },
    diff: data.diff ?? null,
    baselineRunId: data.baselineRunId ?? null,
    history: Array.isArray(data.history) ? data.history : [],
  });
  // The report carries the cases in blocks after this script: draw the summary now, the cases when parsed.
  const caseBlocks = () => document.querySelectorAll('script.aispec-cases');
  const showAll = () => {
    const cases: unknown[] = [];
    for (const block of caseBlocks()) {
      const part = parseJson(block.textContent);
      if (Array.isArray(part)) for (const c of part) cases.push(c);
    }
    app.show(panel(cases), null);
    performance.mark('aispec:interactive');
  };
  if (document.readyState !== 'loading') {
    showAll();
  } else {
    app.show(panel([]), null, { casesPending: true });
    document.addEventListener('DOMContentLoaded', showAll, { once: true });
  }
}

function isComparisonData(data: unknown): data is ComparisonResults {
  const value = data as Partial<ComparisonResults> | null;
  return typeof value === 'object' && value !== null && value.format === 'aispec-comparison' && typeof value.targets === 'object' && value.targets !== null && Array.isArray(value.comparison?.targets) && Array.isArray(value.comparison?.pairs);
}

function start(): boolean {
  const root = document.getElementById('aispec-root');
  if (!root) return false;
  if (typeof acquireVsCodeApi === 'function') bootVsCode(root, acquireVsCodeApi());
  else bootStandalone(root);
  return true;
}

// The root precedes the script in both pages, so this normally runs at once, while the parser is still busy.
if (!start()) document.addEventListener('DOMContentLoaded', () => void start(), { once: true });
