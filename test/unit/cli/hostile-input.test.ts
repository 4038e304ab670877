// Hostile input to the built CLI, spawned as CI runs it: what a spec or a committed file can do to the parsers
// and to stored results. A YAML alias bomb in an inline cases block (nine levels, the depth at which eval
// crashed) and a case nested 100,000 levels deep are located errors for check and eval, fast, never a crash;
// a spec starting with a BOM checks and runs; a 100,000-case JSONL file checks and runs; past runs that are
// cut short, too deep, too large or of the wrong shape are skipped with a warning by eval --html, and a
// misshapen latest.json stops --failed and --reuse-outputs cleanly; a forged or hand-edited cache entry is
// ignored and asked anew, and .aispec/ keeps itself out of git.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOpenAIServer } from '../../fixtures/servers/model-server.js';
import type { RunResults } from '../../../src/shared/results.js';
import { buildCli, runCli, startCli, type CliResult } from './run-cli.js';
import { filesUnder } from '../../support/files-under.js';

const CLASSIFY = 'labels: [yes, no]\nclassify:\n  yes: { regex: "yes" }\n  no: { otherwise: true }';

/** A spec over recorded outputs; `cases` is the cases block or a `cases:` line for the frontmatter. */
function recordedSpec(options: { frontmatter?: string; block?: string } = {}): string {
  const block = options.block ?? '- id: a\n  input: hi\n  expect: yes';
  return `---\naispec: 1\nid: probe\ntitle: Probe\n${CLASSIFY}\ntarget: { provider: recorded, path: out.jsonl }\n${options.frontmatter ?? ''}---\n\n## Goal\nSay yes.\n\n\`\`\`yaml cases\n${block}\n\`\`\`\n`;
}

/** A "billion laughs" map: nine levels, each a list of nine aliases of the level before (9^8 leaves). */
function aliasBomb(indent: string): string {
  const names = 'abcdefghi'.split('');
  let text = `${indent}a: &a [x, x, x, x, x, x, x, x, x]\n`;
  for (let i = 1; i < names.length; i++) text += `${indent}${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]\n`;
  return text.trimEnd();
}

/** Neither a crash nor a hang: the CLI ended by itself with a message of its own. */
function noCrash(r: CliResult): void {
  assert.equal(r.signal, null);
  assert.doesNotMatch(r.stderr, /internal error|Maximum call stack|heap out of memory|FATAL ERROR/, r.stderr);
}

