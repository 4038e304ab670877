// The permission policy (core eval/permissions.ts): the allow rule, host rules, the secret uses a spec's
// frontmatter implies, the problems a run reports, and the runtime guard the targets read secrets through.
import assert from 'node:assert/strict';
import { parseSpec } from '../../../src/core/spec/parse.js';
import { commandCheckUses, destinationOf, NO_GRANTS, permissionDiagnostics, parseHostRule, permissionProblems, permittedSecrets, secretAllowed, secretUses, type Grants, type HttpRequest } from '../../../src/core/index.js';
import { createChatModel, createTarget } from '../../../src/core/eval/targets/index.js';
import { CLI_GRANT_ADVICE } from '../../../src/node/grants.js';
import { memorySecrets } from '../../support/memory-host.js';
import { caseError, makeDeps, never } from './targets/helpers.js';

const grants = (patch: Partial<Grants>): Grants => ({ ...NO_GRANTS, ...patch });
const testCase = { id: 'a', input: 'hi', tags: [], checks: [], vars: {}, meta: {}, raw: {}, range: { file: 'x', start: 0, end: 0 }, line: 1, locate: () => ({ value: { file: 'x', start: 0, end: 0 } }) };

/** An HttpClient that records requests and answers every one with `status`. */
function recordingHttp(status = 200) {
  const requests: HttpRequest[] = [];
  return {
    requests,
    send: async (request: HttpRequest) => {
      requests.push(request);
      const body = status === 200 ? { choices: [{ message: { role: 'assistant', content: 'ok' } }] } : { error: { message: 'no key' } };
      return { status, headers: {}, text: JSON.stringify(body), json: body };
    },
  };
}

describe('permissions: the allow rule', () => {
  it('a provider key goes to its official host (https, default port) without a grant, nowhere else', () => {
    assert.equal(secretAllowed('OPENAI_API_KEY', 'https://api.openai.com/v1', NO_GRANTS), true);
    assert.equal(secretAllowed('OPENAI_API_KEY', 'HTTPS://API.OpenAI.com:443/v1', NO_GRANTS), true);
    assert.equal(secretAllowed('ANTHROPIC_API_KEY', 'https://api.anthropic.com', NO_GRANTS), true);
    assert.equal(secretAllowed('OPENAI_API_KEY', 'http://api.openai.com/v1', NO_GRANTS), false, 'not over plain http');
    assert.equal(secretAllowed('OPENAI_API_KEY', 'https://api.openai.com:8443/v1', NO_GRANTS), false, 'not on another port');
    assert.equal(secretAllowed('OPENAI_API_KEY', 'http://127.0.0.1:11434/v1', NO_GRANTS), false, 'not to a spec\'s own base_url');
    assert.equal(secretAllowed('OPENAI_API_KEY', 'https://api.openai.com.evil.example/v1', NO_GRANTS), false);
  });

  it('reads the host as the HTTP client will: userinfo and backslash tricks do not pass for the official host', () => {
    assert.equal(secretAllowed('OPENAI_API_KEY', 'https://api.openai.com@evil.example/v1', NO_GRANTS), false);
    assert.equal(secretAllowed('OPENAI_API_KEY', 'https://evil.example\\@api.openai.com/v1', NO_GRANTS), false);
    assert.equal(destinationOf('https://api.openai.com@evil.example/v1')?.hostname, 'evil.example');
  });

  it('any other variable needs --allow-env; any other host needs --allow-host', () => {
    assert.equal(secretAllowed('GITHUB_TOKEN', 'https://api.openai.com/v1', NO_GRANTS), false);
    assert.equal(secretAllowed('GITHUB_TOKEN', 'https://api.openai.com/v1', grants({ env: new Set(['GITHUB_TOKEN']) })), true);
    assert.equal(secretAllowed('GITHUB_TOKEN', 'https://gw.example.com/v1', grants({ env: new Set(['GITHUB_TOKEN']) })), false);
    assert.equal(secretAllowed('GITHUB_TOKEN', 'https://gw.example.com/v1', grants({ hosts: [{ host: 'gw.example.com' }] })), false);
    assert.equal(secretAllowed('GITHUB_TOKEN', 'https://GW.example.com:8443/v1', grants({ env: new Set(['GITHUB_TOKEN']), hosts: [{ host: 'gw.example.com' }] })), true);
    assert.equal(secretAllowed('OPENAI_API_KEY', 'http://localhost:8080/v1', grants({ hosts: [{ host: 'localhost', port: 8080 }] })), true, 'a provider key needs only the host');
    assert.equal(secretAllowed('OPENAI_API_KEY', 'http://localhost:8081/v1', grants({ hosts: [{ host: 'localhost', port: 8080 }] })), false, 'host:port is that port only');
    assert.equal(secretAllowed('K', 'http://[::1]:8080/x', grants({ env: new Set(['K']), hosts: [parseHostRule('[::1]:8080')] })), true);
  });

  it('a host that depends on the case, or a URL that is not http(s), gets no secret whatever the grants', () => {
    const all = grants({ env: new Set(['K']), hosts: [{ host: 'example.com' }] });
    assert.equal(secretAllowed('K', 'https://{{vars.host}}/x', all), false);
    assert.equal(secretAllowed('K', 'https://example.com{{vars.suffix}}/x', all), false);
    assert.equal(secretAllowed('K', 'file:///etc/passwd', all), false);
    assert.equal(secretAllowed('K', 'https://example.com/x/{{input}}?k=${K}', all), true, 'templates in the path are fine');
  });

  it('host rules: names, IPs, ports and bracketed IPv6; no URLs, wildcards or bare IPv6', () => {
    assert.deepEqual(parseHostRule(' Gateway.Example.com '), { host: 'gateway.example.com' });
    assert.deepEqual(parseHostRule('127.0.0.1:11434'), { host: '127.0.0.1', port: 11434 });
    assert.deepEqual(parseHostRule('[::1]'), { host: '[::1]' });
    assert.deepEqual(parseHostRule('[0:0::1]:8080'), { host: '[::1]', port: 8080 }, 'the parser\'s own spelling of an address');
    assert.throws(() => parseHostRule('https://gw.example.com/v1'), /not a URL/);
    assert.throws(() => parseHostRule('*.example.com'), /wildcards/);
    assert.throws(() => parseHostRule('::1'), /brackets/);
    assert.throws(() => parseHostRule('gw:0'), /1 to 65535/);
  });
});

