// The panel's "Judge vs human" section: how often the judge agrees with human verdicts (the headline numbers,
// the 2×2 matrix, each criterion's), and every disagreement with the input, the output, the human verdict and
// the judge's reason, so a PM can see what the judge gets wrong. All of it is built as text nodes (dom.ts).
import { agreementHeadline, agreementMatrixRows, agreementSources, formatInteger, formatInterval, formatRate } from '../../core/index.js';
import type { JudgeDisagreement } from '../../shared/results.js';
import type { Ctx } from './context.js';
import { cellText, h, longText } from './dom.js';
import { section } from './sections.js';

/** Disagreements shown before "… and K more": each holds a whole output. */
const MAX_DISAGREEMENTS = 50;

export function judgeAgreementSection(ctx: Ctx): HTMLElement | null {
  const agreement = ctx.results.judge_agreement;
  if (!agreement) return null;
  const table = (header: string[], rows: string[][]) =>
    h('table', { class: 'judge-agreement-table' }, h('thead', null, h('tr', null, ...header.map((c) => h('th', { attrs: { scope: 'col' } }, c)))), h('tbody', null, ...rows.map((row) => h('tr', null, ...row.map((c, i) => (i === 0 ? h('th', { attrs: { scope: 'row' } }, c) : h('td', null, c)))))));
  const perCriterion = Object.entries(agreement.per_criterion ?? {});
  const disagreements = Array.isArray(agreement.disagreements) ? agreement.disagreements : [];
  const shown = disagreements.slice(0, MAX_DISAGREEMENTS);
  return section(
    'judge-agreement',
    'Judge vs human',
    h('p', null, agreementHeadline(agreement.overall)),
    h('p', { class: 'hint' }, agreementSources(agreement)),
    (agreement.overall?.n ?? 0) > 0 && table(['', 'judge pass', 'judge fail'], agreementMatrixRows(agreement.overall)),
    perCriterion.length > 0 && table(['criterion', 'agreement', '95% CI', 'kappa', 'n'], perCriterion.map(([id, stat]) => [id, formatRate(stat?.agreement), formatInterval(stat?.agreement_ci95), formatRate(stat?.kappa), formatInteger(stat?.n)])),
    disagreements.length > 0 && h('h3', null, `Disagreements (${formatInteger(disagreements.length)})`),
    disagreements.length > 0 && h('ol', { class: 'judge-disagreements' }, ...shown.map(disagreementItem)),
    disagreements.length > shown.length && h('p', { class: 'hint' }, `… and ${formatInteger(disagreements.length - shown.length)} more in the results JSON`),
  );
}

function disagreementItem(d: JudgeDisagreement): HTMLElement {
  const verdict = (pass: unknown) => (pass === true ? 'pass' : 'fail');
  // Ids, criteria and raters come from files and outputs from the model: isolated, controls made visible.
  return h(
    'li',
    { class: 'judge-disagreement', attrs: { 'data-id': String(d.id) } },
    h('div', { class: 'judge-disagreement-title' }, d.item === 'example' ? 'example ' : 'case ', cellText(String(d.id)), d.criterion ? ' · criterion ' : null, d.criterion ? cellText(String(d.criterion)) : null),
    h('dl', null,
      h('dt', null, 'Input'), h('dd', { attrs: { 'data-testid': 'disagreement-input' } }, longText(d.input ?? '—', 1500)),
      h('dt', null, 'Output'), h('dd', { attrs: { 'data-testid': 'disagreement-output' } }, longText(d.output ?? '—', 1500)),
      h('dt', null, 'Human'), h('dd', null, verdict(d.human), d.rater ? ' (' : null, d.rater ? cellText(String(d.rater)) : null, d.rater ? ')' : null),
      h('dt', null, 'Judge'), h('dd', { attrs: { 'data-testid': 'disagreement-reason' } }, `${verdict(d.judge)}: `, longText(String(d.reason ?? ''), 2000)),
    ),
  );
}
