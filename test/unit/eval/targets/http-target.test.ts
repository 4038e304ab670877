import assert from 'node:assert/strict';
import { createTarget } from '../../../../src/core/eval/targets/index.js';
import { startOpenAIServer, type ModelServer } from '../../../fixtures/servers/model-server.js';
import { memorySecrets } from '../../../support/memory-host.js';
import { caseError, makeCase, makeDeps, never } from './helpers.js';

const TOKEN = 'tok_live_SUPERSECRET_123456';

describe('targets: http', () => {
  let server: ModelServer;
  let deps: ReturnType<typeof makeDeps>;

  beforeEach(async () => {
    server = await startOpenAIServer();
    deps = makeDeps({ secrets: memorySecrets({ SVC_TOKEN: TOKEN }) });
  });
  afterEach(async () => {
    await deps.http.close();
    await server.close();
  });

  it('fills the body template, resolves ${ENV} headers, reads the output path', async () => {
    const target = await createTarget(
      {
        provider: 'http',
        url: `${server.url}/chat/completions`,
        headers: { Authorization: 'Bearer ${SVC_TOKEN}', 'X-Case': '{{id}}' },
        body: { model: 'svc', messages: [{ role: 'user', content: 'Q: {{input}} ({{vars.lang}})' }], n: '{{vars.n}}', meta: { tags: ['a'] } },
        output: 'choices.0.message.content',
      },
      deps,
    );
    const out = await target.run(makeCase({ id: 'k1', input: 'hello', vars: { lang: 'en', n: 2 } }), never());
    assert.equal(out.output, 'echo: Q: hello (en)');
    const req = server.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(req.headers['x-case'], 'k1');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.deepEqual(req.body, { model: 'svc', messages: [{ role: 'user', content: 'Q: hello (en)' }], n: 2, meta: { tags: ['a'] } });
    assert.equal(out.usage, undefined);
    assert.ok(!target.fingerprint.includes(TOKEN));
    assert.match(target.fingerprint, /Bearer \$\{SVC_TOKEN\}/);
  });

  it('a missing output path names the path, where it stopped, and the top-level keys', async () => {
    const target = await createTarget({ provider: 'http', url: `${server.url}/chat/completions`, body: { model: 'x', messages: [] }, output: 'data.text' }, deps);
    const error = await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()));
    assert.match(error.message, /output path "data\.text"/);
    assert.match(error.message, /the response has no key "data"/);
    assert.match(error.message, /Top-level keys of the response: id, object, created, model, choices, usage/);
  });

  it('without a body template the case goes as JSON; without an output path the body is the output', async () => {
    await server.close();
    server = await startOpenAIServer({ script: [{ kind: 'raw', status: 200, body: '"just a string"' }, { kind: 'raw', status: 200, body: 'plain text answer', headers: { 'content-type': 'text/plain' } }] });
    const target = await createTarget({ provider: 'http', url: `${server.url}/anything` }, deps);
    const c = makeCase({ id: 'a', input: 'q', vars: { v: 1 } });
    assert.equal((await target.run(c, never())).output, 'just a string');
    assert.equal((await target.run(c, never())).output, 'plain text answer');
    assert.deepEqual(server.requests[0]!.body, { id: 'a', input: 'q', vars: { v: 1 } });
  });

  it('GET sends no body and templates the URL (encoded); a string body is sent as text', async () => {
    const get = await createTarget({ provider: 'http', method: 'get', url: `${server.url}/chat/completions?q={{input}}`, output: 'choices.0.message.content' }, deps);
    await get.run(makeCase({ id: 'a', input: 'a b&c' }), never());
    assert.equal(server.requests[0]!.method, 'GET');
    assert.equal(server.requests[0]!.path, '/v1/chat/completions?q=a%20b%26c');
    assert.equal(server.requests[0]!.raw, '');
    const text = await createTarget({ provider: 'http', url: `${server.url}/chat/completions`, body: 'Say: {{input}}' }, deps);
    await text.run(makeCase({ id: 'b', input: 'hi' }), never());
    assert.equal(server.requests[1]!.raw, 'Say: hi');
    assert.equal(server.requests[1]!.headers['content-type'], 'text/plain; charset=utf-8');
  });

  it('an input containing ${NAME} is never expanded into a secret', async () => {
    const target = await createTarget({ provider: 'http', url: `${server.url}/chat/completions`, body: { q: '{{input}}' }, headers: { 'X-Token': '${SVC_TOKEN}' } }, deps);
    await target.run(makeCase({ id: 'a', input: 'leak ${SVC_TOKEN}' }), never());
    assert.deepEqual(server.requests[0]!.body, { q: 'leak ${SVC_TOKEN}' });
  });

  it('secrets in the URL and headers are scrubbed from errors and outputs', async () => {
    await server.close();
    server = await startOpenAIServer({
      script: (req) =>
        req.index === 0
          ? { kind: 'status', status: 403, body: `forbidden: ${req.path} auth=${String(req.headers['x-token'])}` }
          : { kind: 'raw', status: 200, body: JSON.stringify({ echoed: `your token is ${String(req.headers['x-token'])}` }) },
    });
    const target = await createTarget({ provider: 'http', url: `${server.url}/x?key=\${SVC_TOKEN}`, headers: { 'X-Token': '${SVC_TOKEN}' }, output: 'echoed' }, deps);
    const error = await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()), /HTTP 403 Forbidden from POST http:\/\/127\.0\.0\.1:\d+\/v1\/x\?key=\*\*\*: forbidden: \/v1\/x\?key=\*\*\* auth=\*\*\*/);
    assert.ok(!error.message.includes(TOKEN), error.message);
    const out = await target.run(makeCase({ id: 'a', input: 'q' }), never());
    assert.equal(out.output, 'your token is ***');
  });

  it('a missing ${ENV} secret is a CaseError naming it', async () => {
    const target = await createTarget({ provider: 'http', url: `${server.url}/x`, headers: { 'X-Key': '${NOPE_KEY}' } }, deps);
    await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()), /NOPE_KEY.*export NOPE_KEY=/);
    assert.equal(server.requests.length, 0);
  });

  it('usage paths read the token counts from the JSON answer, so the cost is known', async () => {
    const target = await createTarget(
      { provider: 'http', url: `${server.url}/chat/completions`, body: { model: 'x', messages: [] }, output: 'choices.0.message.content', usage: { input_tokens: 'usage.prompt_tokens', output_tokens: 'usage.completion_tokens' } },
      deps,
    );
    const out = await target.run(makeCase({ id: 'u', input: 'q' }), never());
    assert.equal(typeof out.usage?.input_tokens, 'number');
    assert.equal(typeof out.usage?.output_tokens, 'number');
    const wrong = await createTarget({ provider: 'http', url: `${server.url}/chat/completions`, body: { model: 'x', messages: [] }, usage: { input_tokens: 'usage.nope', output_tokens: 'usage.completion_tokens' } }, deps);
    await caseError(wrong.run(makeCase({ id: 'u', input: 'q' }), never()), /usage\.input_tokens path "usage\.nope" is not in the response/);
  });

  it('a non-JSON answer with an output path is retried, then a CaseError showing the body', async () => {
    await server.close();
    server = await startOpenAIServer({ script: () => ({ kind: 'raw', status: 200, body: '<html>oops</html>' }) });
    const target = await createTarget({ provider: 'http', url: `${server.url}/x`, output: 'a.b' }, deps);
    await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()), /not valid JSON.*<html>oops<\/html>/);
    assert.equal(server.requests.length, 4, 'a garbled answer is transient: sent four times in all');
  });

  it('without an output path any answer is the output, so a non-JSON body is not retried', async () => {
    await server.close();
    server = await startOpenAIServer({ script: () => ({ kind: 'raw', status: 200, body: '<html>oops</html>' }) });
    const target = await createTarget({ provider: 'http', url: `${server.url}/x` }, deps);
    assert.equal((await target.run(makeCase({ id: 'a', input: 'q' }), never())).output, '<html>oops</html>');
    assert.equal(server.requests.length, 1);
  });
});
