// The console summary of a spec run on several targets: what was compared, a side-by-side table (verdict,
// pass rate with its 95% interval, gates passed, cost per case and per day, latency p95), the gates each
// target failed, and the one-line conclusion (comparison-verdict.ts). Text from the spec is sanitized for
// the terminal like every console reporter's; colour only when asked for.
import type { ComparedTarget, ComparisonResults } from '../../shared/comparison.js';
import { comparisonVerdict } from './comparison-verdict.js';
import { formatInteger, formatInterval, formatMs, formatRate, formatTarget, formatUsd, isNumber, NA, plural } from './results-format.js';
import { terminalLayout, type TerminalOptions } from './render-options.js';
import { sanitizedLine, truncateToWidth } from './results-terminal-text.js';
import { textTable } from './results-text-table.js';
import { VERDICT_STYLE } from './verdict-style.js';

const INDENT = '  ';

/** The comparison summary, lines joined with "\n" and ending with one. */
export function comparisonConsoleSummary(results: ComparisonResults, options: TerminalOptions): string {
  const { paint, width } = terminalLayout(options);
  const { targets } = results.comparison;
  const first = Object.values(results.targets)[0];
  const title = sanitizedLine(first?.spec.title) || sanitizedLine(first?.spec.id) || 'untitled spec';
  const cases = first ? first.summary.total : 0;
  const header = [
    `${paint('bold', 'aispec')}  ${truncateToWidth(title, width - 8)}`,
    paint('dim', truncateToWidth(`spec ${sanitizedLine(first?.spec.id) || NA} · ${plural(targets.length, 'target')} compared · ${plural(cases, 'case')} each`, width)),
  ];
  const rows = targets.map((t) => {
    const style = VERDICT_STYLE[t.verdict] ?? VERDICT_STYLE.incomplete;
    const run = results.targets[t.name];
    const gates = run?.summary.gates ?? [];
    return [
      sanitizedLine(t.name),
      sanitizedLine(formatTarget(t)),
      paint(style.tone, style.word),
      passRate(t),
      gates.length ? `${formatInteger(gates.length - t.gates_failed.length)}/${formatInteger(gates.length)}` : NA,
      formatUsd(t.cost_per_case_usd),
      formatUsd(t.cost_per_day_usd),
      formatMs(t.latency_p95_ms),
      formatInteger(t.errors),
    ];
  });
  const table = textTable(['target', 'provider model', 'verdict', 'pass rate (95% CI)', 'gates', 'per case', 'per day', 'p95', 'errors'], rows, {
    indent: INDENT,
    align: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
    header: (cell) => paint('dim', cell),
  });
  const failures = targets
    .filter((t) => t.gates_failed.length > 0)
    .map((t) => truncateToWidth(`${INDENT}${sanitizedLine(t.name)} ${t.verdict === 'partial' ? 'missed, on this subset,' : 'failed'} ${t.gates_failed.map(sanitizedLine).join(', ')}`, width));
  const verdict = comparisonVerdict(results);
  const conclusion = paint(verdict.recommended ? 'green' : 'yellow', sanitizedLine(verdict.sentence));
  const sections = [header, table, ...(failures.length ? [failures] : []), [conclusion]];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** `0.917 (0.861–0.953)`, or n/a when no case was graded. */
function passRate(t: ComparedTarget): string {
  if (!isNumber(t.pass_rate)) return NA;
  const ci = formatInterval(t.pass_rate_ci95);
  return ci === NA ? formatRate(t.pass_rate) : `${formatRate(t.pass_rate)} (${ci})`;
}
