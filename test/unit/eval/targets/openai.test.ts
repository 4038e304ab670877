import assert from 'node:assert/strict';
import { createChatModel, createTarget, TargetConfigError } from '../../../../src/core/eval/targets/index.js';
import type { ChatModel, Target } from '../../../../src/core/eval/types.js';
import { startOpenAIServer, type ModelServer } from '../../../fixtures/servers/model-server.js';
import { memorySecrets } from '../../../support/memory-host.js';
import { caseError, makeCase, makeDeps, never } from './helpers.js';

const KEY = 'sk-test-0123456789abcdefSECRET';

describe('targets: openai', () => {
  let server: ModelServer;
  let deps: ReturnType<typeof makeDeps>;

  beforeEach(async () => {
    server = await startOpenAIServer();
    deps = makeDeps({ secrets: memorySecrets({ OPENAI_API_KEY: KEY, OTHER_KEY: 'other-secret-value-42' }) });
  });
  afterEach(async () => {
    await deps.http.close();
    await server.close();
  });

  it('sends the Chat Completions request exactly and reads output and usage', async () => {
    const target = await createTarget(
      { provider: 'openai', model: 'gpt-4o-mini', base_url: server.url, system: 'Be brief about {{vars.topic}}.', temperature: 0, max_tokens: 50, headers: { 'X-Org': 'acme' } },
      deps,
    );
    const result = await target.run(makeCase({ id: 'a', input: 'What is {{vars.topic}}?', vars: { topic: 'tea' } }), never());
    assert.equal(server.requests.length, 1);
    const req = server.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/v1/chat/completions');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['x-org'], 'acme');
    assert.deepEqual(req.body, {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief about tea.' },
        { role: 'user', content: 'What is tea?' },
      ],
      temperature: 0,
      max_tokens: 50,
    });
    assert.equal(result.output, 'echo: What is tea?');
    assert.deepEqual(result.usage, { input_tokens: 7, output_tokens: 4 });
    assert.ok(typeof result.latency_ms === 'number' && result.latency_ms >= 0);
  });

  it('reads system_file through the host, sends case messages as given, omits unset params', async () => {
    const target = await createTarget({ provider: 'openai', model: 'm', base_url: server.url, system_file: 'system.txt' }, deps);
    await target.run(
      makeCase({ id: 'b', vars: { company: 'Acme' }, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: 'bye' }] }),
      never(),
    );
    assert.deepEqual(server.requests[0]!.body, {
      model: 'm',
      messages: [
        { role: 'system', content: 'You are a support bot for Acme.\n' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'bye' },
      ],
    });
    assert.match(target.fingerprint, /You are a support bot for \{\{vars\.company\}\}/);
  });

  it('is the judge ChatModel: json asks for a json_object response format', async () => {
    const judge: ChatModel = createChatModel({ provider: 'openai', model: 'judge-1', base_url: server.url, temperature: 0 }, deps);
    const out = await judge.complete([{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'grade' }], { signal: never(), json: true });
    assert.equal(out.output, 'echo: grade');
    assert.deepEqual(server.requests[0]!.body, {
      model: 'judge-1',
      messages: [{ role: 'system', content: 'Answer in JSON.' }, { role: 'user', content: 'grade' }],
      temperature: 0,
      response_format: { type: 'json_object' },
    });
  });

  it('fingerprint: stable, covers model/base_url/system/params, never the key', async () => {
    const config = { provider: 'openai', model: 'm', base_url: server.url, system: 's', temperature: 0.2, headers: { Authorization: 'Bearer ${OTHER_KEY}' } };
    const a = await createTarget(config, deps);
    const b = await createTarget({ ...config }, deps);
    const c = await createTarget({ ...config, temperature: 0.3 }, deps);
    assert.equal(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, c.fingerprint);
    const parsed = JSON.parse(a.fingerprint);
    assert.deepEqual(parsed, { base_url: server.url, headers: { authorization: 'Bearer ${OTHER_KEY}' }, model: 'm', provider: 'openai', system: 's', temperature: 0.2 });
    await a.run(makeCase({ id: 'x', input: 'q' }), never());
    assert.ok(!a.fingerprint.includes(KEY) && !a.fingerprint.includes('other-secret-value-42'));
    // An explicit Authorization header replaces the Bearer key.
    assert.equal(server.requests[0]!.headers.authorization, 'Bearer other-secret-value-42');
    const literal = await createTarget({ ...config, headers: { 'api-key': 'literal-secret-in-spec' } }, deps);
    assert.ok(!literal.fingerprint.includes('literal-secret-in-spec'));
  });

  it('a missing key is a CaseError naming the variable and how to set it', async () => {
    const target = await createTarget({ provider: 'openai', model: 'm', api_key_env: 'MY_OPENAI_KEY', base_url: server.url }, deps);
    const error = await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()));
    assert.match(error.message, /MY_OPENAI_KEY/);
    assert.match(error.message, /export MY_OPENAI_KEY=\.\.\./);
    assert.match(error.message, /aispec: Set API Key/);
    assert.equal(server.requests.length, 0);
  });

  it('the default OpenAI URL needs OPENAI_API_KEY; a local server without a named key gets no Authorization', async () => {
    const noKeys = makeDeps({ secrets: memorySecrets({}) });
    try {
      const openai = await createTarget({ provider: 'openai', model: 'm' }, noKeys);
      await caseError(openai.run(makeCase({ id: 'a', input: 'q' }), never()), /OPENAI_API_KEY.*not set/);
      const local = await createTarget({ provider: 'openai', model: 'llama3', base_url: server.url }, noKeys);
      const out = await local.run(makeCase({ id: 'a', input: 'q' }), never());
      assert.equal(out.output, 'echo: q');
      assert.equal(server.requests[0]!.headers.authorization, undefined);
    } finally {
      await noKeys.http.close();
    }
  });

  it('an error body that echoes the key is scrubbed; the message has status and excerpt', async () => {
    await server.close();
    server = await startOpenAIServer({
      script: (req) => ({
        kind: 'status',
        status: 401,
        body: JSON.stringify({ error: { message: `Incorrect API key provided: ${String(req.headers.authorization)} (key ${KEY}, url ?key=${encodeURIComponent(KEY)})`, type: 'invalid_request_error' } }),
      }),
    });
    const target: Target = await createTarget({ provider: 'openai', model: 'm', base_url: server.url }, deps);
    const error = await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()));
    assert.match(error.message, /HTTP 401 Unauthorized/);
    assert.match(error.message, /Incorrect API key provided/);
    assert.match(error.message, /Check the key in OPENAI_API_KEY/);
    assert.ok(!error.message.includes(KEY), error.message);
    assert.ok(!error.message.includes(KEY.slice(3)), error.message);
    assert.ok(!(error.stack ?? '').includes(KEY));
    assert.equal(error.retryable, false);
    assert.equal(server.requests.length, 1, '401 is not retried');
  });

  it('a case with neither input nor messages, or a missing var, is a CaseError', async () => {
    const target = await createTarget({ provider: 'openai', model: 'm', base_url: server.url, system: 'For {{vars.who}}' }, deps);
    await caseError(target.run(makeCase({ id: 'empty', vars: { who: 'x' } }), never()), /neither "input" nor "messages"/);
    await caseError(target.run(makeCase({ id: 'novar', input: 'q' }), never()), /case "novar" has no var "who"/);
    assert.equal(server.requests.length, 0);
  });

  it('bad config rejects with TargetConfigError', async () => {
    await assert.rejects(createTarget({ provider: 'openai' }, deps), (e: unknown) => e instanceof TargetConfigError && /needs "model"/.test(e.message));
    await assert.rejects(createTarget({ provider: 'openai', model: 'm', system_file: 'nope.txt' }, deps), /system_file "nope.txt" could not be read/);
    await assert.rejects(createTarget({ provider: 'gemini' }, deps), /target.provider must be one of/);
  });

  it('reads refusals, array content, and reports tool calls and missing choices', async () => {
    await server.close();
    const bodies = [
      { choices: [{ message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop' }] },
      { choices: [{ message: { role: 'assistant', content: [{ type: 'text', text: 'part 1, ' }, { type: 'text', text: 'part 2' }] } }] },
      { choices: [{ message: { role: 'assistant', content: null, tool_calls: [{ id: 't' }] }, finish_reason: 'tool_calls' }] },
      { object: 'list', data: [] },
    ];
    server = await startOpenAIServer({ script: (req) => ({ kind: 'raw', status: 200, body: JSON.stringify(bodies[req.index]) }) });
    const target = await createTarget({ provider: 'openai', model: 'm', base_url: server.url }, deps);
    const c = makeCase({ id: 'a', input: 'q' });
    assert.equal((await target.run(c, never())).output, 'I cannot help with that.');
    assert.equal((await target.run(c, never())).output, 'part 1, part 2');
    await caseError(target.run(c, never()), /tool call/);
    await caseError(target.run(c, never()), /no "choices" \(top-level keys: object, data\)/);
  });
});
