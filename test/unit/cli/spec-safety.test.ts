// The attacks a spec from a pull request can try on the CLI, spawned as CI runs it: reading a file outside
// the project (absolute, ../, a link out, /proc/self/environ, as cases, system_file or recorded outputs) is an
// error at the key that never quotes the file, and a frontmatter key or a model output carrying a line break
// and "::error", "::add-mask::", a legacy "##[error]" or "##[add-mask]", ESC/OSC sequences, a carriage return
// or U+202E comes out clean on aispec check (text, github and json) and on aispec eval's output and stderr.
// (Bounded parsing and stored results: hostile-input.test.ts.)
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
  '"legacy\\n##[error]forged"',
  '"mid ##[add-mask]z"',
  '"zero-width #\\u200B#[set-output name=a]b"',
];
// Anything a terminal acts on, bar line feed and tab.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/**
 * Log lines GitHub Actions reads as workflow commands: "::" first after blanks, or "##[" anywhere (the runner's
 * ActionCommand parsers), zero-width characters a culture-aware search may skip removed first.
 */
const commandLines = (text: string) => text.split('\n').filter((line) => /^\s*::|##\[/.test(line.replace(/\p{Default_Ignorable_Code_Point}/gu, '')));

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

  it('check and eval: /proc/self/environ as a system_file or behind a case file link is refused, the environment never printed', async () => {
    const env = { AISPEC_PROBE_SECRET: 'env-secret-4711' };
    // A case file must be .jsonl, .yaml or .csv: the way to /proc/self/environ is a link with such a name.
    symlinkSync('/proc/self/environ', join(project, 'environ.csv'));
    const attacks: Array<[string, string]> = [
      ['environ.csv', spec('cases: environ.csv')],
      ['/proc/self/environ', spec('target: { provider: openai, model: m, base_url: "http://127.0.0.1:9", api_key_env: NO_SUCH_KEY, system_file: /proc/self/environ }')],
    ];
    for (const [key, text] of attacks) {
      writeFileSync(join(project, 'a.aispec.md'), text);
      const check = await runCli(['check', 'a.aispec.md'], { cwd: project, env });
      assert.equal(check.code, 1, check.stdout + check.stderr);
      assert.match(check.stdout, new RegExp(`^a\\.aispec\\.md:6:\\d+ error parse .*"${key.replace(/[.]/g, '\\.')}".*outside the project`, 'm'));
      const evaluated = await runCli(['eval', 'a.aispec.md'], { cwd: project, env });
      assert.equal(evaluated.code, 2, evaluated.stderr);
      assert.doesNotMatch(check.stdout + check.stderr + evaluated.stdout + evaluated.stderr, /env-secret-4711/);
    }
  });

  it('check and eval: recorded outputs outside the project are refused, never read', async () => {
    writeFileSync(join(outer, 'secret.jsonl'), `{"id":"a","output":"${SECRET}"}\n`);
    const text = spec('target: { provider: recorded, path: ../secret.jsonl }');
    outside(await run(['check', 'a.aispec.md'], text), '../secret.jsonl');
    const r = await run(['eval', 'a.aispec.md', '--json', 'r.json'], text);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /target\.path "\.\.\/secret\.jsonl" \(it is outside the project/);
    assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
  });

  it('check and eval: recorded judge verdicts outside the project are refused, never read', async () => {
    writeFileSync(join(outer, 'verdicts.jsonl'), `{"id":"a","criterion":"k","pass":true,"output":"${SECRET}"}\n`);
    writeFileSync(join(project, 'out.jsonl'), '{"id":"a","output":"yes"}\n');
    const text = spec('judge: { provider: recorded, path: ../verdicts.jsonl }\ntarget: { provider: recorded, path: out.jsonl }');
    outside(await run(['check', 'a.aispec.md'], text), '../verdicts.jsonl');
    const r = await run(['eval', 'a.aispec.md', '--json', 'r.json'], text);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /judge\.path "\.\.\/verdicts\.jsonl" \(it is outside the project/);
    assert.doesNotMatch(r.stdout + r.stderr, /hunter2/);
  });

  it('check --format json: hostile keys stay the same JSON values, and no line is a workflow command', async () => {
    const r = await run(['check', 'a.aispec.md', '--format', 'json'], spec(`target: { provider: recorded, path: out.jsonl }\n${HOSTILE_KEYS.map((k) => `${k}: 1`).join('\n')}`));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.deepEqual(commandLines(r.stdout + r.stderr), []);
    const messages = (JSON.parse(r.stdout) as { diagnostics: Array<{ message: string }> }).diagnostics.map((d) => d.message).join('\n');
    assert.ok(messages.includes('##[add-mask]z'), 'the value itself is unchanged');
  });

  for (const format of ['text', 'github', 'json']) {
    it(`eval --format ${format}: model outputs with workflow commands and escapes come out clean`, async () => {
      const outputs = ['x\n::error file=a.aispec.md,line=1::forged', '##[add-mask]z', 'ok ##[error]forged', 'esc\u001b]0;owned\u0007\u001b[2J', 'bidi\u202Eabc'];
      const cases = outputs.map((_, i) => `- id: c${i}\n  input: hi\n  expect: yes`).join('\n');
      writeFileSync(join(project, 'out.jsonl'), outputs.map((output, i) => JSON.stringify({ id: `c${i}`, output })).join('\n'));
      const text = `---\naispec: 1\nid: probe\ntitle: Probe\nlabels: [yes, no]\nclassify:\n  yes: { regex: "^yes$" }\n  no: { otherwise: true }\ntarget: { provider: recorded, path: out.jsonl }\n---\n\n## Goal\nSay yes.\n\n\`\`\`yaml cases\n${cases}\n\`\`\`\n`;
      const r = await run(['eval', 'a.aispec.md', '--no-save', '--format', format], text);
      assert.ok(r.code === 1 || r.code === 0, r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, UNSAFE);
      if (format === 'github') for (const line of commandLines(r.stdout)) assert.match(line, /^::(error|warning|notice) [^\n]*::[^\n]*$/);
      else assert.deepEqual(commandLines(r.stdout), []);
      assert.deepEqual(commandLines(r.stderr), []);
      if (format === 'json') assert.deepEqual((JSON.parse(r.stdout) as { cases: Array<{ output: string }> }).cases.map((c) => c.output), outputs);
    });
  }

  it('the bundled examples still check and run', async () => {
    const root = join(import.meta.dirname, '../../../examples');
    const check = await runCli(['check', root], { cwd: root });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const evaluated = await runCli(['eval', 'health-assistant/health-assistant.aispec.md', '--no-save'], { cwd: root });
    assert.equal(evaluated.code, 0, evaluated.stdout + evaluated.stderr);
  });
});
