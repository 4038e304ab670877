// Fault injection against the fixture servers through the real Node HttpClient (node:http): every fault ends in
// an output after retries or in a CaseError with a reason; aborts end promptly; nothing hangs.
import assert from 'node:assert/strict';
import { createTarget } from '../../../../src/core/eval/targets/index.js';
import type { Target } from '../../../../src/core/eval/types.js';
import { createHttpClient, parseRetryAfter, retryDelay, type NodeHttpClient, type RetryEvent } from '../../../../src/node/http-client.js';
import { startOpenAIServer, type ModelServer, type ModelServerOptions } from '../../../fixtures/servers/model-server.js';
import { memorySecrets } from '../../../support/memory-host.js';
import { caseError, makeCase, makeDeps, never, testHttp } from './helpers.js';

const KEY = 'sk-fault-test-key-ABCDEFGHIJ';
const aCase = makeCase({ id: 'c1', input: 'ping' });

/**
 * Whether a latency counts the final attempt only: that attempt began after `before` ms of the run (a wait or
 * a timed-out attempt), so it cannot be longer than the run's time less those. 1 ms for timer rounding.
 * Structural, not a speed bound: it holds however slow the machine is.
 */
function finalAttemptOnly(latencyMs: number, runMs: number, beforeMs: number): boolean {
  return latencyMs <= runMs - beforeMs + 1;
}

/**
 * "At once", structurally: the run rejects with an AbortError before the event loop gets to run any timer or
 * I/O callback after the abort (setImmediate comes after the microtasks the abort starts), so no wait and no
 * request stood between the abort and the end. A clock bound would only measure the machine's load.
 */
async function endsBeforeAnyTimer(pending: Promise<unknown>): Promise<void> {
  const outcome = await Promise.race([
    pending.then(
      () => 'resolved',
      (error: unknown) => error,
    ),
    new Promise((resolve) => setImmediate(() => resolve('still waiting'))),
  ]);
  assert.ok(outcome instanceof Error && outcome.name === 'AbortError', `after the abort: ${String(outcome)}`);
}

/** Resolves once the server has seen its first `count` requests closed unanswered (the client gave up on them). */
async function closed(server: ModelServer, count: number): Promise<void> {
  while (!server.requests.slice(0, count).every((r) => r.closedUnanswered)) await new Promise((r) => setTimeout(r, 5));
}

