// The job summary of a merged run: the verdict, the pass rate with its interval and every gate, read from the
// merged results JSON (the full report of each shard is in that shard's own job summary).

/** A gate's number as the console shows it: rates (every `min` gate) to three places, then ms, dollars, counts. */
function number(value, gate) {
  if (typeof value !== 'number') return '–';
  if (gate.direction === 'min') return value.toFixed(3);
  if (gate.name === 'cost_per_case_usd') return `$${value.toPrecision(3)}`;
  if (gate.name === 'latency_p95_ms') return `${Math.round(value)} ms`;
  return String(value);
}

const interval = (ci, gate) => (Array.isArray(ci) ? `${number(ci[0], gate)}–${number(ci[1], gate)}` : '');

/** Markdown table cells hold no `|` or new line. */
const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The pass rate is formatted as a rate gate is. */
const RATE = { name: 'pass_rate', direction: 'min' };

const MARK = { pass: '✅ PASS', fail: '❌ FAIL', incomplete: '⚠️ INCOMPLETE', ungated: 'NO GATES', partial: 'PARTIAL' };

export function mergedSummary(results, shardCount) {
  const s = results.summary;
  const lines = [`### aispec merge: ${cell(results.spec?.title ?? results.spec?.id)}`, ''];
  lines.push(`**${MARK[s.verdict] ?? s.verdict}**${s.verdict_reason ? `: ${cell(s.verdict_reason)}` : ''}`, '');
  const rate = typeof s.pass_rate === 'number' ? `${s.pass_rate.toFixed(3)} (95% CI ${interval(s.pass_rate_ci95, RATE)}, n=${s.total})` : 'n/a';
  lines.push(`${shardCount} shards, ${s.total} cases: ${s.passed} passed, ${s.failed} failed, ${s.errors} errors. Pass rate ${rate}.`, '');
  if (Array.isArray(s.gates) && s.gates.length) {
    lines.push('| | gate | target | actual | 95% CI | n |', '|---|---|---|---|---|---|');
    for (const gate of s.gates) {
      const target = `${gate.direction === 'max' ? '≤' : '≥'} ${number(gate.target, gate)}`;
      const note = [gate.reason, gate.note].filter(Boolean).map(cell).join('; ');
      lines.push(`| ${gate.passed ? '✅' : '❌'} | \`${cell(gate.name)}\`${note ? ` ${note}` : ''} | ${target} | ${number(gate.actual, gate)} | ${interval(gate.ci95, gate)} | ${gate.n ?? ''} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
