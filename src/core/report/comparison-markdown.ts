// A spec run on several targets as Markdown, for a PR comment or a CI job summary: the comparison table
// (verdict, pass rate with its interval, gates, cost per case and per day, latency p95), the McNemar test of
// every pair, the conclusion (comparison-verdict.ts), then each target's full report one heading level down.
// Text from the spec or the models goes through mdText / mdCode like in every Markdown reporter.
import type { ComparisonResults } from '../../shared/comparison.js';
import { comparisonVerdict } from './comparison-verdict.js';
import { markdownHeading, type MarkdownOptions } from './render-options.js';
import { formatInteger, formatInterval, formatMs, formatPValue, formatRate, formatTarget, formatUsd, NA, plural } from './results-format.js';
import { markdownReport } from './results-markdown.js';
import { mdCode, mdTable, mdText } from './results-markdown-text.js';
import { VERDICT_STYLE } from './verdict-style.js';

export function comparisonMarkdownReport(results: ComparisonResults, options: MarkdownOptions = {}): string {
  const h = markdownHeading(options);
  const level = Math.min(5, Math.max(1, Math.floor(options.headingLevel ?? 2)));
  const { targets, pairs } = results.comparison;
  const first = Object.values(results.targets)[0];
  const title = mdText(first?.spec.title) || mdText(first?.spec.id) || 'untitled spec';
  const verdict = comparisonVerdict(results);
  const rows = targets.map((t) => {
    const style = VERDICT_STYLE[t.verdict] ?? VERDICT_STYLE.incomplete;
    const gates = results.targets[t.name]?.summary.gates ?? [];
    return [
      mdCode(t.name, { inTable: true }),
      mdText(formatTarget(t)),
      `${style.markdownMark} ${style.word}`,
      `${formatRate(t.pass_rate)} (${formatInterval(t.pass_rate_ci95)})`,
      gates.length ? `${formatInteger(gates.length - t.gates_failed.length)}/${formatInteger(gates.length)}${t.gates_failed.length ? ` (failed: ${t.gates_failed.map((g) => mdText(g)).join(', ')})` : ''}` : NA,
      formatUsd(t.cost_per_case_usd),
      formatUsd(t.cost_per_day_usd),
      formatMs(t.latency_p95_ms),
      formatInteger(t.errors),
    ];
  });
  const blocks = [
    `${h(0, `${title}: ${plural(targets.length, 'target')} compared`)}`,
    `**${mdText(verdict.sentence)}**`,
    mdTable(['Target', 'Provider and model', 'Verdict', 'Pass rate (95% CI)', 'Gates passed', 'Cost per case', 'Cost per day', 'Latency p95', 'Errors'], rows, ['left', 'left', 'left', 'right', 'left', 'right', 'right', 'right', 'right']),
  ];
  if (pairs.length > 0) {
    blocks.push(
      h(1, 'Pairs (exact McNemar test on the cases both graded)'),
      mdTable(
        ['A', 'B', 'Cases', 'Only A passed', 'Only B passed', 'McNemar p'],
        pairs.map((p) => [mdCode(p.a, { inTable: true }), mdCode(p.b, { inTable: true }), formatInteger(p.n), formatInteger(p.a_only_pass), formatInteger(p.b_only_pass), formatPValue(p.mcnemar_p)]),
        ['left', 'left', 'right', 'right', 'right', 'right'],
      ),
    );
  }
  for (const t of targets) {
    const run = results.targets[t.name];
    if (!run) continue;
    blocks.push(h(1, `Target ${mdCode(t.name, { inTable: false })}`), markdownReport(run, { ...options, headingLevel: Math.min(5, level + 2) }).trimEnd());
  }
  return `${blocks.join('\n\n')}\n`;
}
