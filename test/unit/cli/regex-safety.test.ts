// A spec regex cannot hang a run: a catastrophic pattern (`(a+)+$` on 31 "a"s and a "!", which JavaScript's
// backtracking engine does not finish in hours) in a regex check, a classify rule, an anti-pattern detector
// and a json-schema `pattern` each ends with the right verdict. And `aispec check` reports a feature the
// linear-time engine cannot run (backreferences, lookaround) at the pattern's own file:line:col, saying what
// to write instead. Spawned, with a kill after a generous time, so a hang fails the test instead of the suite.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '../../../src/shared/results.js';
import { buildCli, startCli, type CliResult } from './run-cli.js';

const CATASTROPHIC = '(a+)+$';
const EVIL_OUTPUT = `${'a'.repeat(31)}!`;
const HANG_LIMIT_MS = 60_000;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aispec-regex-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n'); // marks the project root
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A spec on recorded outputs: every case's output is `outputs[id]`. */
function recordedSpec(frontmatter: string, cases: string, body = ''): string {
  return `---\naispec: 1\nid: regex-probe\ntitle: Regex probe\ntarget: { provider: recorded, path: outputs.jsonl }\n${frontmatter}---\n\n## Goal\nAnswer.\n${body}\n\`\`\`yaml cases\n${cases}\`\`\`\n`;
}

function outputsFile(outputs: Record<string, string>): string {
  return Object.entries(outputs).map(([id, output]) => `${JSON.stringify({ id, output })}\n`).join('');
}

/** Runs the CLI; a run still going after HANG_LIMIT_MS is killed, and the test fails saying it hung. */
async function runOrKill(args: string[], cwd: string): Promise<CliResult> {
  const { child, done } = startCli(args, { cwd });
  const timer = setTimeout(() => child.kill('SIGKILL'), HANG_LIMIT_MS);
  const result = await done;
  clearTimeout(timer);
  assert.notEqual(result.signal, 'SIGKILL', `the run hung on a catastrophic regex and was killed after ${HANG_LIMIT_MS / 1000} s`);
  return result;
}