describe('permissions: what a spec asks for', () => {
  it('lists every secret use with its key, the implied provider key apart', () => {
    const uses = secretUses({
      target: { provider: 'http', url: 'https://h.example/x?k=${URL_KEY}', headers: { Authorization: 'Bearer ${TOKEN}' } },
      judge: { provider: 'anthropic', model: 'j', base_url: 'http://127.0.0.1:1' },
    });
    assert.deepEqual(uses.map((u) => [u.variable, u.path.join('.'), u.implied]), [
      ['URL_KEY', 'target.url', false],
      ['TOKEN', 'target.headers.Authorization', false],
      ['ANTHROPIC_API_KEY', 'judge.base_url', true],
    ]);
    // A header named like the provider's auth header replaces the key: no implied key then.
    assert.deepEqual(secretUses({ target: { provider: 'openai', model: 'm', headers: { 'api-key': '${AZ}' } } }).map((u) => u.variable), ['AZ']);
  });

  it('${NAME} in an http target url is a problem at target.url; an implied key never is', () => {
    const problems = permissionProblems({ target: { provider: 'http', url: 'http://127.0.0.1:9/x?key=${GITHUB_TOKEN}' } }, NO_GRANTS, CLI_GRANT_ADVICE);
    assert.deepEqual(problems.map((p) => p.path.join('.')), ['target.url']);
    assert.match(problems[0]!.message, /^target\.url: the spec asks to send the environment variable GITHUB_TOKEN to 127\.0\.0\.1:9; to allow it, run with --allow-env GITHUB_TOKEN --allow-host 127\.0\.0\.1:9 \(or set AISPEC_ALLOW_ENV \/ AISPEC_ALLOW_HOSTS\)$/);
    assert.deepEqual(permissionProblems({ target: { provider: 'openai', model: 'm', base_url: 'http://127.0.0.1:9/v1' } }, NO_GRANTS, CLI_GRANT_ADVICE), []);
  });

  it('a command target needs the command grant; a recorded target and no target need nothing', () => {
    assert.match(permissionProblems({ target: { provider: 'command', command: 'x' } }, NO_GRANTS, CLI_GRANT_ADVICE)[0]!.message, /--allow-command/);
    assert.deepEqual(permissionProblems({ target: { provider: 'command', command: 'x' } }, grants({ command: true }), CLI_GRANT_ADVICE), []);
    assert.deepEqual(permissionProblems({ target: { provider: 'recorded', path: 'x' } }, NO_GRANTS, CLI_GRANT_ADVICE), []);
    assert.deepEqual(permissionProblems({}, NO_GRANTS, CLI_GRANT_ADVICE), []);
  });

  it('a command check (your own grader) needs the command grant, located at its key in the case or the criterion', () => {
    const text = [
      '---',
      'aispec: 1',
      'id: graded',
      'title: Graded',
      '---',
      '```yaml rubric',
      '- id: cites',
      '  criterion: Cites a source.',
      '  check: { command: [node, graders/cites.js] }',
      '```',
      '```yaml cases',
      '- id: a',
      '  input: hi',
      '  checks:',
      '    - contains: hi',
      '    - command: [python3, graders/tone.py]',
      '      timeout_ms: 5000',
      '- id: b',
      '  input: bye',
      '```',
      '',
    ].join('\n');
    const spec = parseSpec(text, '/p/graded.aispec.md');
    const uses = commandCheckUses(spec);
    assert.deepEqual(uses.map((u) => [u.path, u.owner]), [
      [['cases', 0, 'checks', 1, 'command'], 'case "a"'],
      [['rubric', 'cites', 'check', 'command'], 'criterion "cites"'],
    ]);
    const problems = permissionProblems({ commandChecks: uses }, NO_GRANTS, CLI_GRANT_ADVICE);
    assert.deepEqual(problems.map((p) => p.message), [
      'cases[0].checks[1].command: the spec runs a program to grade outputs (a command check of case "a"); to allow it, run with --allow-command (or set AISPEC_ALLOW_COMMAND=1)',
      'rubric.cites.check.command: the spec runs a program to grade outputs (a command check of criterion "cites"); to allow it, run with --allow-command (or set AISPEC_ALLOW_COMMAND=1)',
    ]);
    const diagnostics = permissionDiagnostics(spec, problems);
    const at = (d: { range: { start: number } }) => text.slice(d.range.start, d.range.start + 'command'.length);
    assert.deepEqual(diagnostics.map(at), ['command', 'command']);
    assert.ok(diagnostics[0]!.range.start === text.indexOf('command: [python3'), 'the case check\'s key');
    assert.ok(diagnostics[1]!.range.start === text.indexOf('command: [node'), 'the criterion check\'s key');
    assert.deepEqual(permissionProblems({ commandChecks: uses }, grants({ command: true }), CLI_GRANT_ADVICE), []);
  });
});