describe('aispec: hostile input to the parsers and stored results (spawned)', function () {
  this.timeout(120_000);
  let project: string;
  before(buildCli);
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'aispec-hostile-input-'));
    writeFileSync(join(project, 'package.json'), '{"name":"p","private":true}\n'); // marks the project root
    writeFileSync(join(project, 'out.jsonl'), '{"id":"a","output":"yes"}\n');
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  const run = (args: string[], text?: string, env?: Record<string, string | undefined>): Promise<CliResult> => {
    if (text !== undefined) writeFileSync(join(project, 'a.aispec.md'), text);
    return runCli(args, { cwd: project, ...(env ? { env } : {}) });
  };

  it('an alias bomb in an inline cases block: a located error for check (exit 1) and eval (exit 2)', async () => {
    const text = recordedSpec({ block: `- id: a\n  input: hi\n  expect: yes\n  vars:\n${aliasBomb('    ')}` });
    // The parser's alias bound rejects it before expanding anything (so it cannot run long: no clock here).
    const check = await run(['check', 'a.aispec.md'], text);
    noCrash(check);
    assert.equal(check.code, 1, check.stdout + check.stderr);
    assert.match(check.stdout, /^a\.aispec\.md:\d+:\d+ error parse .*alias/im);
    const evaluated = await run(['eval', 'a.aispec.md', '--no-save']);
    noCrash(evaluated);
    assert.equal(evaluated.code, 2, evaluated.stderr);
  });

  it('a case nested 100,000 levels deep: a located error for check and eval, not a crash', async () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    writeFileSync(join(project, 'cases.jsonl'), `{"id":"a","input":"hi","expect":"yes"}\n{"id":"b","input":"hi","vars":{"d":${deep}}}\n`);
    const text = `---\naispec: 1\nid: probe\ntitle: Probe\n${CLASSIFY}\ntarget: { provider: recorded, path: out.jsonl }\ncases: cases.jsonl\n---\n\n## Goal\nSay yes.\n`;
    const check = await run(['check', 'a.aispec.md'], text);
    noCrash(check);
    assert.equal(check.code, 1, check.stdout + check.stderr);
    assert.match(check.stdout, /^cases\.jsonl:2:\d+ error parse .*64 levels/m);
    const evaluated = await run(['eval', 'a.aispec.md', '--no-save']);
    noCrash(evaluated);
    assert.equal(evaluated.code, 2, evaluated.stderr);
  });

  it('a spec that starts with a BOM checks like the same spec without one, and runs', async () => {
    const plain = await run(['check', 'a.aispec.md'], recordedSpec());
    const withBom = await run(['check', 'a.aispec.md'], `\uFEFF${recordedSpec()}`);
    assert.equal(withBom.code, 0, withBom.stdout + withBom.stderr);
    assert.equal(withBom.stdout, plain.stdout);
    const evaluated = await run(['eval', 'a.aispec.md', '--no-save']);
    assert.equal(evaluated.code, 0, evaluated.stderr);
  });

  it('a 100,000-case JSONL file checks and runs', async () => {
    const n = 100_000;
    writeFileSync(join(project, 'cases.jsonl'), Array.from({ length: n }, (_, i) => `{"id":"c${i}","input":"q${i}","expect":"yes"}`).join('\n'));
    writeFileSync(join(project, 'out.jsonl'), Array.from({ length: n }, (_, i) => `{"id":"c${i}","output":"yes"}`).join('\n'));
    const text = `---\naispec: 1\nid: probe\ntitle: Probe\n${CLASSIFY}\ntarget: { provider: recorded, path: out.jsonl }\ncases: cases.jsonl\n---\n\n## Goal\nSay yes.\n`;
    const check = await run(['check', 'a.aispec.md'], text);
    noCrash(check);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const evaluated = await run(['eval', 'a.aispec.md', '--no-save', '-q', '--json', 'r.json']);
    noCrash(evaluated);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.equal((JSON.parse(readFileSync(join(project, 'r.json'), 'utf8')) as RunResults).cases.length, n);
  });

  it('eval --html skips past runs that are not JSON, too deep, too large or of the wrong shape, each with a warning', async () => {
    const first = await run(['eval', 'a.aispec.md', '-q'], recordedSpec());
    assert.equal(first.code, 0, first.stderr);
    const runs = join(project, '.aispec/runs/probe');
    const bad = {
      '0001-not-json.json': 'not json',
      '0002-deep.json': `{"format":"aispec-results","cases":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      '0003-huge.json': '',
      '0004-shape.json': JSON.stringify({ format: 'aispec-results', spec: { id: 'probe' }, run: { id: 'x', started_at: '2026-01-01T00:00:00Z' }, summary: {}, cases: [{ id: 'a', status: 'fail', line: 'one' }] }),
    };
    for (const [name, content] of Object.entries(bad)) writeFileSync(join(runs, name), content);
    truncateSync(join(runs, '0003-huge.json'), 129 * 1024 * 1024); // sparse: the reader must refuse it unread
    const r = await run(['eval', 'a.aispec.md', '-q', '--no-save', '--html', 'report.html']);
    noCrash(r);
    assert.equal(r.code, 0, r.stderr);
    const warnings = r.stderr.split('\n').filter((line) => line.startsWith('aispec: warning: skipped'));
    assert.deepEqual(
      warnings.map((w) => /(\d{4}-[a-z-]+)\.json/.exec(w)?.[1]),
      Object.keys(bad).map((name) => name.replace('.json', '')),
      r.stderr,
    );
    assert.match(warnings[1]!, /nests deeper than 128 levels/);
    assert.match(warnings[2]!, /it is 129 MB; a saved run is read up to 128 MB/);
    assert.match(warnings[3]!, /case 1 has a "line" that is not a whole number/);
    const data = JSON.parse(/<script type="application\/json" id="aispec-data">([\s\S]*?)<\/script>/.exec(readFileSync(join(project, 'report.html'), 'utf8'))![1]!) as { history: unknown[] };
    assert.equal(data.history.length, 2, 'the saved run and the current one');
  });

  it('eval --failed and --reuse-outputs with a misshapen latest.json: a clear stop (exit 2), not a crash', async () => {
    mkdirSync(join(project, '.aispec/runs/probe'), { recursive: true });
    const latest = { format: 'aispec-results', spec: { id: 'probe' }, run: { id: 'x', started_at: '2026-01-01T00:00:00Z' }, summary: {}, cases: 'all failed' };
    writeFileSync(join(project, '.aispec/runs/probe/latest.json'), JSON.stringify(latest));
    const failed = await run(['eval', 'a.aispec.md', '--failed', '--no-save'], recordedSpec());
    noCrash(failed);
    assert.equal(failed.code, 2, failed.stderr);
    assert.match(failed.stderr, /--failed reads the spec's latest run, and \.aispec[/\\]runs[/\\]probe[/\\]latest\.json is not one: it has no "cases" list/);
    // --failed reads the run a case at a time; each case is still checked as the run is read.
    const cases = [{ id: 'c1', status: 'fail' }, { id: 'c2', status: 'fail', line: 'twelve' }];
    writeFileSync(join(project, '.aispec/runs/probe/latest.json'), JSON.stringify({ ...latest, cases }));
    const misshapenCase = await run(['eval', 'a.aispec.md', '--failed', '--no-save'], recordedSpec());
    noCrash(misshapenCase);
    assert.equal(misshapenCase.code, 2, misshapenCase.stderr);
    assert.match(misshapenCase.stderr, /latest\.json is not one: case 2 has a "line" that is not a whole number/);
    const reused = await run(['eval', 'a.aispec.md', '--reuse-outputs', '--no-save']);
    noCrash(reused);
    assert.equal(reused.code, 2, reused.stderr);
    assert.match(reused.stderr, /--reuse-outputs .*there is none/);
  });

  it('a forged or hand-edited cache entry is ignored and asked anew, the run says so; .aispec/ is git-ignored', async () => {
    const server = await startOpenAIServer({ latencyMs: 150, reply: () => 'yes' });
    try {
      const n = 12;
      const cases = Array.from({ length: n }, (_, i) => `- id: c${i}\n  input: "question ${i}"\n  expect: yes`).join('\n');
      writeFileSync(join(project, 'a.aispec.md'), `---\naispec: 1\nid: cached\ntitle: Cached\n${CLASSIFY}\ntarget: { provider: openai, model: fixture-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }\n---\n\n## Goal\nSay yes.\n\n\`\`\`yaml cases\n${cases}\n\`\`\`\n`);
      const env = { FIXTURE_KEY: 'k', AISPEC_ALLOW_ENV: 'FIXTURE_KEY', AISPEC_ALLOW_HOSTS: '127.0.0.1' }; // the grants a user would give the local server
      // An unfinished run leaves cache entries its next run would resume from: kill one part-way.
      const { child, done } = startCli(['eval', 'a.aispec.md', '--concurrency', '2'], { cwd: project, env });
      const deadline = Date.now() + 30_000;
      while (cacheEntries(project).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await done;
      assert.equal(readFileSync(join(project, '.aispec/.gitignore'), 'utf8'), '*\n');
      // What a pull request could commit: entries with the answer changed, with the old signature or none.
      const entries = cacheEntries(project);
      assert.ok(entries.length >= 4, `cached ${entries.length}`);
      entries.forEach((path, i) => {
        const entry = JSON.parse(readFileSync(path, 'utf8')) as { body: string; mac?: string };
        const body = entry.body.replace(/"output":"[^"]*"/, '"output":"forged"');
        writeFileSync(path, JSON.stringify(i % 2 ? { body, mac: entry.mac } : { body }));
      });
      const before = server.requests.length;
      const r = await runCli(['eval', 'a.aispec.md', '--json', 'r.json'], { cwd: project, env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.requests.length - before, n, 'every case asked anew');
      const results = JSON.parse(readFileSync(join(project, 'r.json'), 'utf8')) as RunResults;
      assert.ok(results.cases.every((c) => c.output !== 'forged' && !c.cached));
      assert.match(r.stderr, new RegExp(`ignored ${entries.length} cache entries this machine did not write`));
    } finally {
      await server.close();
    }
  });
});

/** The cache entry files under .aispec/cache (signed answers: a JSON object with a body). */
function cacheEntries(project: string): string[] {
  return filesUnder(join(project, '.aispec/cache')).filter((p) => {
    try {
      return p.endsWith('.json') && typeof (JSON.parse(readFileSync(p, 'utf8')) as { body?: unknown }).body === 'string';
    } catch {
      return false; // being written
    }
  });
}
