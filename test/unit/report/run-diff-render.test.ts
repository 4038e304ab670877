import assert from 'node:assert/strict';
import { diffRuns } from '../../../src/core/diff/diff-runs.js';
import { diffMarkdown } from '../../../src/core/report/run-diff-markdown.js';
import { diffText } from '../../../src/core/report/run-diff-text.js';
import { HOSTILE, escapeSequences, isSgr, loadResults } from './fixtures.js';
import { tableCells } from './markdown-table.js';

function hostileDiff() {
  const head = loadResults('diff-head');
  const base = loadResults('diff-base');
  const diff = diffRuns(base, head);
  const id = diff.newlyFailing.find((c) => c.head === 'fail')!.id;
  const c = head.cases.find((x) => x.id === id)!;
  c.output = `${HOSTILE} \`tick\` @carol`;
  c.reason = `judge: ${HOSTILE}`;
  return { id, diff: diffRuns(base, head) };
}

describe('diffMarkdown', () => {
  const md = diffMarkdown(diffRuns(loadResults('diff-base'), loadResults('diff-head')));
  const lines = md.split('\n');

  it('leads with the verdict sentence and the base / head headline table', () => {
    assert.equal(lines[0], '## aispec diff: Refund assistant follows the refund policy');
    assert.equal(lines[2], '**Pass rate fell 16.5 points (0.895 → 0.730); McNemar p = 0.039 on 35 paired cases: unlikely to be noise.**');
    assert.equal(lines[4], 'Base `base` (openai gpt-4o-mini, 2025-11-18) → head `head` (openai gpt-4.1-nano, 2025-11-20)');
    assert.ok(lines.includes('| Pass rate | 0.895 (95% CI 0.759–0.958, n=38) | 0.730 (95% CI 0.570–0.846, n=37) | **-16.5 pts** |'));
    assert.ok(lines.includes('| Latency p95 | 1,160 ms | 1,923 ms | +763 ms |'));
    assert.ok(lines.includes('| Cost per case | \\$0.0000689 | \\$0.0000418 | -\\$0.0000270 |'));
    assert.ok(lines.includes('| Verdict | ✅ PASS | ❌ FAIL |  |'));
  });

  it('explains the paired test: b, c, n, the errors left out and the differing case sets', () => {
    assert.ok(lines.includes('**39 cases in both runs** · 9 newly failing · 2 newly passing · 1 added · 1 removed'));
    const test = lines.find((l) => l.startsWith("McNemar's exact test"))!;
    assert.ok(test.startsWith("McNemar's exact test pairs the 35 cases with a verdict in both runs: 8 went pass → fail, 1 fail → pass (paired pass rate 0.914 → 0.714); two-sided p = 0.039, below 0.05."));
    assert.ok(test.includes(' 4 paired cases with an error in either run are left out (2 new in head, 1 fixed, 1 in both).'));
    assert.ok(test.endsWith('the test covers only the paired ones.'));
  });

  it('tabulates gate changes, per-class changes and tag changes', () => {
    assert.ok(lines.includes('| ❌ | `recall.deny` | ≥ 0.800 | 1.000 | 0.727 | **newly failing** |'));
    assert.ok(lines.includes('| ❌ | `latency_p95_ms` | ≤ 1,500 ms | 1,160 ms | 1,923 ms | **newly failing** |'));
    assert.ok(lines.includes('| deny | **1.000 → 0.727 (-0.273)** | 0.750 → 0.533 (-0.217) | 0.857 → 0.615 (-0.242) | 12 → 11 |'));
    assert.ok(lines.includes('| edge-case | 0.889 (n=9) | 0.750 (n=8) | -13.9 pts |'));
  });

  it('folds the flipped cases into <details> blocks, one well-formed row each', () => {
    const open = lines.indexOf('<details><summary>Newly failing (9)</summary>');
    assert.ok(open > 0);
    assert.equal(lines[open + 2], '| Case | Where | Status | Expected: predicted base → head | Why it fails now | Head output |');
    const rows = lines.slice(open + 4, open + 13);
    assert.equal(rows.length, 9);
    for (const row of rows) assert.equal(tableCells(row).length, 6, row);
    assert.ok(rows.includes('| c15 | cases/refunds.yaml:62 | pass → **fail** | deny: deny → approve | predicted "approve", expected "deny" (output is the label "approve") | `` APPROVE: sure, refunding `$120` `` |'));
    assert.ok(lines.includes('<details><summary>Newly passing (2)</summary>'));
    assert.ok(lines.includes('<details><summary>Failed ↔ errored (1)</summary>'));
    assert.ok(lines.includes('**Added** (head only): c41  '));
    assert.ok(lines.includes('**Removed** (base only): c01'));
  });

  it('escapes hostile case text in the flipped-case tables', () => {
    const { id, diff } = hostileDiff();
    const out = diffMarkdown(diff);
    const row = out.split('\n').find((l) => l.startsWith(`| ${id} |`))!;
    const cells = tableCells(row);
    assert.equal(cells.length, 6);
    assert.equal(cells[4], 'judge: \\| &lt;script&gt;alert(1)&lt;/script&gt;');
    assert.equal(cells[5], '``\\| <script>alert(1)</script> `tick` @carol``');
    assert.ok(!out.includes('\u001b') && !out.includes('pwned') && !out.includes('\u0007'));
  });

  it('caps each list with maxCases', () => {
    const capped = diffMarkdown(diffRuns(loadResults('diff-base'), loadResults('diff-head')), { maxCases: 3 });
    assert.ok(capped.includes('\n… and 6 more\n'));
  });
});

