// The attacks a spec from a pull request can try on the CLI, spawned as CI runs it: reading a file outside
// the project (absolute, ../, a link out, system_file) is an error at the key that never quotes the file, and
// a frontmatter key carrying a line break and "::error", "::add-mask::", ESC/OSC sequences, a carriage return
// or U+202E comes out clean on aispec check (text and github) and on aispec eval's stderr.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, runCli, type CliResult } from './run-cli.js';

const SECRET = 'SECRET_TOKEN=hunter2';

function spec(frontmatter: string): string {
  return `---\naispec: 1\nid: probe\ntitle: Probe\nlabels: [yes, no]\n${frontmatter}\n---\n\n## Goal\nSay yes.\n\n## Cases\n\`\`\`yaml cases\n- id: a\n  input: hi\n  expect: yes\n\`\`\`\n`;
}

// YAML double-quoted keys: \n, \r, \e (ESC), \a (BEL) and \u202E are escapes YAML turns into the characters.
const HOSTILE_KEYS = [
  '"x\\n::error file=a.aispec.md,line=1::forged"',
  '"y\\n::add-mask::z"',
  '"cr\\r::warning::forged"',
  '"esc\\e]0;owned\\a\\e[31mred\\e[2J"',
  '"bidi\\u202Eabc"',
];
// Anything a terminal acts on, bar line feed and tab.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const commandLines = (text: string) => text.split('\n').filter((line) => /^\s*::/.test(line));

describe('aispec: what a hostile spec can do (spawned)', function () {
  this.timeout(60_000);
  let outer: string;
  let project: string;
  before(buildCli);
  beforeEach(() => {
    outer = mkdtempSync(join(tmpdir(), 'aispec-hostile-'));
    project = join(outer, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'aispec.config.json'), '{}\n');
    writeFileSync(join(project, 'out.jsonl'), '{"id":"a","output":"yes"}\n');
    writeFileSync(join(outer, 'secret.csv'), `${SECRET},b\n1,2\n`);
    writeFileSync(join(outer, 'secret.txt'), `${SECRET}\n`);
  });
  afterEach(() => rmSync(outer, { recursive: true, force: true }));

  const run = (args: string[], text: string): Promise<CliResult> => {
    writeFileSync(join(project, 'a.aispec.md'), text);
    return runCli(args, { cwd: project });
  };
  const outside = (r: CliResult, key: string) => {
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^a\\.aispec\\.md:6:\\d+ error parse .*"${key.replace(/[.]/g, '\\.')}".*outside the project`, 'm'));
    assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
  };

  it('check: a case file by absolute path outside the project', async () => {
    outside(await run(['check', 'a.aispec.md'], spec(`cases: ${join(outer, 'secret.csv')}`)), join(outer, 'secret.csv'));
  });

  it('check: a case file by ../ path', async () => {
    outside(await run(['check', 'a.aispec.md'], spec('cases: ../secret.csv')), '../secret.csv');
  });

  it('check: a case file that links out of the project', async () => {
    symlinkSync(join(outer, 'secret.csv'), join(project, 'link.csv'));
    outside(await run(['check', 'a.aispec.md'], spec('cases: link.csv')), 'link.csv');
  });

  it('check and eval: a system_file outside the project (exit 2 for eval, no request made)', async () => {
    const text = spec('target: { provider: openai, model: m, base_url: "http://127.0.0.1:9", api_key_env: NO_SUCH_KEY, system_file: ../secret.txt }');
    outside(await run(['check', 'a.aispec.md'], text), '../secret.txt');
    const r = await run(['eval', 'a.aispec.md'], text);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /target\.system_file "\.\.\/secret\.txt" \(it is outside the project/);
    assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
  });

  for (const format of ['text', 'github']) {
    it(`check --format ${format}: hostile frontmatter keys come out clean`, async () => {
      const r = await run(['check', 'a.aispec.md', '--format', format], spec(`target: { provider: recorded, path: out.jsonl }\n${HOSTILE_KEYS.map((k) => `${k}: 1`).join('\n')}`));
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, UNSAFE);
      const unknown = r.stdout.split('\n').filter((l) => l.includes('Unknown key'));
      assert.equal(unknown.length, HOSTILE_KEYS.length, r.stdout);
      if (format === 'text') assert.deepEqual(commandLines(r.stdout + r.stderr), []);
      else for (const line of commandLines(r.stdout)) assert.match(line, /^::(error|warning|notice) file=a\.aispec\.md,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=aispec [a-z-]+::[^\n]*$/);
      assert.deepEqual(commandLines(r.stderr), []);
    });
  }

  it('eval: hostile frontmatter keys come out clean on stderr', async () => {
    const r = await run(['eval', 'a.aispec.md'], spec(`target: { provider: recorded, path: out.jsonl }\n${HOSTILE_KEYS.map((k) => `${k}: 1`).join('\n')}`));
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.split('\n').filter((l) => l.includes('Unknown key')).length, HOSTILE_KEYS.length, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, UNSAFE);
    assert.deepEqual(commandLines(r.stdout + r.stderr), []);
  });

  it('the bundled examples still check and run', async () => {
    const root = join(import.meta.dirname, '../../../examples');
    const check = await runCli(['check', root], { cwd: root });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const evaluated = await runCli(['eval', 'health-assistant/health-assistant.aispec.md', '--no-save'], { cwd: root });
    assert.equal(evaluated.code, 0, evaluated.stdout + evaluated.stderr);
  });
});