describe('targets: faults and retries (fixture server + node:http)', () => {
  let server: ModelServer | undefined;
  let http: NodeHttpClient | undefined;

  afterEach(async () => {
    await http?.close();
    await server?.close();
    http = undefined;
    server = undefined;
  });

  async function setup(options: ModelServerOptions, client: Parameters<typeof testHttp>[0] = {}, timeoutMs = 2000): Promise<{ target: Target; server: ModelServer }> {
    server = await startOpenAIServer(options);
    http = testHttp(client);
    const deps = makeDeps({ http, secrets: memorySecrets({ OPENAI_API_KEY: KEY }) });
    const target = await createTarget({ provider: 'openai', model: 'm', base_url: server.url }, deps, { timeoutMs });
    return { target, server };
  }

  it('429 with Retry-After: 1 waits at least one second, then succeeds; latency excludes the wait', async () => {
    const events: RetryEvent[] = [];
    const { target, server } = await setup({ script: [{ kind: 'status', status: 429, retryAfter: 1 }] }, { onRetry: (e) => events.push(e) });
    const started = performance.now();
    const out = await target.run(aCase, never());
    const finished = performance.now();
    assert.equal(out.output, 'echo: ping');
    assert.equal(server.requests.length, 2);
    // A lower bound only (the Retry-After honoured): load can only make the wait longer.
    const waited = server.requests[1]!.at - server.requests[0]!.at;
    assert.ok(waited >= 1000, `retried after ${waited.toFixed(0)} ms, before the 1 s Retry-After`);
    assert.deepEqual(events.map((e) => [e.attempt, e.reason, e.delayMs]), [[1, 'HTTP 429', 1000]]);
    assert.ok(finalAttemptOnly(out.latency_ms!, finished - started, events[0]!.delayMs), `latency ${out.latency_ms} includes the wait`);
  });

  it('retry-after-ms (OpenAI) is honoured too', async () => {
    const { target, server } = await setup({ script: [{ kind: 'status', status: 429, retryAfterMs: 300 }] });
    await target.run(aCase, never());
    assert.ok(server.requests[1]!.at - server.requests[0]!.at >= 300);
  });

  it('500 then 503 then success', async () => {
    const { target, server } = await setup({ script: [{ kind: 'status', status: 500 }, { kind: 'status', status: 503 }] });
    assert.equal((await target.run(aCase, never())).output, 'echo: ping');
    assert.equal(server.requests.length, 3);
  });

  it('a persistent 503 ends as a CaseError with status, excerpt and attempts after maxRetries', async () => {
    const { target, server } = await setup({ script: () => ({ kind: 'status', status: 503 }) }, { maxRetries: 2 });
    const error = await caseError(target.run(aCase, never()), /HTTP 503 Service Unavailable from POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions: server_error: fixture fault: HTTP 503\. Gave up after 3 attempts\./);
    assert.equal(error.retryable, true);
    assert.equal(server.requests.length, 3);
  });

  it('a Retry-After longer than maxRetryAfterMs is not waited for', async () => {
    const events: RetryEvent[] = [];
    const { target, server } = await setup({ script: () => ({ kind: 'status', status: 429, retryAfter: 3600 }) }, { maxRetryAfterMs: 5000, onRetry: (e) => events.push(e) });
    await caseError(target.run(aCase, never()), /HTTP 429 Too Many Requests.*Still rate limited after 1 attempt/);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(events, [], 'no retry was scheduled, so there was no wait');
  });

  it('client errors (400) and x-should-retry: false are not retried', async () => {
    const { target, server } = await setup({
      script: [
        { kind: 'status', status: 400, body: '{"error":{"message":"bad model"}}' },
        { kind: 'status', status: 500, headers: { 'x-should-retry': 'false' } },
      ],
    });
    await caseError(target.run(aCase, never()), /HTTP 400 Bad Request.*bad model/);
    await caseError(target.run(aCase, never()), /HTTP 500 Internal Server Error/);
    assert.equal(server.requests.length, 2);
  });

  it('a hang past the timeout is retried and the retry answers', async () => {
    const { target, server } = await setup({ script: [{ kind: 'hang' }] }, {}, 300);
    const started = performance.now();
    const out = await target.run(aCase, never());
    const took = performance.now() - started;
    assert.equal(out.output, 'echo: ping');
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0]!.closedUnanswered, true, 'the client gave up on the hanging request');
    assert.ok(took >= 300, 'the first attempt waited for its timeout');
    assert.ok(finalAttemptOnly(out.latency_ms!, took, 300), `latency ${out.latency_ms} includes the timed-out attempt`);
  });

  it('a server that always hangs ends as "timed out after N ms" (never hangs the case)', async () => {
    const { target, server } = await setup({ script: () => ({ kind: 'hang' }) }, { maxRetries: 1 }, 200);
    const error = await caseError(target.run(aCase, never()), /timed out after 200 ms/);
    assert.match(error.message, /after 2 attempts/);
    assert.equal(server.requests.length, 2);
    // The case never waits for the server: the server saw both requests given up on, not answered.
    await closed(server, 2);
  });

  it('a 200 whose body is not valid JSON is retried, and the retry answers', async () => {
    const events: RetryEvent[] = [];
    const { target, server } = await setup({ script: [{ kind: 'malformed' }] }, { onRetry: (e) => events.push(e) });
    assert.equal((await target.run(aCase, never())).output, 'echo: ping');
    assert.equal(server.requests.length, 2);
    assert.deepEqual(events.map((e) => e.reason), ['a body that is not valid JSON']);
  });

  it('a body that stays malformed ends, after the retries, as a CaseError showing its start', async () => {
    const { target, server } = await setup({ script: () => ({ kind: 'malformed' }) }, { maxRetries: 2 });
    const error = await caseError(target.run(aCase, never()), /openai: the response from POST .* is not valid JSON .*: \{"id": "broken"/);
    assert.equal(error.retryable, true);
    assert.equal(server.requests.length, 3);
  });

  it('a 200 whose body is cut short is retried, and the retry answers', async () => {
    const { target, server } = await setup({ script: [{ kind: 'truncated' }] });
    assert.equal((await target.run(aCase, never())).output, 'echo: ping');
    assert.equal(server.requests.length, 2);
  });

  it('a body cut short every time ends as a CaseError that says so', async () => {
    const { target, server } = await setup({ script: () => ({ kind: 'truncated' }) }, { maxRetries: 1 });
    await caseError(target.run(aCase, never()), /after 2 attempts: (the response body was cut short|the server closed the connection)/);
    assert.equal(server.requests.length, 2);
  });

  it('a response that stalls mid-body is retried after the timeout, and the retry answers', async () => {
    const { target, server } = await setup({ script: [{ kind: 'stall-body' }] }, {}, 300);
    const out = await target.run(aCase, never());
    assert.equal(out.output, 'echo: ping');
    assert.equal(server.requests.length, 2);
  });

  it('a hang before the headers and a stall mid-body are retried for what they are', async () => {
    const events: RetryEvent[] = [];
    const { target, server } = await setup({ script: [{ kind: 'hang' }, { kind: 'stall-body' }, { kind: 'truncated' }] }, { onRetry: (e) => events.push(e) }, 300);
    assert.equal((await target.run(aCase, never())).output, 'echo: ping');
    assert.equal(server.requests.length, 4);
    assert.deepEqual(events.map((e) => e.reason.replace('ECONNRESET', 'BODY_CUT_SHORT')), ['HEADERS_TIMEOUT', 'BODY_TIMEOUT', 'BODY_CUT_SHORT']);
  });

  it('an https URL goes through TLS (here: a plain-HTTP server answers the handshake, which fails as a connection error)', async () => {
    server = await startOpenAIServer({});
    http = testHttp({ maxRetries: 0 });
    const url = server.url.replace('http://', 'https://');
    await assert.rejects(
      http.send({ url: `${url}/chat/completions`, method: 'POST', headers: {}, body: '{}', timeoutMs: 2000, signal: never(), json: true }),
      (error: Error) => /failed: /.test(error.message) && !/unsupported protocol/.test(error.message),
    );
  });

  it('a URL that is neither http nor https is refused without a request', async () => {
    http = testHttp({ maxRetries: 0 });
    await assert.rejects(http.send({ url: 'ftp://127.0.0.1/x', method: 'GET', headers: {}, timeoutMs: 1000, signal: never() }), /unsupported protocol ftp:/);
  });

  it('by default a request is sent at most four times', async () => {
    const { target, server } = await setup({ script: () => ({ kind: 'status', status: 503 }) }, { maxRetries: undefined });
    await caseError(target.run(aCase, never()), /Gave up after 4 attempts/);
    assert.equal(server.requests.length, 4);
  });

  it('the number of requests a case took is reported with its output', async () => {
    const { target } = await setup({ script: [{ kind: 'status', status: 500 }, { kind: 'reset' }] });
    const out = await target.run(aCase, never());
    assert.equal(out.requests, 3);
  });

  it('a connection reset is retried; a persistent one ends as a CaseError', async () => {
    const once = await setup({ script: [{ kind: 'reset' }, { kind: 'reset' }] });
    assert.equal((await once.target.run(aCase, never())).output, 'echo: ping');
    assert.equal(once.server.requests.length, 3);
    await http!.close();
    await server!.close();

    const always = await setup({ script: () => ({ kind: 'reset' }) }, { maxRetries: 2 });
    await caseError(always.target.run(aCase, never()), /failed after 3 attempts: the server closed the connection/);
    assert.equal(always.server.requests.length, 3);
  });

  it('connection refused ends as a CaseError that says so', async () => {
    const probe = await startOpenAIServer();
    const url = probe.url;
    await probe.close();
    http = testHttp({ maxRetries: 1 });
    const target = await createTarget({ provider: 'openai', model: 'm', base_url: url }, makeDeps({ http }));
    const error = await caseError(target.run(aCase, never()), /connection refused \(is the server running\?\)/);
    assert.equal(error.unreachable, true, 'a refused connection marks the target unreachable');
  });

  it('abort stops an in-flight request at once and rejects with the abort reason, not a CaseError', async () => {
    const { target, server } = await setup({ script: () => ({ kind: 'hang' }) }, {}, 10_000);
    const controller = new AbortController();
    const pending = target.run(aCase, controller.signal);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof Error && e.name === 'AbortError');
    // The request was cut, not left to its 10 s timeout.
    await closed(server, 1);
    assert.equal(server.requests.length, 1);
  });

  it('abort during a Retry-After wait ends at once without another request', async () => {
    const { target, server } = await setup({ script: () => ({ kind: 'status', status: 429, retryAfter: 5 }) });
    const controller = new AbortController();
    const pending = target.run(aCase, controller.signal);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await endsBeforeAnyTimer(pending);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.requests.length, 1);
  });

  it('abort during the backoff after a connection reset ends at once', async () => {
    const { target, server } = await setup({ script: () => ({ kind: 'reset' }) }, { baseDelayMs: 5000, maxDelayMs: 5000 });
    const controller = new AbortController();
    const pending = target.run(aCase, controller.signal);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await endsBeforeAnyTimer(pending);
    assert.equal(server.requests.length, 1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { target, server } = await setup({});
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(target.run(aCase, controller.signal), (e: unknown) => e instanceof Error && e.name === 'AbortError');
    assert.equal(server.requests.length, 0);
  });

  it('40 concurrent requests sharing one signal run in parallel over keep-alive connections, without leak warnings', async () => {
    const { target, server } = await setup({ holdUntilArrived: 40 });
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    const shared = new AbortController().signal;
    const outs = await Promise.all(Array.from({ length: 40 }, (_, i) => target.run(makeCase({ id: `c${i}`, input: `n${i}` }), shared)));
    process.off('warning', onWarning);
    assert.deepEqual(warnings.map((w) => w.name), []);
    assert.deepEqual(outs.map((o) => o.output), Array.from({ length: 40 }, (_, i) => `echo: n${i}`));
    // In parallel: the server holds every answer until all 40 have arrived, and saw all 40 in flight at once.
    assert.equal(server.maxInFlight, 40);
    // A second wave reuses the connections.
    await Promise.all(Array.from({ length: 40 }, (_, i) => target.run(makeCase({ id: `d${i}`, input: 'x' }), never())));
    assert.equal(server.requests.length, 80);
  });

  it('a mixed burst: every case ends with an output or a CaseError, none lost', async () => {
    const faults: ModelServerOptions['script'] = (req) => {
      const kinds = ['ok', 'reset', 'malformed', '429', '503', 'ok'] as const;
      const k = kinds[req.index % kinds.length];
      if (k === 'reset') return { kind: 'reset' };
      if (k === 'malformed') return { kind: 'malformed' };
      if (k === '429') return { kind: 'status', status: 429, retryAfter: 0 };
      if (k === '503') return { kind: 'status', status: 503 };
      return { kind: 'ok' };
    };
    const { target } = await setup({ script: faults }, { maxRetries: 2 });
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => target.run(makeCase({ id: `m${i}`, input: `q${i}` }), never())));
    assert.equal(results.length, 30);
    for (const r of results) {
      if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'CaseError', String(r.reason));
    }
    assert.ok(results.some((r) => r.status === 'fulfilled'));
  });
});

