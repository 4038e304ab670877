// `aispec eval` on a spec with several targets (`targets:`), spawned as CI runs it: the bundled model-choice
// example offline (three recorded targets, checked against statsmodels' values and the comparison schema),
// and two or three openai targets on an in-process fixture server: the recommendation, --target, the exit
// codes, and the reports per target.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startOpenAIServer, type ModelServer } from '../../fixtures/servers/model-server.js';
import type { ComparisonResults } from '../../../src/shared/comparison.js';
import { buildCli, repoRoot, runCli } from './run-cli.js';

// The grants a user gives to run these specs against the local fixture server.
const LOCAL_GRANTS = { AISPEC_ALLOW_ENV: 'FIXTURE_KEY,OTHER_KEY', AISPEC_ALLOW_HOSTS: '127.0.0.1' };

const reference = JSON.parse(readFileSync(join(repoRoot, 'test/reference/comparison-reference.json'), 'utf8')) as {
  example: {
    targets: Record<string, { passed: number; failed: number; pass_rate: number; pass_rate_ci95: [number, number]; cost_per_case_usd: number; cost_per_day_usd: number; latency_p95_ms: number }>;
    pairs: Array<{ a: string; b: string; n: number; a_only_pass: number; b_only_pass: number; mcnemar_p: number }>;
  };
};

function comparisonValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addSchema(JSON.parse(readFileSync(join(repoRoot, 'schemas/results.schema.json'), 'utf8')) as object);
  return ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'schemas/comparison.schema.json'), 'utf8')) as object);
}

function tempProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aispec-targets-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n'); // marks the project root
  return dir;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** A yes/no spec whose targets are the fixture server's models: `good` answers right, `sloppy` always "yes". */
function targetsSpec(server: ModelServer, targets: string[], extra = ''): string {
  const cases = Array.from({ length: 20 }, (_, i) => `- id: c${i}\n  input: "${i % 2 ? 'yes' : 'no'} please"\n  expect: ${i % 2 ? 'yes' : 'no'}`).join('\n');
  return `---
aispec: 1
id: pick-a-model
title: Pick a model
targets:
${targets.join('\n')}
labels: [yes, no]
classify:
  yes: { regex: "yes" }
  no: { otherwise: true }
gates: { pass_rate: 0.9 }
${extra}---

## Goal
Say yes or no.

\`\`\`yaml cases
${cases}
\`\`\`
`.replaceAll('URL', server.url);
}

const target = (name: string, model: string, pricing?: string) =>
  `  ${name}:\n    provider: openai\n    model: ${model}\n    base_url: "URL"\n    api_key_env: FIXTURE_KEY${pricing ? `\n    pricing: ${pricing}` : ''}`;
const CHEAP = '{ input_per_mtok: 0.1, output_per_mtok: 0.4, traffic_per_day: 1000 }';
const DEAR = '{ input_per_mtok: 3, output_per_mtok: 15, traffic_per_day: 1000 }';

