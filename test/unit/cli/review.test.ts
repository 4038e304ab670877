// `aispec diff` on two specs and `aispec review`, spawned, in real git repositories made here: a base commit
// and a head commit that lowers a gate, edits the prompt file and drops an adversarial case from the case file,
// so the diff must read the case file and system_file at the base revision.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../../../src/shared/results.js';
import { loadResults } from '../report/fixtures.js';
import { codeBlocks, headings, tables } from '../report/gfm.js';
import { savedRunsDiff } from '../../../src/node/review-runs.js';
import { readSpecSide } from '../../../src/node/spec-revision.js';
import { git, repository, SPEC } from '../../support/review-repository.js';
import { buildCli, repoRoot, runCli } from './run-cli.js';

/** A saved run of the refunds spec as it is at `version` ('base' or 'head'), from the diff fixtures. */
function savedRun(version: 'base' | 'head', statuses: Array<'pass' | 'fail'>, runId: string): RunResults {
  const run = structuredClone(loadResults('diff-base'));
  run.spec = { id: 'refunds', title: 'Refund assistant', file: 'specs/refunds.aispec.md', labels: ['approve', 'deny'], gates: { pass_rate: version === 'base' ? 0.9 : 0.8, recall: { deny: 0.8 } } };
  run.run = { ...run.run, id: runId, target: { provider: 'openai', model: 'gpt-4o-mini' } };
  run.cases = statuses.map((status, i) => ({ ...run.cases[i]!, id: `c${i + 1}`, status }));
  return run;
}