describe('http client: retry timing', () => {
  it('equal jitter: half the backoff fixed, half random, doubling, capped', () => {
    const opts = { baseDelayMs: 500, maxDelayMs: 8000 };
    assert.equal(retryDelay(1, undefined, opts, () => 0), 250);
    assert.equal(retryDelay(1, undefined, opts, () => 0.999999), 500);
    assert.equal(retryDelay(2, undefined, opts, () => 0), 500);
    assert.equal(retryDelay(3, undefined, opts, () => 0.5), 1500);
    assert.equal(retryDelay(10, undefined, opts, () => 0), 4000);
    assert.equal(retryDelay(10, undefined, opts, () => 0.999999), 8000);
    for (let i = 0; i < 200; i++) {
      const d = retryDelay(2, undefined, opts);
      assert.ok(d >= 500 && d <= 1000);
    }
  });

  it('Retry-After is a floor: jitter only adds', () => {
    const opts = { baseDelayMs: 500, maxDelayMs: 8000 };
    assert.equal(retryDelay(1, 2000, opts, () => 0), 2000);
    assert.equal(retryDelay(1, 2000, opts, () => 0.999999), 2250);
    for (let i = 0; i < 200; i++) assert.ok(retryDelay(3, 1000, opts) >= 1000);
  });

  it('parses Retry-After as seconds, HTTP date, and retry-after-ms', () => {
    assert.equal(parseRetryAfter({ 'retry-after': '2' }), 2000);
    assert.equal(parseRetryAfter({ 'retry-after': '0.5' }), 500);
    assert.equal(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }), 250);
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 21 Oct 2015 07:28:03 GMT' }, now), 3000);
    assert.equal(parseRetryAfter({ 'retry-after': 'soon' }), undefined);
    assert.equal(parseRetryAfter({}), undefined);
  });

  it('default client is constructible and closable', async () => {
    const client = createHttpClient();
    await client.close();
  });
});
