// The run comparison's verdict: regression / improvement / no detectable change, with the numbers behind it,
// at the end of the text and Markdown and at the top level of the JSON.
import assert from 'node:assert/strict';
import { diffRuns } from '../../../src/core/diff/diff-runs.js';
import { qualityVerdict } from '../../../src/core/diff/quality-verdict.js';
import { newcombePairedInterval } from '../../../src/core/metrics/index.js';
import { runDiffJson } from '../../../src/core/report/run-diff-json.js';
import { diffMarkdown } from '../../../src/core/report/run-diff-markdown.js';
import { diffText } from '../../../src/core/report/run-diff-text.js';
import type { McNemarSummary } from '../../../src/shared/run-diff.js';
import { parseGfm } from '../report/gfm.js';
import { loadResults } from '../report/fixtures.js';

function summary(bothPassed: number, b: number, c: number, bothFailed: number, pValue: number): McNemarSummary {
  const n = bothPassed + b + c + bothFailed;
  return { n, bothPassed, bothFailed, b, c, discordant: b + c, pValue, baseRate: (bothPassed + b) / n, headRate: (bothPassed + c) / n };
}

describe('qualityVerdict', () => {
  it('says regression when McNemar p < 0.05 and head passes fewer paired cases', () => {
    const q = qualityVerdict(summary(30, 8, 1, 1, 0.0390625));
    assert.equal(q.verdict, 'regression');
    assert.equal(q.difference, -0.175);
    assert.deepEqual(q.differenceCi95, newcombePairedInterval({ bothPassed: 30, b: 8, c: 1, bothFailed: 1 }));
  });

  it('says improvement when p < 0.05 and head passes more', () => {
    assert.equal(qualityVerdict(summary(30, 1, 8, 1, 0.0390625)).verdict, 'improvement');
  });

  it('says no detectable change at p ≥ 0.05, with the smallest detectable difference', () => {
    const q = qualityVerdict(summary(90, 4, 6, 20, 0.75390625));
    assert.equal(q.verdict, 'no detectable change');
    assert.ok(q.detectableDifference !== null && q.detectableDifference > 0.07 && q.detectableDifference < 0.08);
  });

  it('has nothing to test without paired cases', () => {
    const q = qualityVerdict({ n: 0, bothPassed: 0, bothFailed: 0, b: 0, c: 0, discordant: 0, pValue: 1, baseRate: null, headRate: null });
    assert.deepEqual(q, { verdict: 'no detectable change', mcnemarP: 1, difference: null, differenceCi95: null, detectableDifference: null, n: 0 });
  });
});

describe('the run comparison ends with its verdict', () => {
  const diff = diffRuns(loadResults('diff-base'), loadResults('diff-head'));
  const small = diffRuns(loadResults('diff-base'), loadResults('diff-head-small'));

  it('fixtures: 8 pass → fail and 1 fail → pass on 35 paired cases is a regression', () => {
    assert.equal(diff.quality.verdict, 'regression');
    assert.equal(diff.quality.n, 35);
    assert.equal(diff.quality.difference, -7 / 35);
  });

  it('text: the last section is the verdict', () => {
    const text = diffText(diff, { color: false }).trimEnd().split('\n');
    const at = text.findIndex((l) => l.startsWith('Verdict'));
    assert.equal(text[at], 'Verdict  REGRESSION');
    assert.match(text[at + 1]!, /^ {2}Head − base pass rate on 35 paired cases: -20\.0 pts \(95% CI -36\.0 pts to -4\.1 pts, Newcombe's paired score interval\); exact McNemar p = 0\.039 \(alpha 0\.05\)\.$/);
    assert.equal(at + 2, text.length);
  });

  it('text: no detectable change says what this sample could have detected', () => {
    const text = diffText(small, { color: false });
    if (small.quality.verdict !== 'no detectable change') return assert.fail(`expected no detectable change, got ${small.quality.verdict}`);
    assert.match(text, /Verdict {2}NO DETECTABLE CHANGE/);
    assert.match(text, /would be detected with 80% power|no difference could be detected|cannot be estimated/);
  });

  it('Markdown: the verdict is the last paragraph and parses as one', () => {
    const tree = parseGfm(diffMarkdown(diff));
    const last = tree.children.at(-1)!;
    assert.equal(last.type, 'paragraph');
    assert.match(diffMarkdown(diff).trimEnd().split('\n').at(-1)!, /^❌ \*\*Verdict: REGRESSION\*\*\. Head − base pass rate on 35 paired cases/);
  });

  it('JSON: verdict, mcnemar_p, difference, difference_ci95, detectable_difference at the top level', () => {
    const json = runDiffJson(diff);
    assert.deepEqual(Object.keys(json).slice(0, 8), ['format', 'version', 'verdict', 'mcnemar_p', 'difference', 'difference_ci95', 'detectable_difference', 'summary']);
    assert.equal(json.verdict, 'regression');
    assert.equal(json.mcnemar_p, diff.mcnemar.pValue);
    assert.equal(json.summary, diff.verdict);
    assert.equal('quality' in json, false);
  });
});
