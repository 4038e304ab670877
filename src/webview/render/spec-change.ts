// The Spec change view (the editor's "Compare with Base Branch"): what changed in the bar, then what changed in
// quality, in the order `aispec review` writes its comment, from the same spec diff and run diff JSON. Loosened
// and removed gates come first and stand out; every gate and case names a line, and clicking it asks the
// extension to show that line (the spec's in the diff editor, a case file's beside it). When the run comparison
// is missing the view says why and offers the way to the missing run instead of leaving the section out.
import type { ChangeKind, WebviewMessage } from '../../shared/messages.js';
import type { CaseChange, RunDiff } from '../../shared/run-diff.js';
import type { ChangeSide, SpecChangeData } from '../../shared/spec-change.js';
import type { ItemChanges, SettingChange, SpecDiff } from '../../shared/spec-diff.js';
import { barHeadline, formatPoints, formatPValue, formatRate, formatTarget, isLoosening, otherHeadlines, plural, qualitySentences, qualityWord, settingValue, sortedGateChanges } from '../../core/index.js';
import { cellText, h, longText } from './dom.js';
import { section } from './sections.js';

export interface SpecChangeActions {
  /** The extension can reveal lines and make runs (false in a static page). */
  interactive: boolean;
  post(message: WebviewMessage): void;
}

/** Flipped cases listed before "and N more". */
const MAX_FLIPPED = 100;

export function specChangeView(data: SpecChangeData, actions: SpecChangeActions): HTMLElement {
  const diff = data.spec;
  const main = h('main', { class: 'aispec spec-change', attrs: { 'data-view': 'spec-change' } });
  main.append(header(data), barBanner(diff));
  const link = revealer(actions);
  for (const part of [gatesSection(diff, link), settingsSection(diff), casesSection(diff, link), itemsSection(diff), qualitySection(data, actions, link)]) if (part) main.appendChild(part);
  return main;
}

type Revealer = (kind: ChangeKind, id: string, side: ChangeSide, label?: string) => HTMLElement;

/** A gate or case name: a button that reveals its line when the host can, plain text otherwise. */
function revealer(actions: SpecChangeActions): Revealer {
  return (kind, id, side, label = id) =>
    actions.interactive
      ? h('button', { class: 'link', attrs: { type: 'button', 'data-reveal': kind, 'data-side': side, title: `Show ${kind} ${id} in the ${side === 'base' ? 'base version' : 'spec'}` }, on: { click: () => actions.post({ type: 'revealChange', kind, id, side }) } }, cellText(label, 200))
      : h('bdi', null, label);
}

function header(data: SpecChangeData): HTMLElement {
  const diff = data.spec;
  const title = diff.head.title || diff.base.title || diff.head.id || diff.base.id || data.path;
  const errors = [...diff.base.errors.map((e) => `base: ${e}`), ...diff.head.errors.map((e) => `working file: ${e}`)];
  return h(
    'header',
    { class: 'page-header' },
    h('h1', null, 'Spec change: ', h('bdi', null, title)),
    h('p', { class: 'meta' }, h('bdi', null, data.path), ' · ', h('bdi', null, data.base.revision), ` (${data.base.commit.slice(0, 12)}) → working file`),
    errors.length ? h('ul', { class: 'verdict-why', attrs: { 'data-testid': 'spec-errors' } }, ...errors.map((e) => h('li', null, h('bdi', null, e)))) : null,
  );
}

function barBanner(diff: SpecDiff): HTMLElement {
  const { lowered, text } = barHeadline(diff);
  const others = otherHeadlines(diff);
  return h(
    'div',
    { class: 'card' },
    h(
      'div',
      { class: `verdict-banner ${lowered ? 'fail' : diff.summary.changed ? 'ungated' : 'pass'}`, attrs: { role: 'status', 'data-testid': 'bar-headline', 'data-lowered': String(lowered) } },
      h('span', { class: 'verdict-mark', attrs: { 'aria-hidden': 'true' } }, lowered ? '⚠' : diff.summary.changed ? '•' : '✓'),
      h('span', { class: 'verdict-text' }, text),
    ),
    others.length ? h('p', { class: 'muted' }, others.join(' · ')) : null,
  );
}

function gatesSection(diff: SpecDiff, link: Revealer): HTMLElement | null {
  if (diff.gates.length === 0) return null;
  const rows = sortedGateChanges(diff).map((g) =>
    h(
      'tr',
      { class: isLoosening(g) ? 'loosened' : '', attrs: { 'data-gate': g.name, 'data-change': g.change } },
      h('td', null, h('span', { class: `pill ${isLoosening(g) ? 'bad' : 'ok'}` }, g.change)),
      // A removed gate's line is the nearest key in the working file; its value stood in the base version.
      h('td', null, link('gate', g.name, g.change === 'removed' ? 'base' : 'head')),
      h('td', { class: 'num' }, settingValue(g.from)),
      h('td', { class: 'num' }, settingValue(g.to)),
      h('td', { class: 'num muted' }, `line ${g.line}`),
    ),
  );
  return section('spec-gates', 'Gates', table(['Change', 'Gate', 'Base', 'Working file', 'Where'], rows, 'gates'));
}