describe('aispec eval on several targets (spawned)', function () {
  this.timeout(120_000);
  before(buildCli);

  it('runs the bundled model-choice example offline: the comparison matches statsmodels and the schema, exit 0', async () => {
    const dir = tempProject();
    try {
      cpSync(join(repoRoot, 'examples/model-choice'), join(dir, 'examples/model-choice'), { recursive: true });
      cpSync(join(repoRoot, 'examples/support-triage'), join(dir, 'examples/support-triage'), { recursive: true });
      const r = await runCli(['eval', 'examples/model-choice/model-choice.aispec.md', '--json', 'out/c.json', '--markdown', 'out/c.md', '--junit', 'out/c.xml', '--html', 'out/c.html'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^ {2}target +provider model +verdict +pass rate \(95% CI\) +gates +per case +per day +p95 +errors$/m);
      assert.match(r.stdout, /^ {2}gpt-4o-mini +recorded +FAIL +0\.879 \(0\.831–0\.914\) +3\/4 +\$0\.000108 +\$0\.646 +818 ms +0$/m);
      assert.match(r.stdout, /^ {2}gpt-4o-mini failed recall\.abuse$/m);
      assert.match(
        r.stdout,
        /^Recommended: gpt-4o-mini-fewshot, the cheapest of the 2 targets that pass every gate \(\$0\.000171 a case against \$0\.00179 for gpt-4o\)\. Pass rate 2\.9 points below gpt-4o: within noise \(McNemar p = 0\.19, n = 239\)\.$/m,
      );

      const comparison = JSON.parse(readFileSync(join(dir, 'out/c.json'), 'utf8')) as ComparisonResults;
      const validate = comparisonValidator();
      assert.ok(validate(comparison), JSON.stringify(validate.errors));
      assert.equal(comparison.format, 'aispec-comparison');
      assert.deepEqual(Object.keys(comparison.targets), ['gpt-4o-mini', 'gpt-4o', 'gpt-4o-mini-fewshot']);
      for (const row of comparison.comparison.targets) {
        const expected = reference.example.targets[row.name]!;
        const run = comparison.targets[row.name]!;
        assert.equal(run.run.target.name, row.name);
        assert.deepEqual([run.summary.passed, run.summary.failed], [expected.passed, expected.failed], row.name);
        assert.ok(close(row.pass_rate!, expected.pass_rate), row.name);
        assert.ok(row.pass_rate_ci95!.every((v, i) => close(v, expected.pass_rate_ci95[i]!)), `${row.name} ${row.pass_rate_ci95} vs ${expected.pass_rate_ci95}`);
        assert.ok(close(row.cost_per_case_usd!, expected.cost_per_case_usd), `${row.name} ${row.cost_per_case_usd} vs ${expected.cost_per_case_usd}`);
        assert.ok(close(row.cost_per_day_usd!, expected.cost_per_day_usd), row.name);
        assert.ok(close(row.latency_p95_ms!, expected.latency_p95_ms), `${row.name} ${row.latency_p95_ms} vs ${expected.latency_p95_ms}`);
      }
      assert.equal(comparison.comparison.pairs.length, 3);
      comparison.comparison.pairs.forEach((pair, i) => {
        const expected = reference.example.pairs[i]!;
        assert.deepEqual([pair.a, pair.b, pair.n, pair.a_only_pass, pair.b_only_pass], [expected.a, expected.b, expected.n, expected.a_only_pass, expected.b_only_pass]);
        assert.ok(close(pair.mcnemar_p, expected.mcnemar_p), `${pair.a}/${pair.b}`);
      });
      assert.equal(comparison.comparison.recommended, 'gpt-4o-mini-fewshot');

      // A run per target, each with its latest file; no latest.json (that is a one-target spec's).
      const runs = readdirSync(join(dir, '.aispec/runs/support-triage-model-choice')).sort();
      assert.deepEqual(runs.filter((n) => n.startsWith('latest')), ['latest.gpt-4o-mini-fewshot.json', 'latest.gpt-4o-mini.json', 'latest.gpt-4o.json']);
      assert.equal(runs.length, 6, runs.join());

      // Reports: the Markdown comparison, a JUnit suite and an HTML report per target.
      const markdown = readFileSync(join(dir, 'out/c.md'), 'utf8');
      assert.match(markdown, /^## Which model should route support tickets\?: 3 targets compared$/m);
      assert.match(markdown, /^\*\*Recommended: gpt-4o-mini-fewshot, the cheapest/m);
      assert.match(markdown, /^### Target `gpt-4o`$/m);
      const junit = readFileSync(join(dir, 'out/c.xml'), 'utf8');
      assert.equal(junit.match(/<testsuite /g)?.length, 3);
      assert.match(junit, /classname="support-triage-model-choice\/gpt-4o-mini" name="gate: recall\.abuse"/);
      for (const name of ['gpt-4o-mini', 'gpt-4o', 'gpt-4o-mini-fewshot']) assert.ok(existsSync(join(dir, `out/c.${name}.html`)), name);
      // FILE itself is the comparison page: the same comparison, every target's run inside.
      const page = readFileSync(join(dir, 'out/c.html'), 'utf8');
      const block = /<script type="application\/json" id="aispec-data">(.*?)<\/script>/s.exec(page)![1]!;
      const embedded = JSON.parse(block) as ComparisonResults;
      assert.deepEqual(embedded.comparison, comparison.comparison);
      assert.deepEqual(Object.keys(embedded.targets), Object.keys(comparison.targets));
      assert.match(page, /<title>aispec · Which model should route support tickets\? · recommended: gpt-4o-mini-fewshot<\/title>/);

      // --reuse-outputs re-grades each target's latest run (latest.<target>.json).
      const reused = await runCli(['eval', 'examples/model-choice/model-choice.aispec.md', '--reuse-outputs', '--no-save', '--format', 'json'], { cwd: dir });
      assert.equal(reused.code, 0, reused.stderr);
      const regraded = JSON.parse(reused.stdout) as ComparisonResults;
      for (const [name, results] of Object.entries(regraded.targets)) assert.equal(results.run.outputs?.from_run, comparison.targets[name]!.run.id, name);
      assert.equal(regraded.comparison.recommended, 'gpt-4o-mini-fewshot');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--format github annotates per target and ends with the recommendation; --target picks targets', async () => {
    const spec = join(repoRoot, 'examples/model-choice/model-choice.aispec.md');
    const r = await runCli(['eval', spec, '--no-save', '--format', 'github'], { cwd: repoRoot });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^::error file=examples\/model-choice\/model-choice\.aispec\.md,title=aispec gate recall\.abuse failed \(support-triage-model-choice\/gpt-4o-mini\)::/m);
    assert.match(r.stdout, /^::notice file=examples\/model-choice\/model-choice\.aispec\.md,title=aispec support-triage-model-choice%3A targets compared::Recommended: gpt-4o-mini-fewshot/m);

    const one = await runCli(['eval', spec, '--no-save', '--target', 'gpt-4o-mini', '--format', 'json'], { cwd: repoRoot });
    assert.equal(one.code, 1, one.stderr);
    const comparison = JSON.parse(one.stdout) as ComparisonResults;
    assert.deepEqual(Object.keys(comparison.targets), ['gpt-4o-mini']);
    assert.equal(comparison.comparison.recommended, null);
    assert.equal(comparison.comparison.recommended_reason, 'No target passes every gate (gpt-4o-mini fails recall.abuse).');

    const unknown = await runCli(['eval', spec, '--no-save', '--target', 'gpt-4', '--target', 'gpt-4o'], { cwd: repoRoot });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no target named "gpt-4"; the spec's targets are gpt-4o-mini, gpt-4o, gpt-4o-mini-fewshot\. Did you mean "gpt-4o"\? Nothing was run\./);
    assert.equal(unknown.stdout, '');
  });

  it('two openai targets on a fixture server: the one that passes is recommended; the other alone exits 1', async () => {
    const server = await startOpenAIServer({ reply: (req) => ((req.body as { model: string }).model === 'sloppy' || JSON.stringify(req.body).includes('yes please') ? 'yes' : 'no') });
    const dir = tempProject();
    try {
      writeFileSync(join(dir, 's.aispec.md'), targetsSpec(server, [target('good', 'good', DEAR), target('sloppy', 'sloppy', CHEAP)]));
      const env = { FIXTURE_KEY: 'sk-fixture', ...LOCAL_GRANTS };
      const r = await runCli(['eval', 's.aispec.md', '--json', 'c.json', '--concurrency', '3'], { cwd: dir, env });
      assert.equal(r.code, 0, r.stderr);
      const comparison = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as ComparisonResults;
      assert.equal(comparison.comparison.recommended, 'good');
      assert.equal(comparison.comparison.recommended_reason, 'good is the only target that passes every gate.');
      const [pair] = comparison.comparison.pairs;
      assert.deepEqual([pair!.n, pair!.a_only_pass, pair!.b_only_pass], [20, 10, 0]);
      assert.equal(pair!.mcnemar_p, 2 / 1024);
      assert.equal(server.requests.length, 40);
      assert.deepEqual(new Set(server.requests.map((q) => (q.body as { model: string }).model)), new Set(['good', 'sloppy']));
      assert.match(r.stdout, /^Recommended: good, the only target that passes every gate\. Pass rate 50\.0 points above sloppy: beyond noise \(McNemar p = 0\.002, n = 20\)\.$/m);

      const sloppy = await runCli(['eval', 's.aispec.md', '--target', 'sloppy', '--no-save'], { cwd: dir, env });
      assert.equal(sloppy.code, 1, sloppy.stderr);
      assert.match(sloppy.stdout, /^No recommendation: no target passes every gate \(sloppy fails pass_rate\)\.$/m);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('three targets: the cheapest passing one wins; a passing target with no pricing leaves none recommended but exits 0', async () => {
    const server = await startOpenAIServer({ reply: (req) => ((req.body as { model: string }).model === 'sloppy' || JSON.stringify(req.body).includes('yes please') ? 'yes' : 'no') });
    const dir = tempProject();
    try {
      const env = { FIXTURE_KEY: 'sk-fixture', ...LOCAL_GRANTS };
      writeFileSync(join(dir, 's.aispec.md'), targetsSpec(server, [target('large', 'good-large', DEAR), target('small', 'good-small', CHEAP), target('sloppy', 'sloppy', '{ input_per_mtok: 0.01, output_per_mtok: 0.01 }')]));
      const r = await runCli(['eval', 's.aispec.md', '--format', 'json', '--no-save'], { cwd: dir, env });
      assert.equal(r.code, 0, r.stderr);
      const comparison = JSON.parse(r.stdout) as ComparisonResults;
      assert.equal(comparison.comparison.recommended, 'small');
      assert.match(comparison.comparison.recommended_reason, /^small is the cheapest of the 2 targets that pass every gate/);
      assert.equal(comparison.comparison.pairs.length, 3);
      assert.deepEqual(comparison.comparison.pairs.map((p) => [p.a, p.b, p.mcnemar_p]), [['large', 'small', 1], ['large', 'sloppy', 2 / 1024], ['small', 'sloppy', 2 / 1024]]);

      writeFileSync(join(dir, 'u.aispec.md'), targetsSpec(server, [target('large', 'good-large', DEAR), target('small', 'good-small')]).replace('id: pick-a-model', 'id: pick-unpriced'));
      const check = await runCli(['check', 'u.aispec.md'], { cwd: dir });
      assert.match(check.stdout, /warning target-without-pricing Target "small" has no pricing/);
      const unpriced = await runCli(['eval', 'u.aispec.md', '--format', 'json', '--no-save'], { cwd: dir, env });
      assert.equal(unpriced.code, 0, unpriced.stderr);
      const result = JSON.parse(unpriced.stdout) as ComparisonResults;
      assert.equal(result.comparison.recommended, null);
      assert.match(result.comparison.recommended_reason, /the cost per case of small is unknown/);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing key for one target stops every target before any request: exit 2', async () => {
    const server = await startOpenAIServer({});
    const dir = tempProject();
    try {
      const other = `  other:\n    provider: openai\n    model: other\n    base_url: "URL"\n    api_key_env: OTHER_KEY\n    pricing: ${CHEAP}`;
      writeFileSync(join(dir, 's.aispec.md'), targetsSpec(server, [target('good', 'good', CHEAP), other]));
      const r = await runCli(['eval', 's.aispec.md'], { cwd: dir, env: { FIXTURE_KEY: 'sk-fixture', OTHER_KEY: undefined, ...LOCAL_GRANTS } });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /target other: .*OTHER_KEY/);
      assert.equal(server.requests.length, 0);
      assert.ok(!existsSync(join(dir, '.aispec/runs')));

      const both = await runCli(['eval', 's.aispec.md', '--failed'], { cwd: dir, env: { FIXTURE_KEY: 'sk-fixture', OTHER_KEY: 'k', ...LOCAL_GRANTS } });
      assert.equal(both.code, 2);
      assert.match(both.stderr, /--failed compares with one earlier run, and s\.aispec\.md has several targets/);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a secret one target may not send stops every target, each problem at its own targets.NAME key: exit 2', async () => {
    const server = await startOpenAIServer({});
    const dir = tempProject();
    try {
      const other = `  other:\n    provider: openai\n    model: other\n    base_url: "URL"\n    api_key_env: OTHER_KEY\n    pricing: ${CHEAP}`;
      writeFileSync(join(dir, 's.aispec.md'), targetsSpec(server, [target('good', 'good', CHEAP), other]));
      // FIXTURE_KEY is granted to the local server; OTHER_KEY is not granted at all.
      const env = { FIXTURE_KEY: 'sk-fixture', OTHER_KEY: 'k', AISPEC_ALLOW_ENV: 'FIXTURE_KEY', AISPEC_ALLOW_HOSTS: '127.0.0.1' };
      const r = await runCli(['eval', 's.aispec.md'], { cwd: dir, env });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^s\.aispec\.md:16:5 error permission targets\.other\.api_key_env: .*OTHER_KEY.*--allow-env OTHER_KEY/m);
      assert.doesNotMatch(r.stderr, /targets\.good/);
      assert.equal(server.requests.length, 0);
      assert.ok(!existsSync(join(dir, '.aispec/runs')));
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--target on a one-target spec is a usage error', async () => {
    const r = await runCli(['eval', join(repoRoot, 'examples/support-triage/support-triage.aispec.md'), '--target', 'x', '--no-save'], { cwd: repoRoot });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--target picks among the targets of a spec with targets:/);
  });
});
