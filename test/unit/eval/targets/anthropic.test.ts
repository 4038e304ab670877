import assert from 'node:assert/strict';
import { createChatModel, createTarget } from '../../../../src/core/eval/targets/index.js';
import { startAnthropicServer, type ModelServer } from '../../../fixtures/servers/model-server.js';
import { memorySecrets } from '../../../support/memory-host.js';
import { caseError, makeCase, makeDeps, never } from './helpers.js';

const KEY = 'sk-ant-api03-TESTKEY-0123456789';

describe('targets: anthropic', () => {
  let server: ModelServer;
  let deps: ReturnType<typeof makeDeps>;

  beforeEach(async () => {
    server = await startAnthropicServer();
    deps = makeDeps({ secrets: memorySecrets({ ANTHROPIC_API_KEY: KEY }) });
  });
  afterEach(async () => {
    await deps.http.close();
    await server.close();
  });

  it('sends the Messages request exactly (headers, top-level system, default max_tokens) and reads text and usage', async () => {
    const target = await createTarget({ provider: 'anthropic', model: 'claude-sonnet-4-5', base_url: server.url, system: 'You help {{vars.who}}.', temperature: 0.5 }, deps);
    const out = await target.run(makeCase({ id: 'a', input: 'Hi there', vars: { who: 'cooks' } }), never());
    const req = server.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/v1/messages');
    assert.equal(req.headers['x-api-key'], KEY);
    assert.equal(req.headers['anthropic-version'], '2023-06-01');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers.authorization, undefined);
    assert.deepEqual(req.body, {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: 'You help cooks.',
      messages: [{ role: 'user', content: 'Hi there' }],
      temperature: 0.5,
    });
    assert.equal(out.output, 'echo: Hi there');
    assert.deepEqual(out.usage, { input_tokens: 5, output_tokens: 3 });
  });

  it('joins text blocks, skips non-text blocks, counts cache tokens as input', async () => {
    await server.close();
    server = await startAnthropicServer({
      script: [
        {
          kind: 'raw',
          status: 200,
          body: JSON.stringify({
            type: 'message',
            content: [{ type: 'thinking', thinking: '...' }, { type: 'text', text: 'Hello, ' }, { type: 'text', text: 'world' }],
            usage: { input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 2 },
          }),
        },
        { kind: 'raw', status: 200, body: JSON.stringify({ type: 'message', content: [{ type: 'tool_use', id: 't' }], stop_reason: 'tool_use' }) },
      ],
    });
    const target = await createTarget({ provider: 'anthropic', model: 'm', base_url: server.url, max_tokens: 10 }, deps);
    const out = await target.run(makeCase({ id: 'a', input: 'q' }), never());
    assert.equal(out.output, 'Hello, world');
    assert.deepEqual(out.usage, { input_tokens: 100, output_tokens: 2 });
    await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()), /no text block \(blocks: tool_use; stop_reason: "tool_use"\)/);
  });

  it('case system messages join the system prompt; a base_url ending in /v1 is not doubled', async () => {
    const target = await createTarget({ provider: 'anthropic', model: 'm', base_url: `${server.url}/v1`, system: 'Top.' }, deps);
    await target.run(makeCase({ id: 'a', messages: [{ role: 'system', content: 'Case rule.' }, { role: 'user', content: 'u' }] }), never());
    assert.equal(server.requests[0]!.path, '/v1/messages');
    assert.deepEqual(server.requests[0]!.body, { model: 'm', max_tokens: 1024, system: 'Top.\n\nCase rule.', messages: [{ role: 'user', content: 'u' }] });
  });

  it('as the judge ChatModel: temperature 0 by default, json adds an instruction to the system text', async () => {
    const judge = createChatModel({ provider: 'anthropic', model: 'j', base_url: server.url }, deps);
    await judge.complete([{ role: 'user', content: 'grade' }], { signal: never(), json: true });
    assert.deepEqual(server.requests[0]!.body, {
      model: 'j',
      max_tokens: 1024,
      system: 'Answer with a single JSON object and nothing else.',
      messages: [{ role: 'user', content: 'grade' }],
      temperature: 0,
    });
    assert.throws(() => createChatModel({ provider: 'cohere', model: 'x' }, deps), /judge.provider must be openai or anthropic/);
  });

  it('missing key: CaseError names ANTHROPIC_API_KEY; fingerprint never has the key', async () => {
    const none = makeDeps({ secrets: memorySecrets({}) });
    try {
      const target = await createTarget({ provider: 'anthropic', model: 'm' }, none);
      await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()), /ANTHROPIC_API_KEY.*export ANTHROPIC_API_KEY=\.\.\..*aispec: Set API Key/s);
    } finally {
      await none.http.close();
    }
    const target = await createTarget({ provider: 'anthropic', model: 'm', base_url: server.url }, deps);
    await target.run(makeCase({ id: 'a', input: 'q' }), never());
    assert.ok(!target.fingerprint.includes(KEY));
    assert.deepEqual(JSON.parse(target.fingerprint), { base_url: server.url, max_tokens: 1024, model: 'm', provider: 'anthropic' });
  });

  it('an overloaded (529) answer is retried, then succeeds', async () => {
    await server.close();
    server = await startAnthropicServer({ script: [{ kind: 'status', status: 529 }, { kind: 'ok', content: 'fine' }] });
    const target = await createTarget({ provider: 'anthropic', model: 'm', base_url: server.url }, deps);
    assert.equal((await target.run(makeCase({ id: 'a', input: 'q' }), never())).output, 'fine');
    assert.equal(server.requests.length, 2);
  });

  it('an error body echoing x-api-key is scrubbed from the CaseError', async () => {
    await server.close();
    server = await startAnthropicServer({
      script: (req) => ({ kind: 'status', status: 400, body: JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: `bad request with x-api-key ${String(req.headers['x-api-key'])}` } }) }),
    });
    const target = await createTarget({ provider: 'anthropic', model: 'm', base_url: server.url }, deps);
    const error = await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()), /HTTP 400 Bad Request.*invalid_request_error: bad request with x-api-key \*\*\*/);
    assert.ok(!error.message.includes(KEY));
  });
});
