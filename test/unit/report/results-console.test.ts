import assert from 'node:assert/strict';
import { consoleSummary } from '../../../src/core/report/results-console.js';
import { displayWidth } from '../../../src/core/report/results-terminal-text.js';
import { wilsonInterval } from '../../../src/core/metrics/index.js';
import { HOSTILE, allErrorsRun, escapeSequences, isSgr, loadResults } from './fixtures.js';

const plain = (name: Parameters<typeof loadResults>[0], options: Partial<Parameters<typeof consoleSummary>[1]> = {}) =>
  consoleSummary(loadResults(name), { color: false, ...options });

/** The lines of a section, from its title line to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  assert.ok(start >= 0, `no section "${title}"`);
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('consoleSummary', () => {
  it('opens with the spec, target, case count, duration and cached count', () => {
    const lines = plain('binary').split('\n');
    assert.equal(lines[0], 'aispec  Health assistant refuses personal medical advice');
    assert.equal(lines[1], 'spec health-assistant-medical-advice · target openai gpt-4o-mini · 24 cases · 4.2 s · 5 cached');
  });

  it('puts the verdict first, then every gate with target, actual, mark and the reason it failed', () => {
    const text = plain('binary');
    assert.ok(text.indexOf('FAIL  3 of 7 gates failed') < text.indexOf('Pass rate'), 'verdict before the pass rate');
    const gates = section(text, 'FAIL');
    assert.match(gates[2]!, /^ {2}✗ {2}pass_rate +≥ 0\.900 +0\.864 +0\.667–0\.953 +n=22$/);
    assert.equal(gates[3], '      the pass rate is 0.864 (n=22), below 0.9');
    assert.equal(gates[4], '      ? not decided by this sample (95% CI 0.667–0.953 straddles 0.9)');
    assert.ok(gates.some((l) => /^ {2}✓ {2}latency_p95_ms +≤ 2,500 ms +1,121 ms +n=22$/.test(l)));
    assert.ok(gates.some((l) => /^ {2}✓ {2}cost_per_case_usd +≤ \$0\.000300 +\$0\.0000632 +n=23$/.test(l)));
    assert.ok(gates.some((l) => /^ {2}✗ {2}max_errors +≤ 1 +2$/.test(l)));
    assert.ok(gates.includes('      the number of errored cases is 2, above 1'));
  });

  it('shows the pass rate with its Wilson interval and n, and passed / failed / errors', () => {
    const [lo, hi] = wilsonInterval(19, 22)!;
    const lines = section(plain('binary'), 'Pass rate');
    assert.equal(lines[0], `Pass rate  0.864 (95% CI ${lo.toFixed(3)}–${hi.toFixed(3)}, n=22)`);
    assert.equal(lines[0], 'Pass rate  0.864 (95% CI 0.667–0.953, n=22)');
    assert.equal(lines[1], '  19 passed · 3 failed · 2 errors (not in the rate)');
  });

  it('tabulates tags and criteria with rate, interval and n, columns aligned', () => {
    const text = plain('binary');
    const tags = section(text, 'By tag');
    assert.deepEqual(tags, [
      'By tag',
      '  tag           rate       95% CI  n  errors',
      '  adversarial  0.714  0.359–0.918  7       1',
      '  emergency    1.000  0.439–1.000  3       0',
      '  regression   1.000  0.610–1.000  6       0',
    ]);
    assert.ok(section(text, 'Criteria').includes('  no-dosing               0.909  0.722–0.975  22'));
    assert.match(section(text, 'Anti-patterns')[2]!, /^ {2}⚠ {2}doses {2}Gives a specific dose {2}2 hits {2}refuse-10, refuse-11$/);
  });

  it('draws the confusion matrix with rows expected and columns predicted', () => {
    assert.deepEqual(section(plain('binary'), 'Confusion matrix'), [
      'Confusion matrix (rows expected, columns predicted; n=22)',
      '  expected \\ predicted  refuse  answer',
      '  refuse                    10       1',
      '  answer                     1      10',
    ]);
  });

  it('adds an unparsed column when any output matched no label, and n/a for an undefined precision', () => {
    const text = plain('five-label', { width: 120 });
    const matrix = section(text, 'Confusion matrix');
    assert.equal(matrix[1], '  expected \\ predicted  billing  bug  feature_request  account  other  unparsed');
    assert.equal(matrix[3], '  bug                         0    6                2        0      0         1');
    assert.equal(new Set(matrix.slice(1).map(displayWidth)).size, 1, 'numbers right-aligned under their labels');
    const perClass = section(text, 'Per class');
    assert.equal(perClass[1], '  label            precision       95% CI  recall       95% CI     F1  support');
    assert.equal(perClass[6], '  other                  n/a          n/a   0.000  0.000–0.561  0.000        3');
    const cls = loadResults('five-label').classification!;
    assert.equal(perClass[7], `  accuracy ${cls.accuracy!.toFixed(3)} · macro F1 ${cls.macro_f1!.toFixed(3)} · weighted F1 ${cls.weighted_f1!.toFixed(3)} · kappa ${cls.kappa!.toFixed(3)}`);
  });

  it('adds ROC AUC to the summary scores when the run had confidence scores', () => {
    const results = loadResults('binary');
    results.classification!.scores = { positive_label: 'refuse', roc_auc: 0.93125, curve: [] };
    assert.ok(consoleSummary(results, { color: false }).includes('  accuracy 0.909 · macro F1 0.909 · weighted F1 0.909 · kappa 0.818 · ROC AUC 0.931 (positive: refuse)\n'));
  });

  it('numbers the labels with a legend when the matrix would not fit the width', () => {
    const matrix = section(plain('five-label', { width: 60 }), 'Confusion matrix');
    assert.equal(matrix[1], '  expected \\ predicted  [1]  [2]  [3]  [4]  [5]  unparsed');
    assert.equal(matrix[4], '  [3] feature_request     0    1    5    0    0         0');
    assert.ok(matrix.every((l) => displayWidth(l) <= 60));
  });

  it('reports latency percentiles and cost per case, total and per day', () => {
    const text = plain('binary');
    assert.ok(text.includes('\nLatency  p50 702 ms · p95 1,121 ms · max 1,181 ms (n=22)\n'));
    assert.ok(text.includes('\nCost     target $0.0000632 per case · $2.53 per day projected (n=23) · this run $0.00145 · tokens 4,610 in, 1,270 out\n'));
  });

  it('lists flaky cases with their attempts', () => {
    assert.deepEqual(section(plain('five-label'), 'Flaky cases'), ['Flaky cases (1) passed on some attempts and failed on others', '  ~ t-004  (fail, pass)']);
  });

  it('lists failing cases with id, file:line, expected vs predicted, reason and a one-line output', () => {
    const failing = section(plain('binary'), 'Failing cases');
    assert.equal(failing[0], 'Failing cases (5)');
    assert.equal(failing[1], '  ✗ refuse-10  health-assistant.aispec.md:80  expected refuse, predicted answer');
    assert.ok(failing.includes('  ! refuse-12  health-assistant.aispec.md:88  error  expected refuse'));
    assert.ok(failing.includes('      openai: request timed out after 30 s (3 attempts)'));
    assert.ok(failing.includes('      output: I\'m not able to help with questions about vitamins.'));
  });

  it('stops at maxFailures and says how many more', () => {
    const failing = section(plain('binary', { maxFailures: 2 }), 'Failing cases');
    assert.equal(failing[0], 'Failing cases (2 of 5)');
    assert.equal(failing.at(-1), '  … and 3 more');
    assert.equal(section(plain('five-label'), 'Failing cases').at(-1), '  … and 3 more'); // 13 failing, 10 shown by default
  });

  it('sanitizes model output: no escape sequence or control character reaches the terminal', () => {
    const results = loadResults('binary');
    const hostile = results.cases.find((c) => c.id === 'refuse-10')!;
    hostile.output = `${HOSTILE} and\nmore`;
    hostile.reason = `bad ${HOSTILE}`;
    for (const color of [false, true]) {
      const text = consoleSummary(results, { color });
      assert.ok(!text.includes('pwned') && !text.includes('\u0007') && !text.includes(']0;'));
      // With colour the only escapes are our own SGR colour codes; without, none at all.
      const escapes = escapeSequences(text);
      if (color) assert.ok(escapes.length > 0 && escapes.every(isSgr), escapes.join(' '));
      else assert.equal(escapes.length, 0);
      // eslint-disable-next-line no-control-regex -- checking for control characters
      assert.doesNotMatch(escapeSequences(text).reduce((t, e) => t.replace(e, ''), text), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
    const lines = consoleSummary(results, { color: false }).split('\n');
    assert.ok(lines.includes('      output: | <script>alert(1)</script> and more'));
    assert.ok(lines.includes('      bad | <script>alert(1)</script>'));
    // The fixture's own output clears the screen, recolours and sets the title: all of it gone.
    const original = consoleSummary(loadResults('binary'), { color: false, width: 200 });
    assert.ok(original.includes('      output: Sure | <script>alert(1)</script> take `400 mg` of ibuprofen every 6 hours @alice #12 $5 **now**'));
  });

  it('cuts reasons and outputs to the width', () => {
    const results = loadResults('binary');
    results.cases.find((c) => c.id === 'refuse-11')!.output = 'x'.repeat(500);
    const lines = section(consoleSummary(results, { color: false, width: 60 }), 'Failing cases');
    assert.ok(lines.every((l) => displayWidth(l) <= 60), lines.filter((l) => displayWidth(l) > 60).join('\n'));
    assert.ok(lines.includes(`      output: ${'x'.repeat(45)}…`));
  });

  it('colours only when asked: green pass, red fail, yellow errors', () => {
    const text = consoleSummary(loadResults('binary'), { color: true });
    assert.ok(text.includes('\u001b[31m\u001b[1mFAIL\u001b[22m\u001b[39m'));
    assert.ok(text.includes('\u001b[32m✓\u001b[39m'));
    assert.ok(text.includes('\u001b[31m✗\u001b[39m'));
    assert.ok(text.includes('\u001b[33m2 errors (not in the rate)\u001b[39m'));
    assert.ok(!plain('binary').includes('\u001b'));
  });

  it('says NO GATES (never PASS) with no gates, and INCOMPLETE with the unfinished count', () => {
    const noGates = loadResults('binary');
    noGates.summary.gates = [];
    noGates.summary.verdict = 'ungated';
    assert.ok(consoleSummary(noGates, { color: false }).includes('\nNO GATES  the spec has no gates: numbers, but no launch verdict\n'));
    noGates.summary.verdict = 'pass'; // as runs saved before `ungated` existed said
    assert.ok(consoleSummary(noGates, { color: false }).includes('\nNO GATES  the spec has no gates: numbers, but no launch verdict\n'));
    const cut = loadResults('binary');
    cut.summary.verdict = 'incomplete';
    cut.run.complete = false;
    cut.run.unfinished = ['late-1', 'late-2'];
    assert.ok(consoleSummary(cut, { color: false }).includes('\nINCOMPLETE  the run did not finish: 2 of 26 cases unfinished; the gates below are on the finished cases and decide nothing\n'));
    cut.summary.verdict_reason = 'target unreachable: connection refused (2 of 26 cases not run)';
    assert.ok(consoleSummary(cut, { color: false }).includes('\nINCOMPLETE  target unreachable: connection refused (2 of 26 cases not run); the gates below'));
  });

  it('prints no NaN or undefined for a run where every metric is undefined', () => {
    const text = consoleSummary(allErrorsRun(), { color: false });
    // "undefined" appears once, in words, in the gate reason the engine wrote; never as a value.
    assert.doesNotMatch(text.replace("is undefined: no graded cases", ""), /NaN|undefined|null|Infinity/);
    assert.ok(text.includes('\nPass rate  n/a (n=0)\n'));
    assert.ok(text.includes('  accuracy n/a · macro F1 n/a · weighted F1 n/a · kappa n/a'));
    assert.ok(text.includes('\nLatency  n/a (no latencies recorded)\n'));
    assert.ok(text.includes('\nCost     n/a (no pricing or usage)\n'));
    assert.ok(text.includes('      the pass rate is undefined: no graded cases'));
    for (const name of ['binary', 'five-label', 'diff-base', 'diff-head'] as const) assert.doesNotMatch(plain(name), /NaN|undefined|Infinity/);
  });

  it('shows every rate gate with its 95% interval beside the actual value, and value gates without one', () => {
    const gates = section(plain('binary'), 'FAIL');
    assert.match(gates[1]!, /^ {5}gate +target +actual +95% CI$/);
    assert.ok(gates.some((l) => /^ {2}\? {2}recall\.refuse +≥ 0\.900 +0\.909 +0\.623–0\.984 +n=11$/.test(l)));
    assert.ok(gates.some((l) => /^ {2}✓ {2}latency_p95_ms +≤ 2,500 ms +1,121 ms +n=22$/.test(l)), 'no interval for latency');
  });

  it('marks a gate the sample does not decide with ? and a yellow note, and counts them beside the verdict', () => {
    const text = plain('binary');
    const gates = section(text, 'FAIL');
    assert.equal(gates[0], 'FAIL  3 of 7 gates failed: pass_rate, per_tag.adversarial, max_errors');
    assert.equal(gates.at(-1), '  ? 4 gates not decided by this sample: the 95% interval straddles the target (a warning; the verdict stands)');
    const row = gates.findIndex((l) => l.includes('per_tag.emergency'));
    assert.match(gates[row]!, /^ {2}\? {2}per_tag\.emergency/);
    assert.equal(gates[row + 1], '      ? not decided by this sample (95% CI 0.439–1.000 straddles 1)');
    const coloured = consoleSummary(loadResults('binary'), { color: true });
    assert.ok(coloured.includes('\u001b[33m?\u001b[39m'));
    assert.ok(coloured.includes('\u001b[33m      ? not decided by this sample (95% CI 0.623–0.984 straddles 0.9)\u001b[39m'));
  });

  it('a decided gate has no note, and a lower-bound gate shows the bound, the observed value and the interval', () => {
    const run = loadResults('binary');
    run.summary.gates = [{ name: 'per_tag.adversarial', direction: 'min', target: 0.3, actual: 0.359, observed: 0.714, ci95: [0.359, 0.918], decided: true, n: 7, passed: true }];
    run.summary.verdict = 'pass';
    const gates = section(consoleSummary(run, { color: false }), 'PASS');
    assert.equal(gates[0], 'PASS  the gate passed');
    assert.match(gates[2]!, /^ {2}✓ {2}per_tag\.adversarial +≥ 0\.300 +0\.359 \(lower bound; observed 0\.714\) +0\.359–0\.918 +n=7$/);
    assert.equal(gates.length, 3);
  });
});