function settingsSection(diff: SpecDiff): HTMLElement | null {
  const settings = [...diff.target, ...diff.judge, ...diff.pricing, ...diff.settings];
  if (settings.length === 0) return null;
  return section('spec-settings', 'Target, model, prompt and pricing', ...settings.map(settingRow));
}

function settingRow(s: SettingChange): HTMLElement {
  if (s.prompt_diff !== undefined) {
    return h('div', { class: 'setting', attrs: { 'data-field': s.field } }, h('p', null, h('strong', null, s.field === 'target.system' ? 'Prompt changed' : `${s.field} changed`)), h('pre', { class: 'prompt-diff' }, longText(s.prompt_diff, 20_000)));
  }
  return h('p', { class: 'setting', attrs: { 'data-field': s.field } }, h('code', null, s.field), ': ', h('bdi', null, settingValue(s.from)), ' → ', h('bdi', null, settingValue(s.to)));
}

function casesSection(diff: SpecDiff, link: Revealer): HTMLElement | null {
  const { added, removed, changed } = diff.cases;
  const tags = Object.entries(diff.tags).filter(([, t]) => t.from !== t.to);
  if (added.length + removed.length + changed.length === 0 && tags.length === 0) return null;
  const fell = new Set(diff.summary.coverage_fell);
  const list = (title: string, ids: string[], side: ChangeSide, testid: string) =>
    ids.length ? h('div', { attrs: { 'data-testid': testid } }, h('h3', null, `${title} (${ids.length})`), h('ul', { class: 'id-list' }, ...ids.map((id) => h('li', null, link('case', id, side))))) : null;
  const tagRows = Object.entries(diff.tags)
    .sort(([a], [b]) => Number(fell.has(b)) - Number(fell.has(a)) || a.localeCompare(b))
    .map(([tag, t]) =>
      h('tr', { class: fell.has(tag) ? 'loosened' : '', attrs: { 'data-tag': tag } }, h('td', null, h('bdi', null, tag)), h('td', { class: 'num' }, String(t.from)), h('td', { class: 'num' }, String(t.to)), h('td', null, fell.has(tag) ? h('span', { class: 'pill bad' }, 'coverage fell') : t.to > t.from ? h('span', { class: 'pill ok' }, 'more') : '')),
    );
  return section(
    'spec-cases',
    'Cases',
    list('Removed', removed, 'base', 'cases-removed'),
    list('Added', added, 'head', 'cases-added'),
    list('Changed', changed, 'head', 'cases-changed'),
    tagRows.length ? h('h3', null, 'Cases per tag') : null,
    tagRows.length ? table(['Tag', 'Base', 'Working file', ''], tagRows, 'tags') : null,
  );
}

function itemsSection(diff: SpecDiff): HTMLElement | null {
  const groups = [itemGroup('Rubric criteria', diff.criteria), itemGroup('Anti-patterns', diff.anti_patterns), itemGroup('Examples', diff.examples)];
  const labels = diff.labels.added.length + diff.labels.removed.length ? h('p', { attrs: { 'data-testid': 'labels' } }, h('strong', null, 'Labels: '), `added ${settingValue(diff.labels.added)}, removed ${settingValue(diff.labels.removed)}`) : null;
  const classify = diff.classify.map((c) => h('p', { class: 'setting' }, h('code', null, `classify ${c.key}`), ': ', h('bdi', null, settingValue(c.from)), ' → ', h('bdi', null, settingValue(c.to))));
  if (groups.every((g) => g === null) && !labels && classify.length === 0) return null;
  return section('spec-items', 'Criteria, anti-patterns, examples and labels', ...groups, labels, ...classify);
}

function itemGroup(title: string, c: ItemChanges): HTMLElement | null {
  const lines: HTMLElement[] = [
    ...c.removed.map((i) => h('li', { class: 'removed' }, h('span', { class: 'pill bad' }, 'removed'), ' ', h('code', null, i.id), ' ', h('bdi', null, i.text))),
    ...c.added.map((i) => h('li', null, h('span', { class: 'pill ok' }, 'added'), ' ', h('code', null, i.id), ' ', h('bdi', null, i.text))),
    ...c.reworded.map((i) => h('li', null, h('span', { class: 'pill warn' }, 'reworded'), ' ', h('code', null, i.id), ' ', h('del', null, h('bdi', null, i.from)), ' → ', h('ins', null, h('bdi', null, i.to)))),
    ...c.renamed.map((i) => h('li', null, h('span', { class: 'pill warn' }, 'renamed'), ' ', h('code', null, i.from), ' → ', h('code', null, i.to))),
    ...c.changed.map((i) => h('li', null, h('span', { class: 'pill warn' }, 'changed'), ' ', h('code', null, `${i.id}.${i.field}`), ' ', h('bdi', null, settingValue(i.from)), ' → ', h('bdi', null, settingValue(i.to)))),
  ];
  return lines.length ? h('div', null, h('h3', null, title), h('ul', { class: 'item-changes' }, ...lines)) : null;
}