describe('permissions: the runtime guard', () => {
  it('an http target cannot read a secret for its url without the grant, and sends nothing', async () => {
    const http = recordingHttp();
    const secrets = permittedSecrets(memorySecrets({ GITHUB_TOKEN: 'ghp-secret-1234' }), NO_GRANTS, CLI_GRANT_ADVICE);
    const target = await createTarget({ provider: 'http', url: 'http://127.0.0.1:9/x?key=${GITHUB_TOKEN}' }, makeDeps({ http, secrets }));
    await caseError(target.preflight!(), /GITHUB_TOKEN to 127\.0\.0\.1:9; to allow it/);
    await caseError(target.run(testCase, never()), /GITHUB_TOKEN/);
    assert.equal(http.requests.length, 0);
  });

  it('a secret asked for without a destination is never read', async () => {
    const secrets = permittedSecrets(memorySecrets({ OPENAI_API_KEY: 'sk-1234' }), NO_GRANTS, CLI_GRANT_ADVICE);
    await assert.rejects(secrets.get('OPENAI_API_KEY'), /without saying where it goes/);
    assert.equal(await secrets.get('OPENAI_API_KEY', 'https://api.openai.com/v1'), 'sk-1234');
  });

  it('OPENAI_API_KEY is withheld from a base_url that is not the official host; a 401 says which grant sends it', async () => {
    const http = recordingHttp(401);
    const secrets = permittedSecrets(memorySecrets({ OPENAI_API_KEY: 'sk-live-1234567890' }), NO_GRANTS, CLI_GRANT_ADVICE);
    const target = await createTarget({ provider: 'openai', model: 'm', base_url: 'http://127.0.0.1:9/v1' }, makeDeps({ http, secrets }));
    await target.preflight!();
    await caseError(target.run(testCase, never()), /HTTP 401 .*No key was sent because 127\.0\.0\.1:9 is not the provider's official host: to send OPENAI_API_KEY there, run with --allow-host 127\.0\.0\.1:9 \(or set AISPEC_ALLOW_HOSTS\)\./);
    assert.equal(http.requests.length, 1);
    assert.equal(http.requests[0]!.headers.authorization, undefined);
    assert.doesNotMatch(JSON.stringify(http.requests), /sk-live/);
  });

  it('a judge with api_key_env: GITHUB_TOKEN gets no key even at the official host', async () => {
    const http = recordingHttp();
    const secrets = permittedSecrets(memorySecrets({ GITHUB_TOKEN: 'ghp-secret-1234' }), NO_GRANTS, CLI_GRANT_ADVICE);
    const judge = createChatModel({ provider: 'openai', model: 'j', api_key_env: 'GITHUB_TOKEN' }, { http, secrets });
    await caseError(judge.preflight!(), /GITHUB_TOKEN to api\.openai\.com; to allow it, run with --allow-env GITHUB_TOKEN/);
    assert.equal(http.requests.length, 0);
  });
});