async function evalResults(files: Record<string, string>): Promise<{ r: CliResult; results: RunResults }> {
  const dir = project(files);
  try {
    const r = await runOrKill(['eval', 's.aispec.md', '--json', 'r.json', '--no-save', '--format', 'json'], dir);
    return { r, results: JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResults };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('aispec: spec regexes run in linear time (spawned)', function () {
  this.timeout(HANG_LIMIT_MS + 60_000);
  before(buildCli);

  it('a catastrophic pattern in a regex check finishes: no match, the case fails', async () => {
    const { r, results } = await evalResults({
      's.aispec.md': recordedSpec('', `- id: c1\n  input: hi\n  checks:\n    - { regex: '${CATASTROPHIC}' }\n`),
      'outputs.jsonl': outputsFile({ c1: EVIL_OUTPUT }),
    });
    assert.equal(r.code, 0, r.stderr); // no gates: the verdict is ungated
    const [c1] = results.cases;
    assert.equal(c1!.status, 'fail');
    assert.match(c1!.checks[0]!.reason, /^no match for \/\(a\+\)\+\$\//);
  });

  it('a catastrophic pattern in a classify rule finishes: the rule does not match, the fallback label wins', async () => {
    const { r, results } = await evalResults({
      's.aispec.md': recordedSpec(`labels: [yes, no]\nclassify:\n  yes: { regex: '^${CATASTROPHIC}' }\n  no: { otherwise: true }\n`, '- id: c1\n  input: hi\n  expect: no\n'),
      'outputs.jsonl': outputsFile({ c1: EVIL_OUTPUT }),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(results.cases[0]!.predicted, 'no');
    assert.equal(results.cases[0]!.status, 'pass');
  });

  it('a catastrophic anti-pattern detector finishes: no hit on the evil output, a hit where it matches', async () => {
    const callout = `\n> [!CAUTION]\n> **Anti-pattern: all a.** An output of only a's.\n> Detect: \`/^${CATASTROPHIC}/\`\n`;
    const { r, results } = await evalResults({
      's.aispec.md': recordedSpec('', '- id: evil\n  input: hi\n- id: hit\n  input: hi\n', callout),
      'outputs.jsonl': outputsFile({ evil: EVIL_OUTPUT, hit: 'aaaa' }),
    });
    assert.equal(r.code, 0, r.stderr);
    const byId = new Map(results.cases.map((c) => [c.id, c]));
    assert.equal(byId.get('evil')!.status, 'pass');
    assert.deepEqual(byId.get('evil')!.anti_patterns, []);
    assert.equal(byId.get('hit')!.status, 'fail');
    assert.equal(byId.get('hit')!.anti_patterns![0]!.matched, 'aaaa');
  });

  it('a catastrophic json-schema pattern (pattern and patternProperties) finishes: the output does not match the schema', async () => {
    const pattern = `{ json-schema: { type: object, properties: { name: { type: string, pattern: '^${CATASTROPHIC}' } } } }`;
    const patternProperties = `{ json-schema: { type: object, patternProperties: { '^${CATASTROPHIC}': { type: number } } } }`;
    const { r, results } = await evalResults({
      's.aispec.md': recordedSpec('', `- id: pattern\n  input: hi\n  checks:\n    - ${pattern}\n- id: keys\n  input: hi\n  checks:\n    - ${patternProperties}\n`),
      'outputs.jsonl': outputsFile({ pattern: JSON.stringify({ name: EVIL_OUTPUT }), keys: JSON.stringify({ [EVIL_OUTPUT]: 'text', aaa: 'text' }) }),
    });
    assert.equal(r.code, 0, r.stderr);
    const byId = new Map(results.cases.map((c) => [c.id, c]));
    assert.equal(byId.get('pattern')!.status, 'fail');
    assert.match(byId.get('pattern')!.checks[0]!.reason, /^schema: \/name must match pattern/);
    // Only "aaa" matches the property pattern, and its value is not a number.
    assert.equal(byId.get('keys')!.status, 'fail');
    assert.match(byId.get('keys')!.checks[0]!.reason, /^schema: \/aaa must be number/);
  });

  it('aispec check reports backreferences and lookaround at the pattern, with what to write instead', async () => {
    const callout = '\n> [!CAUTION]\n> **Anti-pattern: echo.** Repeats itself.\n> Detect: `/(?<=said )yes/`\n';
    const text = recordedSpec(
      "labels: [yes, no]\nclassify:\n  yes: { regex: 'yes(?!, but)' }\n  no: { otherwise: true }\n",
      "- id: c1\n  input: hi\n  expect: yes\n  checks:\n    - { regex: '(\\w+) \\1' }\n    - { json-schema: { type: string, pattern: '(?<!un)safe' } }\n    - { json-schema: { type: object, patternProperties: { '^(a)\\1$': {} } } }\n",
      callout,
    );
    const dir = project({ 's.aispec.md': text, 'outputs.jsonl': outputsFile({ c1: 'yes' }) });
    try {
      const r = await runOrKill(['check', 's.aispec.md'], dir);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const at = (needle: string) => {
        const offset = text.indexOf(needle);
        assert.ok(offset >= 0, needle);
        const before = text.slice(0, offset).split('\n');
        return `s.aispec.md:${before.length}:${before.at(-1)!.length + 1}`;
      };
      const line = (needle: string) => r.stdout.split('\n').find((l) => l.startsWith(`${at(needle)} error`)) ?? assert.fail(`nothing reported at ${at(needle)}:\n${r.stdout}`);
      assert.match(line("'yes(?!, but)'"), /lookahead \(`\(\?=`, `\(\?!`\) is not supported: match the text itself, or split into two checks: a `regex` and a `not-regex`/);
      assert.match(line("'(\\w+) \\1'"), /backreferences \(`\\1`, `\\k<name>`\) are not supported: list the alternatives instead/);
      assert.match(line("'(?<!un)safe'"), /pattern: lookbehind \(`\(\?<=`, `\(\?<!`\) is not supported/);
      assert.match(line("'^(a)\\1$'"), /patternProperties: backreferences .* are not supported/);
      assert.match(line('`/(?<=said )yes/`'), /Invalid detector regular expression: lookbehind .* is not supported/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