describe('aispec diff on specs, and aispec review (spawned, in git repositories)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    buildCli();
    dir = repository();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('text: reads the spec, its case file and its prompt at the revision', async () => {
    const r = await runCli(['diff', 'base:specs/refunds.aispec.md', 'specs/refunds.aispec.md'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /The bar was lowered: 1 gate loosened or removed; fewer cases tagged adversarial\./);
    assert.match(r.stdout, /loosened +pass_rate +0\.9 → 0\.8 +line 12/);
    assert.match(r.stdout, /target\.system: prompt changed\n +@@ -1,3 \+1,3 @@\n {5}You answer refund questions\.\n +-Follow the policy\.\n +\+Be generous\./);
    assert.match(r.stdout, /removed \(1\): c3/);
    assert.match(r.stdout, /adversarial +2 → 1 +fell/);
  });

  it('json: the documented fields; both sides may be revisions, paths relative to the repository root', async () => {
    const r = await runCli(['diff', 'HEAD~1:specs/refunds.aispec.md', 'HEAD:specs/refunds.aispec.md', '--format', 'json'], { cwd: join(dir, 'specs') });
    assert.equal(r.code, 0, r.stderr);
    const diff = JSON.parse(r.stdout) as { gates: unknown[]; cases: unknown; tags: unknown; target: Array<{ field: string; prompt_diff?: string }>; summary: { loosened: number } };
    assert.deepEqual(diff.gates, [{ name: 'pass_rate', from: 0.9, to: 0.8, change: 'loosened', line: 12, column: 3 }]);
    assert.deepEqual(diff.cases, { added: [], removed: ['c3'], changed: [] });
    assert.deepEqual(diff.tags, { adversarial: { from: 2, to: 1 }, core: { from: 1, to: 1 } });
    assert.deepEqual(diff.target.map((t) => t.field), ['target.system']);
    assert.equal(diff.summary.loosened, 1);
  });

  it('markdown: a PR comment whose headings and tables parse under GFM', async () => {
    const r = await runCli(['diff', 'base:specs/refunds.aispec.md', 'specs/refunds.aispec.md', '--format', 'markdown'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(headings(r.stdout), ['## aispec diff: Refund assistant', '### Gates', '### Target, judge and pricing', '### Cases']);
    assert.deepEqual(tables(r.stdout)[0]![1]!.slice(1), ['pass_rate', '0.9', '0.8', 'loosened']);
    assert.equal(codeBlocks(r.stdout, 'diff').length, 1);
  });

  it('github: a warning on the loosened gate at its line in HEAD, the path relative to the repository', async () => {
    const r = await runCli(['diff', 'base:specs/refunds.aispec.md', 'refunds.aispec.md', '--format', 'github'], { cwd: join(dir, 'specs') });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[0], '::warning file=specs/refunds.aispec.md,line=12,col=3,title=aispec%3A bar lowered::gate pass_rate loosened: 0.9 → 0.8');
  });

  it('exit 2: a results file against a spec, an unknown revision, a path out of the repository', async () => {
    const mixed = await runCli(['diff', join(repoRoot, 'test/fixtures/results/diff-base.json'), 'specs/refunds.aispec.md'], { cwd: dir });
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /compares two results files or two specs, not one of each/);
    const unknown = await runCli(['diff', 'nosuchbranch:specs/refunds.aispec.md', 'specs/refunds.aispec.md'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /names no commit/);
    const escape = await runCli(['diff', 'base:../../etc/passwd.aispec.md', 'refunds.aispec.md'], { cwd: join(dir, 'specs') });
    assert.equal(escape.code, 2);
    assert.match(escape.stderr, /outside the project/);
    const github = await runCli(['diff', join(repoRoot, 'test/fixtures/results/diff-base.json'), join(repoRoot, 'test/fixtures/results/diff-head.json'), '--format', 'github'], { cwd: dir });
    assert.equal(github.code, 2);
  });

  it('a case file named outside the project at the revision is an error of that side, never read', async () => {
    const other = repository();
    try {
      writeFileSync(join(other, 'specs/refunds.aispec.md'), SPEC('0.8').replace('cases: refunds.yaml', 'cases: ../../outside.yaml'));
      git(other, 'commit', '-q', '-am', 'escape');
      const r = await runCli(['diff', 'HEAD:specs/refunds.aispec.md', 'base:specs/refunds.aispec.md', '--format', 'json'], { cwd: other });
      assert.equal(r.code, 0, r.stderr);
      const diff = JSON.parse(r.stdout) as { base: { errors: string[] } };
      assert.match(diff.base.errors.join('\n'), /outside the project/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('review: the bar first, then quality; exit 1 on a loosened gate unless --allow-loosened', async () => {
    const r = await runCli(['review', '--base', 'base'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /the bar was lowered in specs\/refunds\.aispec\.md \(--allow-loosened to accept\)/);
    assert.deepEqual(headings(r.stdout), [
      '## aispec review',
      '### Refund assistant (specs/refunds.aispec.md)',
      '#### What changed in the bar',
      '##### Gates',
      '##### Target, judge and pricing',
      '##### Cases',
      '#### What changed in quality',
    ]);
    assert.match(r.stdout, /No head run to compare/);
    const allowed = await runCli(['review', '--base', 'base', '--allow-loosened'], { cwd: dir });
    assert.equal(allowed.code, 0, allowed.stderr);
  });

  it('review compares with where the branch left its base: commits the base got since are not this change undoing them', async () => {
    // main: base (pass_rate 0.9, cases c1-c3) then head (0.8, prompt edited, c3 dropped); feature leaves main
    // at base and only tightens pass_rate to 0.95.
    const forked = repository();
    try {
      git(forked, 'checkout', '-q', '-b', 'feature', 'base');
      writeFileSync(join(forked, 'specs/refunds.aispec.md'), SPEC('0.95'));
      git(forked, 'commit', '-q', '-am', 'feature: raise the bar');
      const r = await runCli(['review', '--base', 'main'], { cwd: forked });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.match(r.stdout, /pass_rate.*0\.9.*0\.95.*tightened/);
      assert.match(r.stdout, /No gate was loosened/);
      assert.doesNotMatch(r.stdout, /\| loosened|\| removed/);
      const [baseCommit, mainTip] = [git(forked, 'merge-base', 'main', 'HEAD').trim(), git(forked, 'rev-parse', 'main').trim()];
      assert.ok(r.stdout.includes(`Compared with \`main\` (\`${baseCommit.slice(0, 12)}\`, where this change left it; it is now at \`${mainTip.slice(0, 12)}\`)`), r.stdout);
      // As a word: the commit hashes in the output are hex and contain "c3" one run in a dozen.
      assert.doesNotMatch(r.stdout, /\bc3\b/, 'main dropped c3 after the branch left; the branch did not add it');
      assert.doesNotMatch(r.stdout, /Be generous|prompt/i, "main's prompt edit is not this change");
    } finally {
      rmSync(forked, { recursive: true, force: true });
    }
  });

  it('review with results files: the verdict and the flipped cases; exit 1 on a regression unless --allow-regression', async () => {
    const base = join(repoRoot, 'test/fixtures/results/diff-base.json');
    const head = join(repoRoot, 'test/fixtures/results/diff-head.json');
    const out = join(dir, 'comment.md');
    const r = await runCli(['review', '--base', 'base', '--base-results', base, '--head-results', head, '--allow-loosened', '-o', out], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /quality regressed in specs\/refunds\.aispec\.md/);
    const comment = readFileSync(out, 'utf8');
    assert.deepEqual(headings(comment).slice(-3), ['##### Cases', '#### What changed in quality', '#### Flipped cases']);
    assert.match(comment, /\*\*Verdict: REGRESSION\*\*/);
    assert.match(comment, /<summary>Newly failing \(9\)<\/summary>/);
    const both = await runCli(['review', '--base', 'base', '--base-results', base, '--head-results', head, '--allow-loosened', '--allow-regression'], { cwd: dir });
    assert.equal(both.code, 0, both.stderr);
  });

  it('review with saved runs: the latest full run for head, a run of the base version for base', async () => {
    const runs = join(dir, '.aispec/runs/refunds');
    mkdirSync(runs, { recursive: true });
    try {
      const write = (name: string, run: RunResults) => writeFileSync(join(runs, name), JSON.stringify(run));
      write('2025-01-01T00-00-00-000Z.json', savedRun('base', ['pass', 'pass', 'pass'], 'run-base'));
      // A run of the head version that is older than latest.json, and latest.json itself.
      write('2025-01-02T00-00-00-000Z.json', savedRun('head', ['pass', 'pass'], 'run-head-old'));
      const head = savedRun('head', ['pass', 'fail'], 'run-head');
      write('2025-01-03T00-00-00-000Z.json', head);
      write('latest.json', head);
      const r = await runCli(['review', '--base', 'base', '--allow-loosened'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Runs compared: base `run-base` \(openai gpt-4o-mini, 2025-11-18\) → head `run-head`/);
      assert.match(r.stdout, /\*\*Verdict: NO DETECTABLE CHANGE\*\*/);
      assert.match(r.stdout, /<summary>Newly failing \(1\)<\/summary>/);
    } finally {
      rmSync(join(dir, '.aispec'), { recursive: true, force: true });
    }
  });

  it('review: a change to the prompt file alone reviews the spec that names it', async () => {
    const other = repository();
    try {
      writeFileSync(join(other, 'specs/prompt.txt'), 'You answer refund questions.\nBe strict.\n');
      git(other, 'commit', '-q', '-am', 'prompt only');
      const r = await runCli(['review', '--base', 'HEAD~1'], { cwd: other });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /### Refund assistant \(`specs\/refunds\.aispec\.md`\)/);
      assert.match(r.stdout, /\*\*Prompt changed\*\*/);
      assert.match(r.stdout, /-Be generous\.\n\+Be strict\./);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('review with saved runs that record the spec digest: a prompt-only change is matched exactly, older runs are not', async () => {
    const other = repository();
    try {
      writeFileSync(join(other, 'specs/prompt.txt'), 'You answer refund questions.\nBe strict.\n');
      git(other, 'commit', '-q', '-am', 'prompt only');
      const file = join(other, 'specs/refunds.aispec.md');
      const [base, head] = await Promise.all([readSpecSide({ revision: 'HEAD~1', path: file, label: 'base' }, other), readSpecSide({ revision: null, path: file, label: 'head' }, other)]);
      assert.notEqual(base.digest, head.digest);
      const runs = join(other, '.aispec/runs/refunds');
      mkdirSync(runs, { recursive: true });
      const write = (name: string, run: RunResults, digest?: string) => writeFileSync(join(runs, name), JSON.stringify({ ...run, spec: { ...run.spec, ...(digest ? { digest } : {}) } }));
      write('2025-01-01T00-00-00-000Z.json', savedRun('head', ['pass', 'pass'], 'run-base'), base.digest);
      // Newer, but from before digests: the two versions share its fingerprint, so it belongs to neither.
      write('2025-01-02T00-00-00-000Z.json', savedRun('head', ['fail', 'fail'], 'run-undigested'));
      write('latest.json', savedRun('head', ['pass', 'fail'], 'run-head'), head.digest);
      const r = await runCli(['review', '--base', 'HEAD~1'], { cwd: other });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Runs compared: base `run-base` .* → head `run-head`/);

      // The editor's "Choose the base run": the file chosen is the base, compared with the latest full run.
      const chosen = join(other, 'chosen.json');
      writeFileSync(chosen, JSON.stringify(savedRun('head', ['fail', 'pass'], 'run-chosen')));
      const withChosen = await savedRunsDiff(file, base, head, chosen);
      assert.ok('diff' in withChosen, JSON.stringify(withChosen));
      const { diff } = withChosen;
      // Chosen c1 fail, c2 pass; head c1 pass, c2 fail.
      assert.deepEqual([diff.base.runId, diff.head.runId, diff.newlyPassing.map((c) => c.id), diff.newlyFailing.map((c) => c.id)], ['run-chosen', 'run-head', ['c1'], ['c2']]);

      // The run is found by its summary and compared a case at a time: a case past the summary that is not
      // JSON (its brackets balanced) is said, naming the run, rather than passed over for another run.
      const baseFile = join(runs, '2025-01-01T00-00-00-000Z.json');
      writeFileSync(baseFile, readFileSync(baseFile, 'utf8').replace(/"id":"c2"/, '"id":nope'));
      const broken = await runCli(['review', '--base', 'HEAD~1'], { cwd: other });
      assert.equal(broken.code, 0, broken.stderr);
      assert.match(broken.stdout, /The base run .*2025-01-01T00-00-00-000Z\.json cannot be read: it is not JSON \(case 2/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('review: no base run to compare with, no spec changed, and usage errors', async () => {
    const runs = join(dir, '.aispec/runs/refunds');
    mkdirSync(runs, { recursive: true });
    try {
      writeFileSync(join(runs, 'latest.json'), JSON.stringify(savedRun('head', ['pass', 'pass'], 'run-head')));
      const r = await runCli(['review', '--base', 'base', '--allow-loosened'], { cwd: dir });
      assert.match(r.stdout, /No base run to compare with/);
    } finally {
      rmSync(join(dir, '.aispec'), { recursive: true, force: true });
    }
    const none = await runCli(['review', '--base', 'HEAD'], { cwd: dir });
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /No spec changed since `HEAD`/);
    assert.equal((await runCli(['review'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['review', '--base', 'base', '--base-results', 'x.json'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['review', '--base', 'nosuchbranch'], { cwd: dir })).code, 2);
    const neither = await runCli(['review', '--base', 'base', 'specs/nothing.aispec.md'], { cwd: dir });
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /exists neither at base nor in the working tree/);
  });
});
