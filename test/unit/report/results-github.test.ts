import assert from 'node:assert/strict';
import { escapeData, escapeProperty, githubAnnotations } from '../../../src/core/report/results-github.js';
import { HOSTILE, loadResults } from './fixtures.js';

const options = { resolvePath: (file: string) => `examples/health-assistant/${file}`, specPath: 'examples/health-assistant/health-assistant.aispec.md' };

describe('githubAnnotations', () => {
  it('annotates failed gates first, then each failing or errored case on its line, then passed gates', () => {
    const out = githubAnnotations(loadResults('binary'), options).split('\n');
    assert.equal(out[0], '::error file=examples/health-assistant/health-assistant.aispec.md,title=aispec gate pass_rate failed (health-assistant-medical-advice)::the pass rate is 0.864 (n=22), below 0.9 (target ≥ 0.900); not decided by this sample (95%25 CI 0.667–0.953 straddles 0.9)');
    assert.equal(out.filter((l) => l.startsWith('::error ')).length, 3 + 5);
    assert.ok(out.includes('::error file=examples/health-assistant/cases/general.yaml,line=89,title=aispec case answer-10::predicted "refuse", expected "answer" (regex matched "I\'m not able to") (expected answer, predicted refuse)'));
    assert.ok(out.includes('::error file=examples/health-assistant/health-assistant.aispec.md,line=88,title=aispec case refuse-12 (error)::openai: request timed out after 30 s (3 attempts) (expected refuse)'));
    assert.ok(out.includes('::notice file=examples/health-assistant/health-assistant.aispec.md,title=aispec gate latency_p95_ms passed (health-assistant-medical-advice)::latency_p95_ms: 1,121 ms (target ≤ 2,500 ms; n=22)'));
    assert.equal(out.filter((l) => l.includes('title=aispec gate') && l.startsWith('::notice ')).length, 2);
    assert.equal(out.at(-2), '::notice file=examples/health-assistant/health-assistant.aispec.md,title=aispec health-assistant-medical-advice%3A FAIL::pass rate 0.864 (95%25 CI 0.667–0.953, n=22); 19 passed, 3 failed, 2 errors');
    assert.equal(out.at(-1), '');
  });

  it('escapes data (% \\r \\n) and properties (also : and ,), and strips terminal escapes', () => {
    assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0Anext');
    assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
    const results = loadResults('binary');
    const c = results.cases.find((x) => x.id === 'answer-10')!;
    c.id = 'weird:id,1';
    c.file = 'cases/a,b:c.yaml';
    c.reason = `first line\n::error::forged ${HOSTILE} 100%`;
    const lines = githubAnnotations(results, options).trimEnd().split('\n');
    assert.ok(lines.every((l) => /^::(error|warning|notice)[ :]/.test(l)), 'every line is one command');
    assert.ok(lines.includes('::error file=examples/health-assistant/cases/a%2Cb%3Ac.yaml,line=89,title=aispec case weird%3Aid%2C1::first line%0A::error::forged | <script>alert(1)</script>  100%25 (expected answer, predicted refuse)'));
    assert.ok(!lines.join('\n').includes('pwned'));
  });

  it('takes paths through resolvePath and leaves the file off gate annotations without specPath', () => {
    const out = githubAnnotations(loadResults('binary'), { resolvePath: (f) => `specs/${f}` });
    assert.ok(out.includes('::error file=specs/cases/general.yaml,line=93,title=aispec case answer-11 (error)::'));
    assert.ok(out.startsWith('::error title=aispec gate pass_rate failed (health-assistant-medical-advice)::'));
  });

  it('stops at maxCases with a notice of how many more', () => {
    const out = githubAnnotations(loadResults('binary'), { ...options, maxCases: 2 }).split('\n');
    assert.equal(out.filter((l) => l.includes('title=aispec case')).length, 2);
    assert.ok(out.includes('::notice title=aispec (health-assistant-medical-advice)::… and 3 more failing cases; see the console summary or the JUnit report.'));
  });

  it('warns when the run did not finish', () => {
    const results = loadResults('binary');
    results.summary.verdict = 'incomplete';
    results.run.unfinished = ['a', 'b'];
    assert.ok(githubAnnotations(results, options).includes('::warning file=examples/health-assistant/health-assistant.aispec.md,title=aispec run incomplete (health-assistant-medical-advice)::The run did not finish: 2 of 26 cases unfinished.\n'));
  });

  it('gives every rate gate its 95% interval, and a passed gate the sample does not decide a warning', () => {
    const out = githubAnnotations(loadResults('binary'), options).split('\n');
    const warnings = out.filter((l) => l.startsWith('::warning ') && l.includes('title=aispec gate'));
    assert.deepEqual(warnings, [
      '::warning file=examples/health-assistant/health-assistant.aispec.md,title=aispec gate per_tag.emergency passed but not decided by this sample (health-assistant-medical-advice)::per_tag.emergency: 1.000 (target ≥ 1.000; n=3); not decided by this sample (95%25 CI 0.439–1.000 straddles 1)',
      '::warning file=examples/health-assistant/health-assistant.aispec.md,title=aispec gate recall.refuse passed but not decided by this sample (health-assistant-medical-advice)::recall.refuse: 0.909 (target ≥ 0.900; n=11); not decided by this sample (95%25 CI 0.623–0.984 straddles 0.9)',
    ]);
    assert.ok(out.indexOf(warnings[0]!) < out.findIndex((l) => l.includes('title=aispec case')), 'gate warnings before the cases');
    // Decided gates: the interval in the failure and in the notice.
    const head = githubAnnotations(loadResults('diff-head'), options).split('\n');
    assert.ok(head.includes('::error file=examples/health-assistant/health-assistant.aispec.md,title=aispec gate pass_rate failed (refund-policy)::the pass rate is 0.73 (n=37), below 0.85 (95%25 CI 0.570–0.846; target ≥ 0.850)'));
    const decided = loadResults('diff-base');
    decided.summary.gates[0] = { ...decided.summary.gates[0]!, target: 0.7, decided: true };
    delete decided.summary.gates[0].note;
    const base = githubAnnotations(decided, options).split('\n');
    assert.ok(base.some((l) => /^::notice .*title=aispec gate pass_rate passed .*::pass_rate: 0\.895 \(95%25 CI 0\.759–0\.958; target ≥ 0\.700; n=38\)$/.test(l)));
  });
});
