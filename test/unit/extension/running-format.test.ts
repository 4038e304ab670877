// The texts of the running features (CodeLens titles, hovers, Test Explorer messages) from real results:
// the health-assistant example run through runSpecFile, the editor's run path.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  caseHoverMarkdown,
  caseMessageText,
  caseStatusTitle,
  criterionTitle,
  escapeMarkdown,
  fenced,
  labelMismatch,
  partialRunTitle,
  runSummaryLine,
  summaryTitle,
} from '../../../src/extension/running/format.js';
import { runSpecFile } from '../../../src/node/run-spec.js';
import { isSubsetRun as isPartialRun } from '../../../src/core/eval/select-cases.js';
import type { CaseResult, RunResults } from '../../../src/shared/results.js';
import { NO_GRANT_OPTIONS } from '../../support/grants.js';

const HEALTH = join(import.meta.dirname, '../../../examples/health-assistant/health-assistant.aispec.md');

describe('extension running: texts', () => {
  let results: RunResults;
  before(async () => {
    const outcome = await runSpecFile(HEALTH, { aispecVersion: 'test', save: false, ...NO_GRANT_OPTIONS });
    assert.equal(outcome.kind, 'ran');
    results = outcome.kind === 'ran' ? outcome.results : (undefined as never);
    // The run's own wall time depends on the machine's load: fixed, so the texts are exact.
    results.run.duration_ms = 412;
  });

  it('the spec lens: pass rate with its interval and the gate verdict', () => {
    assert.equal(summaryTitle(results), 'pass rate 0.922 (0.869–0.955) · PASS 7/7 gates');
    assert.equal(isPartialRun(results), false);
  });

  it('a failed gate, a cancelled run and a partial run read as such', () => {
    const failing = structuredClone(results);
    failing.summary.verdict = 'fail';
    failing.summary.gates[0]!.passed = false;
    assert.equal(summaryTitle(failing), 'pass rate 0.922 (0.869–0.955) · FAIL 6/7 gates');
    const cancelled = structuredClone(results);
    cancelled.run.complete = false;
    cancelled.run.unfinished = ['a', 'b'];
    cancelled.summary.verdict = 'incomplete';
    assert.match(summaryTitle(cancelled), /· INCOMPLETE 154\/156 cases$/);
    const partial = structuredClone(results);
    partial.run.filter = { case_ids: ['dose-007'] };
    partial.cases = partial.cases.filter((c) => c.id === 'dose-007');
    Object.assign(partial.summary, { total: 1, passed: 0, failed: 1, errors: 0 });
    assert.equal(isPartialRun(partial), true);
    assert.equal(partialRunTitle(partial), 'last run: 1 case · 0 passed · 1 failed');
    assert.match(runSummaryLine(partial), /^health-assistant-medical-advice: last run: 1 case · 0 passed · 1 failed · in 412 ms$/);
    assert.match(runSummaryLine(results), /^health-assistant-medical-advice: pass rate 0\.922 \(0\.869–0\.955\) · PASS 7\/7 gates · 142 passed · 12 failed · 0 errors · 154 cases in 412 ms$/);
  });

  it('case and criterion lenses', () => {
    const failed = results.cases.find((c) => c.id === 'dose-007')!;
    assert.match(caseStatusTitle(failed), /^\$\(error\) failed: predicted "answer", expected "refuse"/);
    assert.ok(caseStatusTitle(failed).length <= 100);
    assert.equal(caseStatusTitle(results.cases.find((c) => c.status === 'pass')!), '$(pass) passed');
    // A saved run from disk may lack the reason (a hand-written file): the lens says less, and does not throw.
    const { reason: _reason, ...withoutReason } = failed;
    assert.equal(caseStatusTitle(withoutReason as CaseResult), '$(error) failed: ');
    const stat = results.by_criterion['no-dose-amount']!;
    assert.equal(criterionTitle(stat), `$(error) ${stat.failed} failed · passed ${stat.passed}/154 (${stat.rate!.toFixed(3)})`);
    assert.equal(criterionTitle({ passed: 5, failed: 0, errors: 0, n: 5, rate: 1, ci95: [0.566, 1] }), '$(pass) passed 5/5 (1.000)');
    assert.equal(criterionTitle({ passed: 0, failed: 0, errors: 2, n: 0, rate: null, ci95: null }), '$(circle-outline) passed 0/0 (n/a) · 2 errors');
  });

  it('escapes every Markdown and icon construct in model text', () => {
    const evil = '[run](command:workbench.action.quit) ![x](https://e/x.png) <img src=x> $(zap) **b** `c` # h';
    const escaped = escapeMarkdown(evil);
    for (const token of ['[', ']', '(', ')', '!', '<', '>', '$', '*', '`', '#']) {
      assert.ok(!new RegExp(`(^|[^\\\\])\\${token}`).test(escaped), `unescaped ${token} in ${escaped}`);
    }
    assert.equal(escapeMarkdown('a\nb'), 'a  \nb');
  });

  it('fences output so no backtick run inside can close the fence', () => {
    assert.equal(fenced('plain'), '```text\nplain\n```');
    const tricky = 'x ```` y\n```\nz';
    const block = fenced(tricky);
    assert.ok(block.startsWith('`````text\n') && block.endsWith('\n`````'), block);
  });

  it('the hover: status, labels, reason, fenced output and graders; nothing from the model unescaped', () => {
    const c: CaseResult = {
      ...results.cases.find((x) => x.id === 'dose-007')!,
      output: 'Take [this](command:evil) <b>now</b> $(zap)',
      reason: 'bad [link](command:x)',
    };
    const md = caseHoverMarkdown(c, 'run of today');
    assert.match(md, /^\$\(error\) \*\*dose\\-007 failed\*\*/);
    assert.match(md, /\*\*Expected\*\* `refuse` · \*\*Predicted\*\* `answer` \$\(close\)/);
    assert.match(md, /\*\*Why:\*\* bad \\\[link\\\]\\\(command\\:x\\\)/);
    assert.match(md, /```text\nTake \[this\]\(command:evil\) <b>now<\/b> \$\(zap\)\n```/);
    const outside = md.replace(/```text\n[\s\S]*?\n```/, '');
    assert.equal(outside.includes('](command:'), false);
    assert.match(md, /\*\*Graders\*\*/);
  });

  it("a case's own criteria show their text in the hover and the Test Explorer message, escaped", () => {
    const own = { id: 'case:1', source: 'case' as const, criterion: 'Mentions [988](command:x).', passed: false, reason: 'No number.', weight: 1, critical: true, graded_by: 'judge' as const };
    const c: CaseResult = { ...results.cases.find((x) => x.id === 'dose-007')!, criteria: [own] };
    const md = caseHoverMarkdown(c, 'run of today');
    assert.ok(md.includes('- $(close) case\\:1 \\"Mentions \\[988\\]\\(command\\:x\\)\\.\\" (critical): No number\\.'), md);
    assert.match(caseMessageText(c), /✗ case:1 "Mentions \[988\]\(command:x\)\." \(critical\): No number\./);
  });

  it('Test Explorer: a label mismatch is a diff; other failures carry the reasons and output', () => {
    const mismatch = results.cases.find((c) => c.id === 'dose-007')!;
    assert.deepEqual(labelMismatch(mismatch), { expected: 'refuse', actual: 'answer' });
    const rubricOnly = results.cases.find((c) => c.id === 'med-005')!; // right label, anti-pattern hit
    assert.equal(labelMismatch(rubricOnly), undefined);
    const text = caseMessageText(rubricOnly);
    assert.match(text, /anti-pattern "permission slip"/);
    assert.match(text, /Output:/);
  });
});
