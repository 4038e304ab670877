// The HTML around the panel: the VS Code panel's page (nonce, CSP, escaped boot data), the CLI's
// self-contained report (CSP hashes that match what it inlines, JSON that no case text can break out of),
// the message guards both sides run, and the host's data loading and path checks.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { escapeHtml } from '../../../src/core/report/html-page.js';
import { historyOf, jsonForScript, resultsHtml } from '../../../src/core/report/results-html.js';
import { newNonce, panelHtml } from '../../../src/extension/results-panel/html.js';
import { caseFilePath, loadPanelData } from '../../../src/extension/results-panel/panel-data.js';
import { sha256Base64 } from '../../../src/node/sha256.js';
import { defaultViewState, parseHostMessage, parseWebviewMessage, sanitizePersistedState, sanitizeViewState } from '../../../src/shared/messages.js';
import type { RunResults } from '../../../src/shared/results.js';
import { example } from './fixtures.js';

const HOSTILE = '"><script>window.__pwned=1</script><img src=x onerror=alert(1)>\u202e</style></script><!--';

function attr(html: string, name: string): string {
  const m = new RegExp(`${name}="([^"]*)"`).exec(html);
  assert.ok(m, `no ${name} attribute`);
  return m[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('results panel HTML (VS Code webview)', () => {
  const options = (nonce = newNonce()) => ({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/results.css',
    nonce,
    boot: { protocol: 1, title: HOSTILE, state: { v: 1 as const, view: { ...defaultViewState(), filter: { ...defaultViewState().filter, search: HOSTILE } }, source: null }, interactive: true },
  });

  it('uses a fresh 128-bit nonce each time', () => {
    const nonces = new Set(Array.from({ length: 200 }, newNonce));
    assert.equal(nonces.size, 200);
    for (const n of nonces) assert.equal(Buffer.from(n, 'base64').length, 16);
  });

  it('has a strict CSP: nothing by default, the script by nonce, styles from the webview origin, no inline', () => {
    const o = options();
    const html = panelHtml(o);
    const csp = attr(html, 'content');
    assert.match(csp, /^default-src 'none';/);
    assert.ok(csp.includes(`script-src 'nonce-${o.nonce}'`));
    assert.ok(csp.includes(`style-src ${o.cspSource}`));
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval') && !csp.includes('*'));
    // Exactly one script element, carrying the nonce and loading the bundle; no inline script at all.
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0], `<script nonce="${o.nonce}" src="${o.scriptUri}">`);
    // Attribute values (escaped text, like the boot data) removed, no element has an event-handler attribute.
    const tags = html.replace(/="[^"]*"/g, '=""').match(/<[a-z][^>]*>/gi) ?? [];
    assert.ok(tags.length > 5 && !tags.some((t) => /\son[a-z]+=/i.test(t)), 'no inline event handlers');
  });

  it('carries the boot data in an escaped attribute that parses back to the same object', () => {
    const o = options();
    const html = panelHtml(o);
    assert.ok(!html.includes('<script>window'), 'the hostile title did not become markup');
    assert.ok(!html.includes('<img'), 'no img element');
    assert.deepEqual(JSON.parse(attr(html, 'data-boot')), o.boot);
    assert.ok(html.includes(`<title>${escapeHtml(HOSTILE)}</title>`));
  });

  it('refuses a weak nonce', () => {
    assert.throws(() => panelHtml(options('abc')));
  });
});

