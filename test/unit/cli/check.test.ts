// The CLI as users and CI run it: a spawned process, its output and its exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'bin/aispec.cjs');
const fixtures = join(root, 'test/fixtures/check');

function aispec(args: string[], cwd = fixtures, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('aispec check (spawned)', function () {
  this.timeout(60_000);
  before(() => {
    const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  it('exits 0 on a clean spec and says how many it checked', () => {
    const r = aispec(['check', 'clean']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /1 spec checked: 0 errors, 0 warnings/);
  });

  it('exits 1 and prints file:line:col severity rule message for errors', () => {
    const r = aispec(['check', 'broken/bad.aispec.md']);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    const unknown = lines.find((l) => l.includes('pas_rate'));
    assert.ok(unknown, r.stdout);
    assert.match(unknown, /^broken\/bad\.aispec\.md:7:3 error schema .*Did you mean "pass_rate"\?/);
    const label = lines.find((l) => l.includes('refused'));
    assert.match(label!, /^broken\/bad\.aispec\.md:14:11 error schema .*refuse, answer/);
  });

  it('emits GitHub annotations', () => {
    const r = aispec(['check', 'broken', '--format', 'github']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^::error file=broken\/bad\.aispec\.md,line=7,col=3,endLine=7,endColumn=11,title=aispec schema::Unknown key/m);
  });

  it('emits JSON for tools', () => {
    const r = aispec(['check', '--format', 'json', 'clean', 'broken']);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { files: string[]; diagnostics: Array<{ file: string; line: number; rule: string }> };
    assert.deepEqual(out.files, ['broken/bad.aispec.md', 'clean/good.aispec.md']);
    assert.ok(out.diagnostics.some((d) => d.file === 'broken/bad.aispec.md' && d.line === 7 && d.rule === 'schema'));
  });

  it('colours only when asked and never with NO_COLOR', () => {
    const ansi = new RegExp(String.fromCharCode(27) + '\\[');
    const red = new RegExp(String.fromCharCode(27) + '\\[31merror');
    assert.doesNotMatch(aispec(['check', 'broken']).stdout, ansi);
    assert.match(aispec(['check', 'broken'], fixtures, { FORCE_COLOR: '1' }).stdout, red);
    assert.doesNotMatch(aispec(['check', 'broken'], fixtures, { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout, ansi);
  });

  it('exits 2 on bad usage and on paths that match nothing', () => {
    const usage = aispec(['check', '--format', 'xml']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--format must be one of text, json, github/);
    const flag = aispec(['check', '--nope']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /Unknown option '--nope'/);
    const missing = aispec(['check', 'no/such/file.aispec.md']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no spec matches "no\/such\/file\.aispec\.md"/);
    assert.equal(aispec(['frobnicate']).code, 2);
  });

  it('by default finds specs below the folder, skipping node_modules and .gitignored folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispec-find-'));
    try {
      cpSync(join(fixtures, 'clean'), join(dir, 'specs'), { recursive: true });
      for (const skipped of ['node_modules/pkg', 'build/out']) {
        mkdirSync(join(dir, skipped), { recursive: true });
        writeFileSync(join(dir, skipped, 'x.aispec.md'), 'no frontmatter at all\n');
      }
      writeFileSync(join(dir, '.gitignore'), 'build/\n');
      const r = aispec(['check'], dir);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stderr, /1 spec checked/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies workspace severities from aispec.config.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispec-config-'));
    try {
      writeFileSync(join(dir, 'a.aispec.md'), '---\naispec: 1\nid: a\ntitle: A\n---\n\n# A\n');
      const before = aispec(['check', '--format', 'json'], dir);
      const rules = (JSON.parse(before.stdout) as { diagnostics: Array<{ rule: string }> }).diagnostics.map((d) => d.rule);
      assert.ok(rules.includes('missing-goal'), rules.join());
      writeFileSync(join(dir, 'aispec.config.json'), JSON.stringify({ lint: { 'missing-goal': 'off' } }));
      const after = aispec(['check', '--format', 'json'], dir);
      const rulesAfter = (JSON.parse(after.stdout) as { diagnostics: Array<{ rule: string }> }).diagnostics.map((d) => d.rule);
      assert.ok(!rulesAfter.includes('missing-goal'));
      writeFileSync(join(dir, 'aispec.config.json'), '{ not json');
      const broken = aispec(['check'], dir);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /aispec\.config\.json: not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sizes each rate gate by its cases and the last saved run, as information that keeps the exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispec-power-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n'); // marks the project root
      cpSync(join(root, 'examples/health-assistant'), join(dir, 'health'), { recursive: true });
      const powerLines = (stdout: string) => stdout.split('\n').filter((l) => / info gate-power /.test(l));

      const before = aispec(['check'], dir);
      assert.equal(before.code, 0, before.stdout + before.stderr);
      const lines = powerLines(before.stdout);
      // One per Wilson gate: pass_rate, three per_tag gates, recall.refuse; not the latency or cost gates.
      assert.equal(lines.length, 5, before.stdout);
      assert.match(lines[0]!, /^health\/health-assistant\.aispec\.md:\d+:14 info gate-power pass_rate \(n=154 cases\): the observed rate decides \(≥ 139 of 154 passes\); the 95% lower bound can clear 0\.9 only with ≥ [\d.]+% observed \(\d+ of 154\), .*no saved run gives a rate to size it by/);

      const run = aispec(['eval', 'health/health-assistant.aispec.md'], dir, { CI: '1' });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const after = aispec(['check'], dir);
      assert.equal(after.code, 0, after.stdout + after.stderr);
      const sized = powerLines(after.stdout);
      assert.equal(sized.length, 5, after.stdout);
      // The recorded run passes 142 of 154 (0.922): the interval over 154 cases, and the cases that rate needs.
      assert.match(sized[0]!, /at the last observed 0\.922, the 95% interval over 154 cases is 0\.869–0\.955, and about \d+ cases are needed for the lower bound to clear 0\.9 at 0\.922\.$/);
      assert.match(after.stderr, /1 spec checked: 0 errors, /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints help and version', () => {
    assert.match(aispec(['check', '--help']).stdout, /Usage: aispec check/);
    assert.match(aispec(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  // Start-up (bench:check): node:fs/promises brings a dozen of Node's own modules, and process.stdout on a pipe
  // brings node:net and node:stream. A plain check, --version and --help need neither.
  it("loads neither node:fs/promises for a spec that names no file nor Node's stream modules to print", () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispec-builtins-'));
    try {
      const log = join(dir, 'loaded.log');
      const probe = join(dir, 'probe.cjs');
      const watched = ['fs/promises', 'net', 'stream'];
      writeFileSync(probe, `process.on('exit', () => require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(${JSON.stringify(watched)}.filter((m) => process.moduleLoadList.includes('NativeModule ' + m))) + '\\n'));`);
      const run = (args: string[]) => spawnSync(process.execPath, ['--require', probe, cli, ...args], { cwd: fixtures, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
      const checked = run(['check', 'clean/good.aispec.md']);
      assert.equal(checked.status, 0, checked.stderr);
      assert.match(checked.stderr, /1 spec checked: 0 errors/);
      assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
      assert.match(run(['check', '--help']).stdout, /Usage: aispec check/);
      assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line)), [[], [], []]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
