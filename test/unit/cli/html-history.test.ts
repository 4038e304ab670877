// `aispec eval --html` reads the spec's saved runs for the pass-rate history. A malformed file in
// .aispec/runs/ (cut short, edited, planted in a pull request) is skipped with a one-line warning on stderr;
// the report is still written from the good runs and the exit code is the run's own.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli } from './run-cli.js';

describe('aispec eval --html with a malformed past run', function () {
  this.timeout(60_000);
  let dir: string;

  before(function () {
    if (!existsSync(join(repoRoot, 'dist/webview.js')) || !existsSync(join(repoRoot, 'dist/cli.cjs'))) throw new Error('dist/ is missing: npm run build');
    dir = mkdtempSync(join(tmpdir(), 'aispec-html-history-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n'); // marks the project root
    cpSync(join(repoRoot, 'examples/support-triage'), join(dir, 'support-triage'), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('skips it with a one-line warning and writes the report with the good runs', async () => {
    const spec = 'support-triage/support-triage.aispec.md';
    const first = await runCli(['eval', spec, '-q'], { cwd: dir });
    const runs = join(dir, '.aispec/runs/support-triage');
    mkdirSync(runs, { recursive: true });
    writeFileSync(join(runs, '0000-cut-short.json'), '{"format": "aispec-results", "run": {');
    writeFileSync(join(runs, '0001-edited.json'), JSON.stringify({ format: 'aispec-results', run: { id: 7, started_at: [] }, summary: 'x', cases: null }));

    const html = join(dir, 'report.html');
    const result = await runCli(['eval', spec, '-q', '--no-save', '--html', html], { cwd: dir });
    assert.equal(result.code, first.code, result.stderr);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('skipped'));
    assert.equal(warnings.length, 2, result.stderr);
    assert.match(warnings[0]!, /^aispec: warning: skipped \.aispec[/\\]runs[/\\]support-triage[/\\]0000-cut-short\.json in the run history: /);
    assert.match(warnings[1]!, /0001-edited\.json/);
    const data = JSON.parse(/<script type="application\/json" id="aispec-data">([\s\S]*?)<\/script>/.exec(readFileSync(html, 'utf8'))![1]!) as { history: unknown[] };
    assert.equal(data.history.length, 2, 'the saved run and the current one');
  });
});
