// What a spec from a pull request may do with the secrets and programs around a CI run, spawned as CI runs it:
// nothing the person running aispec did not grant with --allow-* (or AISPEC_ALLOW_*). Each attack here names
// a fixture server on 127.0.0.1 as "its own" server, which no grant allows: the run stops before any request
// (exit 2) at the key that asks, with the flag that would allow it, and the server sees nothing. The same
// specs run once the grant is given, so the tests prove the grant and not a broken spec. (`${NAME}` in an
// http target's url is refused the same way; the schema's "uri" format already rejects it in a spec file, so
// test/unit/eval/permissions.test.ts covers it on the policy and the target.)
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnthropicServer, startOpenAIServer, type ModelServer } from '../../fixtures/servers/model-server.js';
import type { RunResults } from '../../../src/shared/results.js';
import { buildCli, runCli, type CliResult } from './run-cli.js';

const STOLEN = 'stolen-secret-value-0123456789';
/** No grant from the machine running the tests leaks in. */
const NO_GRANT_ENV = { AISPEC_ALLOW_COMMAND: undefined, AISPEC_ALLOW_ENV: undefined, AISPEC_ALLOW_HOSTS: undefined, AISPEC_ALLOW_READ: undefined };
const SECRETS = { AWS_SECRET_ACCESS_KEY: STOLEN, GITHUB_TOKEN: STOLEN, OPENAI_API_KEY: STOLEN, ANTHROPIC_API_KEY: STOLEN };

function spec(frontmatter: string, extra = ''): string {
  return `---\naispec: 1\nid: probe\ntitle: Probe\n${frontmatter}\n---\n\n## Goal\nSay hi.\n${extra}\n\`\`\`yaml cases\n- id: a\n  input: hi\n  checks:\n    - icontains: hi\n\`\`\`\n`;
}