describe('diffText', () => {
  const text = diffText(diffRuns(loadResults('diff-base'), loadResults('diff-head')), { color: false });
  const lines = text.split('\n');

  it('shows the verdict, the headline numbers, the test and the flipped cases', () => {
    assert.equal(lines[0], 'aispec diff  Refund assistant follows the refund policy');
    assert.equal(lines[3], 'Pass rate fell 16.5 points (0.895 → 0.730); McNemar p = 0.039 on 35 paired cases: unlikely to be noise.');
    assert.match(text, /\n {2}pass rate +0\.895 \(95% CI 0\.759–0\.958, n=38\) +0\.730 \(95% CI 0\.570–0\.846, n=37\) +-16\.5 pts\n/);
    assert.match(text, /\n {2}errors +2 +3 +\+1\n/);
    assert.ok(lines.includes('  McNemar on 35 cases with a verdict in both runs: 8 pass → fail, 1 fail → pass; two-sided p = 0.039'));
    assert.ok(lines.includes('  4 paired cases with an error left out: 2 new in head, 1 fixed, 1 in both'));
    assert.ok(lines.includes('  added:   c41'));
    assert.ok(lines.includes('Newly failing (9)'));
    assert.ok(lines.includes('  pass → fail  c15  cases/refunds.yaml:62  expected deny, predicted deny → approve'));
    assert.ok(lines.includes('  fail → error  c07  cases/refunds.yaml:30  expected approve, predicted deny → —'));
    assert.match(text, /\n {2}recall\.deny +≥ 0\.800 +1\.000 +0\.727 +newly failing\n/);
  });

  it('colours only when asked and lets no escape sequence from a case through', () => {
    assert.ok(!text.includes('\u001b'));
    const { diff } = hostileDiff();
    const plainText = diffText(diff, { color: false });
    assert.ok(plainText.includes('      judge: | <script>alert(1)</script>'));
    assert.ok(!plainText.includes('pwned') && !plainText.includes('\u001b'));
    const colored = diffText(diff, { color: true });
    assert.ok(escapeSequences(colored).every(isSgr));
    assert.ok(colored.includes('\u001b[1m\u001b[31mPass rate fell 16.5 points'));
    assert.ok(!colored.includes('pwned'));
  });

  it('sums up unchanged gates in one line', () => {
    const same = diffText(diffRuns(loadResults('diff-base'), loadResults('diff-base')), { color: false });
    assert.ok(same.includes('\nGates  all 3 still passing\n'));
    assert.ok(same.includes('Pass rate unchanged (0.895 → 0.895); no case flipped among 38 paired cases (McNemar p = 1): within noise.'));
  });
});