function qualitySection(data: SpecChangeData, actions: SpecChangeActions, link: Revealer): HTMLElement {
  const runs = data.runs;
  if ('missing' in runs) {
    const offer =
      actions.interactive && runs.side === 'head'
        ? h('button', { class: 'btn', attrs: { type: 'button', 'data-testid': 'provide-head' }, on: { click: () => actions.post({ type: 'provideRun', side: 'head' }) } }, 'Run eval on the working file')
        : actions.interactive && runs.side === 'base'
          ? h('button', { class: 'btn', attrs: { type: 'button', 'data-testid': 'provide-base' }, on: { click: () => actions.post({ type: 'provideRun', side: 'base' }) } }, 'Choose the base run (results JSON)…')
          : null;
    return section('spec-quality', 'What changed in quality', h('p', { class: 'muted', attrs: { 'data-testid': 'runs-missing', role: 'status' } }, h('bdi', null, runs.missing)), offer);
  }
  const diff = runs.diff;
  const q = diff.quality;
  const style = q.verdict === 'regression' ? 'fail' : q.verdict === 'improvement' ? 'pass' : 'incomplete';
  const ci = q.differenceCi95;
  return section(
    'spec-quality',
    'What changed in quality',
    h('p', { class: 'meta' }, 'Base run ', h('bdi', null, runLabel(diff.base)), ' → working file run ', h('bdi', null, runLabel(diff.head))),
    h('div', { class: `verdict-banner ${style}`, attrs: { role: 'status', 'data-testid': 'quality-verdict', 'data-verdict': q.verdict } }, h('span', { class: 'verdict-text' }, qualityWord(q))),
    h(
      'dl',
      { class: 'key-numbers quality-numbers' },
      h('dt', null, 'Exact McNemar p'), h('dd', { attrs: { 'data-testid': 'mcnemar-p' } }, formatPValue(q.mcnemarP)),
      h('dt', null, 'Difference (working − base)'), h('dd', { attrs: { 'data-testid': 'difference' } }, q.difference === null ? '—' : formatPoints(q.difference)),
      h('dt', null, "95% interval (Newcombe's paired)"), h('dd', { attrs: { 'data-testid': 'difference-ci' } }, ci ? `${formatPoints(ci[0])} to ${formatPoints(ci[1])}` : '—'),
      h('dt', null, 'Detectable difference (80% power)'), h('dd', { attrs: { 'data-testid': 'detectable' } }, q.detectableDifference === null ? '—' : formatPoints(q.detectableDifference).replace(/^\+/, '')),
      h('dt', null, 'Paired cases'), h('dd', null, `n = ${q.n} · pass rate ${formatRate(diff.mcnemar.baseRate)} → ${formatRate(diff.mcnemar.headRate)}`),
    ),
    h('p', null, qualitySentences(q, diff.mcnemar.discordant).join(' ')),
    flipped('Newly failing', diff.newlyFailing, 'newly-failing', link),
    flipped('Newly passing', diff.newlyPassing, 'newly-passing', link),
  );
}

function runLabel(r: RunDiff['base']): string {
  return `${r.runId || '?'} (${formatTarget(r.target)}${r.startedAt ? `, ${r.startedAt.slice(0, 10)}` : ''})`;
}

function flipped(title: string, cases: CaseChange[], testid: string, link: Revealer): HTMLElement | null {
  if (cases.length === 0) return null;
  const shown = cases.slice(0, MAX_FLIPPED);
  return h(
    'div',
    { attrs: { 'data-testid': testid } },
    h('h3', null, `${title} (${plural(cases.length, 'case')})`),
    h('ul', { class: 'flip-list' }, ...shown.map((c) => h('li', null, link('case', c.id, 'head'), c.reason ? h('span', { class: 'muted' }, ' — ', cellText(c.reason, 200)) : null))),
    cases.length > shown.length ? h('p', { class: 'muted' }, `and ${cases.length - shown.length} more`) : null,
  );
}

function table(heads: string[], rows: HTMLElement[], name: string): HTMLElement {
  return h('div', { class: 'table-wrap' }, h('table', { class: `spec-change-${name}` }, h('thead', null, h('tr', null, ...heads.map((t) => h('th', { attrs: { scope: 'col' } }, t)))), h('tbody', null, ...rows)));
}