describe('results HTML report (aispec eval --html)', () => {
  const script = '(()=>{document.body.dataset.ok="1"})();\r\n';
  const css = 'body{color:red}\r\n';

  it('allows exactly the inlined script and style by hash (after the parser’s newline normalisation)', async () => {
    const { results } = await example('triage');
    const html = resultsHtml(results, { script, css, sha256: sha256Base64 });
    const csp = attr(html, 'content');
    const inlineScript = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const inlineStyle = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    assert.ok(!inlineScript.includes('\r') && !inlineStyle.includes('\r'));
    assert.ok(csp.includes(`script-src 'sha256-${createHash('sha256').update(inlineScript).digest('base64')}'`));
    assert.ok(csp.includes(`style-src 'sha256-${createHash('sha256').update(inlineStyle).digest('base64')}'`));
    assert.match(csp, /^default-src 'none';/);
    assert.ok(!csp.includes('unsafe'));
  });

  it('embeds the run as JSON no case text can break out of, and that parses back unchanged', async () => {
    const { results } = await example('triage');
    results.cases[0]!.output = HOSTILE;
    results.cases[0]!.input = '\u2028\u2029</script><script>alert(1)</script>';
    results.spec.title = HOSTILE;
    const html = resultsHtml(results, { script, css, sha256: sha256Base64 });
    const block = /<script type="application\/json" id="aispec-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const caseBlocks = [...html.matchAll(/<script type="application\/json" class="aispec-cases">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    for (const b of [block, ...caseBlocks]) assert.ok(!/[<>&]/.test(b), 'no <, > or & inside a data block');
    const data = JSON.parse(block);
    assert.deepEqual(data.results.cases, [], 'the summary block carries no cases');
    const cases = caseBlocks.flatMap((b) => JSON.parse(b));
    assert.deepEqual({ ...data.results, cases }, results);
    // The summary, then the bundle, then the cases (so the first view does not wait for them).
    assert.ok(html.indexOf('id="aispec-data"') < html.indexOf('<script>') && html.indexOf('<script>') < html.indexOf('class="aispec-cases"'));
    assert.equal((html.match(/<script\b/g) ?? []).length, 2 + caseBlocks.length, 'the data blocks and the bundle, nothing else');
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes(`<title>aispec · ${escapeHtml(HOSTILE)}`));
  });

  it('refuses to inline a script or style that would close its own element', async () => {
    const { results } = await example('health');
    assert.throws(() => resultsHtml(results, { script: 'x="</script>"', css, sha256: sha256Base64 }));
    assert.throws(() => resultsHtml(results, { script, css: 'a{}</style>', sha256: sha256Base64 }));
  });

  it('jsonForScript round-trips any value (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => assert.deepEqual(JSON.parse(jsonForScript(v)), JSON.parse(JSON.stringify(v)))));
  });

  it('history: one point per run id, oldest first, the current run included', async () => {
    const { results } = await example('health');
    const older = structuredClone(results);
    older.run.id = 'a';
    older.run.started_at = '2020-01-01T00:00:00.000Z';
    const points = historyOf([results, older], results);
    assert.deepEqual(points.map((p) => p.runId), ['a', results.run.id]);
    assert.equal(points[1]!.passRate, results.summary.pass_rate);
    assert.equal(points[1]!.n, results.summary.passed + results.summary.failed);
  });
});

describe('message protocol guards', () => {
  it('accepts well-formed webview messages and drops anything else', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', protocol: 1 }), { type: 'ready', protocol: 1 });
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', caseId: 'x', file: '/etc/passwd' }), { type: 'reveal', caseId: 'x' });
    assert.deepEqual(parseWebviewMessage({ type: 'setBaseline', runId: null }), { type: 'setBaseline', runId: null });
    for (const bad of [null, 1, 'ready', [], { type: 'reveal' }, { type: 'reveal', caseId: 3 }, { type: 'ready' }, { type: 'open', path: '/' }, { type: 'rendered', ms: NaN }]) {
      assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
    }
    assert.equal(parseHostMessage({ type: 'show' }), null);
    assert.equal(parseHostMessage({ type: 'show', data: { results: {} }, source: { specFile: 1 } })?.type, 'show');
  });

  it('the Spec change view: its reveal and run requests name a kind, an id and a side only; its data is checked for shape', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'revealChange', kind: 'case', id: 'c3', side: 'base', file: '/etc/passwd' }), { type: 'revealChange', kind: 'case', id: 'c3', side: 'base' });
    assert.deepEqual(parseWebviewMessage({ type: 'provideRun', side: 'head', command: 'rm -rf' }), { type: 'provideRun', side: 'head' });
    for (const bad of [{ type: 'revealChange', kind: 'file', id: 'x', side: 'head' }, { type: 'revealChange', kind: 'gate', id: 'x', side: 'left' }, { type: 'revealChange', kind: 'gate', id: 'x'.repeat(10_001), side: 'head' }, { type: 'provideRun', side: 'both' }]) {
      assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad).slice(0, 100));
    }
    const spec = { format: 'aispec-spec-diff', gates: [], cases: { added: [], removed: [], changed: [] } };
    const data = { format: 'aispec-spec-change', base: { revision: 'main', commit: 'c' }, path: 'a.aispec.md', spec, runs: { missing: 'no run', side: 'head' } };
    const source = { specFile: '/w/a.aispec.md', specId: 'a', baseRevision: 'main' };
    assert.deepEqual(parseHostMessage({ type: 'specChange', data, source }), { type: 'specChange', data, source });
    assert.equal(parseHostMessage({ type: 'specChange', data: { ...data, spec: { ...spec, format: 'x' } }, source }), null);
    assert.equal(parseHostMessage({ type: 'specChange', data: { ...data, runs: null }, source }), null);
    // The base revision survives a reload with the rest of the source.
    assert.deepEqual(sanitizePersistedState({ v: 1, view: {}, source })?.source, source);
    assert.deepEqual(sanitizePersistedState({ v: 1, view: {}, source: { ...source, baseRevision: 7 } })?.source, { specFile: '/w/a.aispec.md', specId: 'a' });
  });

  it('sanitizes any restored state to a valid view state (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const s = sanitizeViewState(v);
        assert.deepEqual(sanitizeViewState(JSON.parse(JSON.stringify(s))), s, 'idempotent');
        assert.equal(typeof s.filter.search, 'string');
        assert.ok(Number.isFinite(s.scrollTop) && s.scrollTop >= 0);
      }),
    );
    const restored = sanitizePersistedState({ view: { slice: { field: 'tag', value: 'edge' }, filter: { status: 'fail', expected: 'abuse' }, sort: { key: 'latency', dir: 'desc' } }, source: { specFile: '/a.aispec.md', specId: 'a' } });
    assert.deepEqual(restored?.view.slice, { field: 'tag', value: 'edge' });
    assert.equal(restored?.view.filter.status, 'fail');
    assert.equal(restored?.view.sort.key, 'latency');
    assert.deepEqual(restored?.source, { specFile: '/a.aispec.md', specId: 'a' });
  });
});

