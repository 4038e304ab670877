// `aispec eval --html FILE` through the built CLI: a self-contained page whose CSP hashes match what it
// inlines, carrying exactly the run the --json file holds, and the comparison when --baseline is given.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PanelData } from '../../../src/shared/messages.js';
import type { RunResults } from '../../../src/shared/results.js';
import { repoRoot } from './fixtures.js';

const cli = join(repoRoot, 'bin/aispec.cjs');

function evalHtml(args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [cli, 'eval', 'examples/support-triage/support-triage.aispec.md', '--no-save', '-q', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  return { status: run.status, stderr: run.stderr };
}

function read(html: string): { data: PanelData; csp: string; script: string; style: string } {
  const summary = JSON.parse(/<script type="application\/json" id="aispec-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as PanelData;
  const cases = [...html.matchAll(/<script type="application\/json" class="aispec-cases">([\s\S]*?)<\/script>/g)].flatMap((m) => JSON.parse(m[1]!));
  return {
    data: { ...summary, results: { ...summary.results, cases } },
    csp: /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!.replace(/&#39;/g, "'"),
    script: /<script>([\s\S]*?)<\/script>/.exec(html)![1]!,
    style: /<style>([\s\S]*?)<\/style>/.exec(html)![1]!,
  };
}

describe('aispec eval --html', function () {
  this.timeout(60_000);
  let dir: string;

  before(function () {
    if (!existsSync(join(repoRoot, 'dist/webview.js')) || !existsSync(join(repoRoot, 'dist/cli.cjs'))) throw new Error('dist/ is missing: npm run build');
    dir = mkdtempSync(join(tmpdir(), 'aispec-html-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a self-contained report of exactly the run, allowed by its CSP hashes, and keeps the exit code', () => {
    const html = join(dir, 'report.html');
    const json = join(dir, 'results.json');
    const { status, stderr } = evalHtml(['--html', html, '--json', json]);
    assert.equal(status, 1, `a failing gate still exits 1 (${stderr})`);
    const text = readFileSync(html, 'utf8');
    assert.ok(text.startsWith('<!doctype html>'));
    const { data, csp, script, style } = read(text);
    const results = JSON.parse(readFileSync(json, 'utf8')) as RunResults;
    assert.deepEqual(data.results, results);
    assert.equal(data.diff, null);
    assert.match(csp, /^default-src 'none'; /);
    assert.ok(csp.includes(`'sha256-${createHash('sha256').update(script).digest('base64')}'`), 'script hash');
    assert.ok(csp.includes(`'sha256-${createHash('sha256').update(style).digest('base64')}'`), 'style hash');
    assert.ok(!/\b(src|href)=/.test(text.replace(/<script type="application\/json"[\s\S]*?<\/script>/g, '')), 'no external resource');
    assert.ok(!script.includes('sourceMappingURL'), 'no source map reference to a file the report lacks');
  });

  it('with --baseline, carries the comparison (McNemar, flipped cases)', () => {
    const json = join(dir, 'base.json');
    evalHtml(['--json', json]);
    const base = JSON.parse(readFileSync(json, 'utf8')) as RunResults;
    base.run.id = 'the-baseline';
    for (const c of base.cases.slice(0, 4)) c.status = c.status === 'pass' ? 'fail' : 'pass';
    writeFileSync(json, JSON.stringify(base));
    const html = join(dir, 'compared.html');
    evalHtml(['--html', html, '--baseline', json]);
    const { data } = read(readFileSync(html, 'utf8'));
    assert.equal(data.baselineRunId, 'the-baseline');
    assert.ok(data.diff);
    assert.equal(data.diff.newlyFailing.length + data.diff.newlyPassing.length, 4);
    assert.equal(data.diff.mcnemar.discordant, 4);
  });

  it('is listed in eval --help', () => {
    const help = spawnSync(process.execPath, [cli, 'eval', '--help'], { encoding: 'utf8' });
    assert.match(help.stdout, /--html FILE/);
  });
});