/** The 1-based line:col where `needle` starts in `text`. */
function position(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in the spec`);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function sentAnywhere(server: ModelServer, secret: string): boolean {
  return server.requests.some((r) => JSON.stringify(r.headers).includes(secret) || r.raw.includes(secret) || r.path.includes(secret));
}

describe('aispec eval: permissions granted outside the spec (spawned)', function () {
  this.timeout(60_000);
  let dir: string;
  let openai: ModelServer;
  let anthropic: ModelServer;
  before(buildCli);
  before(async () => {
    openai = await startOpenAIServer({ reply: () => 'hi there' });
    anthropic = await startAnthropicServer({ reply: () => 'hi there' });
  });
  after(async () => {
    await openai.close();
    await anthropic.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-permissions-'));
    writeFileSync(join(dir, 'aispec.config.json'), '{}\n');
    openai.requests.length = 0;
    anthropic.requests.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const evaluate = (text: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<CliResult> => {
    writeFileSync(join(dir, 's.aispec.md'), text);
    return runCli(['eval', 's.aispec.md', '--no-save', '--no-cache', '-q', ...args], { cwd: dir, env: { ...NO_GRANT_ENV, ...SECRETS, ...env } });
  };

  /** Stopped before any request, exit 2, at `needle`'s position with `message`; no secret anywhere. */
  function refused(r: CliResult, text: string, needle: string, message: RegExp): void {
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const line = r.stderr.split('\n').find((l) => l.includes(' error permission '));
    assert.ok(line, r.stderr);
    assert.ok(line.startsWith(`s.aispec.md:${position(text, needle)} error permission `), `${line} (expected at ${position(text, needle)})`);
    assert.match(line, message);
    assert.match(r.stderr, /nothing ran/);
    assert.equal(openai.requests.length + anthropic.requests.length, 0, 'no request at all');
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(STOLEN));
  }

  it('api_key_env: AWS_SECRET_ACCESS_KEY with its own base_url is stopped, naming both flags; granted, it is sent', async () => {
    const host = new URL(openai.url).host;
    const text = spec(`target:\n  provider: openai\n  model: m\n  base_url: "${openai.url}"\n  api_key_env: AWS_SECRET_ACCESS_KEY`);
    const r = await evaluate(text);
    refused(r, text, 'api_key_env', new RegExp(`target\\.api_key_env: the spec asks to send the environment variable AWS_SECRET_ACCESS_KEY to ${escape(host)}; to allow it, run with --allow-env AWS_SECRET_ACCESS_KEY --allow-host ${escape(host)} \\(or set AISPEC_ALLOW_ENV / AISPEC_ALLOW_HOSTS\\)$`));

    const granted = await evaluate(text, ['--allow-env', 'AWS_SECRET_ACCESS_KEY', '--allow-host', host]);
    assert.equal(granted.code, 0, granted.stderr);
    assert.equal(openai.requests[0]?.headers.authorization, `Bearer ${STOLEN}`);
  });

  it('the environment forms grant the same: AISPEC_ALLOW_ENV and AISPEC_ALLOW_HOSTS (a name matches any port)', async () => {
    const text = spec(`target: { provider: openai, model: m, base_url: "${openai.url}", api_key_env: AWS_SECRET_ACCESS_KEY }`);
    const r = await evaluate(text, [], { AISPEC_ALLOW_ENV: 'OTHER,AWS_SECRET_ACCESS_KEY', AISPEC_ALLOW_HOSTS: 'example.com,127.0.0.1' });
    assert.equal(r.code, 0, r.stderr);
    // The variable alone is not enough: the host must be granted too.
    assert.equal((await evaluate(text, ['--allow-env', 'AWS_SECRET_ACCESS_KEY'])).code, 2);
    // Nor a grant of another port on that host.
    assert.equal((await evaluate(text, ['--allow-env', 'AWS_SECRET_ACCESS_KEY', '--allow-host', '127.0.0.1:1'])).code, 2);
  });

  for (const [name, frontmatter, needle, key] of [
    ['an openai target header', () => `target:\n  provider: openai\n  model: m\n  base_url: "${openai.url}"\n  headers:\n    X-Token: "\${GITHUB_TOKEN}"`, 'X-Token', 'target.headers.X-Token'],
    ['an anthropic target header', () => `target:\n  provider: anthropic\n  model: m\n  base_url: "${anthropic.url}"\n  headers:\n    X-Token: "token \${GITHUB_TOKEN}"`, 'X-Token', 'target.headers.X-Token'],
    ['an http target header', () => `target:\n  provider: http\n  url: "${openai.origin}/hook"\n  headers:\n    Authorization: "Bearer \${GITHUB_TOKEN}"`, 'Authorization', 'target.headers.Authorization'],
  ] as const) {
    it(`\${GITHUB_TOKEN} in ${name} is stopped before any request`, async () => {
      const text = spec(frontmatter());
      const r = await evaluate(text);
      refused(r, text, needle, new RegExp(`${escape(key)}: the spec asks to send the environment variable GITHUB_TOKEN to 127\\.0\\.0\\.1:\\d+; to allow it, run with --allow-env GITHUB_TOKEN --allow-host 127\\.0\\.0\\.1:\\d+`));
    });
  }

  it('a judge with api_key_env: GITHUB_TOKEN is stopped, even with the official host (the variable is not granted)', async () => {
    writeFileSync(join(dir, 'out.jsonl'), '{"id":"a","output":"hi"}\n');
    const rubric = '\n```yaml rubric\n- id: polite\n  criterion: The reply is polite.\n```\n';
    const text = spec(`target: { provider: recorded, path: out.jsonl }\njudge:\n  provider: openai\n  model: j\n  api_key_env: GITHUB_TOKEN`, rubric);
    const r = await evaluate(text);
    refused(r, text, 'api_key_env', /judge\.api_key_env: the spec asks to send the environment variable GITHUB_TOKEN to api\.openai\.com; to allow it, run with --allow-env GITHUB_TOKEN \(or set AISPEC_ALLOW_ENV\)$/);
  });

  it('OPENAI_API_KEY is not sent to a base_url of the spec; a 401 there says which grant would send it', async () => {
    const denying = await startOpenAIServer({ script: (req) => (req.headers.authorization ? undefined : { kind: 'status', status: 401, body: '{"error":{"message":"no key"}}' }) });
    try {
      const host = new URL(denying.url).host;
      const text = spec(`target: { provider: openai, model: m, base_url: "${denying.url}" }`);
      const r = await evaluate(text, ['--json', 'r.json']);
      assert.equal(denying.requests.length > 0, true, 'it runs, keyless');
      assert.equal(sentAnywhere(denying, STOLEN), false, 'no key was sent');
      const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResults;
      assert.match(results.cases[0]!.reason, new RegExp(`HTTP 401 .*No key was sent because ${escape(host)} is not the provider's official host: to send OPENAI_API_KEY there, run with --allow-host ${escape(host)} \\(or set AISPEC_ALLOW_HOSTS\\)\\.`));
      assert.notEqual(r.code, 0);

      denying.requests.length = 0;
      const granted = await evaluate(text, ['--allow-host', host]);
      assert.equal(granted.code, 0, granted.stderr);
      assert.equal(denying.requests[0]?.headers.authorization, `Bearer ${STOLEN}`, 'the provider key goes to a granted host');
    } finally {
      await denying.close();
    }
  });

  it('a local server the spec names without a key runs without one (a local Ollama needs no grant)', async () => {
    const r = await evaluate(spec(`target: { provider: openai, model: llama3, base_url: "${openai.url}" }`));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(openai.requests[0]?.headers.authorization, undefined);
  });

  it('a command target does not run without --allow-command (or AISPEC_ALLOW_COMMAND=1)', async () => {
    const marker = join(dir, 'ran.marker');
    const text = spec(`target:\n  provider: command\n  command: [node, -e, "require('fs').writeFileSync('ran.marker', 'x'); process.stdout.write('hi')"]`);
    const r = await evaluate(text);
    refused(r, text, 'provider', /target\.provider: the spec runs a program \(a command target\); to allow it, run with --allow-command \(or set AISPEC_ALLOW_COMMAND=1\)$/);
    assert.equal(existsSync(marker), false, 'the program never started');

    assert.equal((await evaluate(text, ['--allow-command'])).code, 0);
    assert.equal(existsSync(marker), true);
    rmSync(marker);
    assert.equal((await evaluate(text, [], { AISPEC_ALLOW_COMMAND: '1' })).code, 0);
    assert.equal(existsSync(marker), true);
  });

  it('a command check (your own grader) does not run without --allow-command: exit 2 at its key; granted, it grades', async () => {
    const marker = join(dir, 'graded.marker');
    // The grader is named relative to the spec's folder, and passes outputs that mention "hi".
    writeFileSync(
      join(dir, 'grader.mjs'),
      "import { writeFileSync } from 'node:fs';\nlet s = '';\nprocess.stdin.on('data', (d) => (s += d));\nprocess.stdin.on('end', () => {\n  writeFileSync('graded.marker', s);\n  const { output } = JSON.parse(s);\n  process.stdout.write(JSON.stringify({ pass: output.includes('hi'), score: 1, reason: 'says hi' }));\n});\n",
    );
    const text = `---\naispec: 1\nid: probe\ntitle: Probe\ntarget: { provider: openai, model: llama3, base_url: "${openai.url}" }\n---\n\n## Goal\nSay hi.\n\`\`\`yaml cases\n- id: a\n  input: hi\n  checks:\n    - command: [node, grader.mjs]\n\`\`\`\n`;
    const r = await evaluate(text);
    refused(r, text, 'command: [node', /cases\[0\]\.checks\[0\]\.command: the spec runs a program to grade outputs \(a command check of case "a"\); to allow it, run with --allow-command \(or set AISPEC_ALLOW_COMMAND=1\)$/);
    assert.equal(existsSync(marker), false, 'the grader never started');

    const granted = await evaluate(text, ['--allow-command', '--json', 'r.json']);
    assert.equal(granted.code, 0, granted.stderr);
    const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResults;
    assert.deepEqual(results.cases[0]!.checks, [{ kind: 'command', passed: true, reason: 'says hi', score: 1, source: 'case' }]);
    assert.deepEqual(JSON.parse(readFileSync(marker, 'utf8')), { case: { id: 'a', input: 'hi', vars: {}, tags: [] }, output: 'hi there' });
  });

  it('every problem is listed, not just the first', async () => {
    const text = spec(`target:\n  provider: http\n  url: "${openai.origin}/x"\n  headers:\n    X-A: "\${AWS_SECRET_ACCESS_KEY}"\n    X-B: "\${GITHUB_TOKEN}"`);
    const r = await evaluate(text);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split('\n').filter((l) => l.includes(' error permission ')).length, 2, r.stderr);
  });

  it('a malformed grant is a usage error (exit 2)', async () => {
    const text = spec('target: { provider: recorded, path: out.jsonl }');
    const r = await evaluate(text, ['--allow-host', 'https://example.com/v1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a host: give the host name/);
  });

  it('--allow-read lets check and eval read a case file outside the project', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'aispec-outside-'));
    try {
      mkdirSync(join(outside, 'data'));
      writeFileSync(join(outside, 'data', 'cases.jsonl'), '{"id":"a","input":"hi","checks":[{"icontains":"hi"}]}\n');
      writeFileSync(join(dir, 'out.jsonl'), '{"id":"a","output":"hi"}\n');
      const text = `---\naispec: 1\nid: probe\ntitle: Probe\ntarget: { provider: recorded, path: out.jsonl }\ncases: ${join(outside, 'data', 'cases.jsonl')}\n---\n\n## Goal\nSay hi.\n`;
      writeFileSync(join(dir, 's.aispec.md'), text);
      const env = { ...NO_GRANT_ENV };
      assert.equal((await runCli(['check', 's.aispec.md'], { cwd: dir, env })).code, 1, 'outside the project: an error');
      assert.equal((await runCli(['check', 's.aispec.md', '--allow-read', join(outside, 'data')], { cwd: dir, env })).code, 0);
      assert.equal((await runCli(['eval', 's.aispec.md', '--no-save', '-q'], { cwd: dir, env: { ...env, AISPEC_ALLOW_READ: outside } })).code, 0);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