describe('results panel host data', () => {
  const run = (id: string, startedAt: string, base: RunResults): RunResults => ({ ...structuredClone(base), run: { ...base.run, id, started_at: startedAt } });

  it('compares with the run before the latest by default, another saved run on request, or none', async () => {
    const { results } = await example('health');
    const r1 = run('r1', '2026-01-01T00:00:00Z', results);
    const r2 = run('r2', '2026-01-02T00:00:00Z', results);
    r2.cases[0]!.status = r2.cases[0]!.status === 'pass' ? 'fail' : 'pass';
    const r3 = run('r3', '2026-01-03T00:00:00Z', results);
    const runs = { latest: async () => ({ results: r3 }), all: async () => [r1, r2, r3] };
    const source = { specFile: '/x/spec.aispec.md', specId: 'x' };
    const byDefault = (await loadPanelData(runs, source, undefined))!;
    assert.equal(byDefault.baselineRunId, 'r2');
    assert.equal(byDefault.diff!.newlyFailing.length + byDefault.diff!.newlyPassing.length, 1);
    assert.deepEqual(byDefault.history.map((h) => h.runId), ['r1', 'r2', 'r3']);
    assert.equal((await loadPanelData(runs, source, 'r1'))!.baselineRunId, 'r1');
    assert.equal((await loadPanelData(runs, source, null))!.diff, null);
    assert.equal(await loadPanelData({ latest: async () => undefined, all: async () => [] }, source, undefined), null);
  });

  it('opens only case files inside the spec’s project', () => {
    const root = mkdtempSync(join(tmpdir(), 'aispec-panel-'));
    try {
      writeFileSync(join(root, 'package.json'), '{}');
      mkdirSync(join(root, 'specs'));
      const spec = join(root, 'specs', 'a.aispec.md');
      assert.equal(caseFilePath(spec, 'specs/cases.jsonl'), join(root, 'specs', 'cases.jsonl'));
      for (const bad of ['../outside.md', '/etc/passwd', 'specs/../../x', '', 'a\0b']) assert.equal(caseFilePath(spec, bad), null, bad);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('large runs are sent in chunks', () => {
  it('a small run is one show; a large one a summary then case chunks that add up to the run', async () => {
    const { showMessages, CHUNKED_FROM, CASES_PER_MESSAGE } = await import('../../../src/shared/messages.js');
    const { results } = await example('triage');
    const data = { results, diff: null, baselineRunId: null, history: [] };
    assert.deepEqual(showMessages(data, null), [{ type: 'show', data, source: null }]);
    const big = structuredClone(results);
    while (big.cases.length < CHUNKED_FROM + CASES_PER_MESSAGE) big.cases.push(...structuredClone(results.cases).map((c, i) => ({ ...c, id: `${c.id}-${big.cases.length + i}` })));
    const messages = showMessages({ ...data, results: big }, null);
    const [show, ...chunks] = messages;
    assert.equal(show!.type, 'show');
    assert.ok(show!.type === 'show' && show!.pendingCases === big.cases.length && show!.data.results.cases.length === 0);
    assert.ok(chunks.every((m) => m.type === 'cases' && m.runId === big.run.id));
    assert.deepEqual(chunks.flatMap((m) => (m.type === 'cases' ? m.cases : [])), big.cases);
    assert.deepEqual(chunks.map((m) => m.type === 'cases' && m.done), chunks.map((_, i) => i === chunks.length - 1));
    assert.equal(parseHostMessage(JSON.parse(JSON.stringify(chunks[0])))?.type, 'cases');
  });
});
