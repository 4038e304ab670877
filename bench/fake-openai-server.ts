// A minimal OpenAI-compatible Chat Completions server for benchmarks: POST /v1/chat/completions answers after
// a fixed delay with a short completion and token usage. It keeps counters only (no request bodies), so a
// bench can check how many requests each tool really sent and how many were in flight at once.
// The answer is a function of the last user message (the `reply` option), so every tool sees the same output
// for the same case.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface FakeOpenAIServerOptions {
  /** Delay before every answer (ms). */
  latencyMs: number;
  /** The assistant text for a user message. */
  reply: (userText: string) => string;
}

export interface FakeOpenAIServer {
  /** `http://127.0.0.1:PORT/v1` */
  url: string;
  /** Completed chat completions since the last reset (any other path answers 404 and counts in `other`). */
  readonly completions: number;
  /** Requests to any other path since the last reset. */
  readonly other: number;
  /** The most requests in flight at once since the last reset. */
  readonly maxInFlight: number;
  /** TCP connections opened since the last reset. */
  readonly connections: number;
  /** performance.now() when the first request since the last reset arrived, and when the last answer was sent. */
  readonly firstRequestAt: number | undefined;
  readonly lastAnswerAt: number | undefined;
  reset(): void;
  close(): Promise<void>;
}

function lastUserText(body: unknown): string {
  const messages = (body as { messages?: Array<{ role?: string; content?: unknown }> } | undefined)?.messages;
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) return m.content.map((p: { text?: string }) => p?.text ?? '').join('');
  }
  return '';
}

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions): Promise<FakeOpenAIServer> {
  let completions = 0;
  let other = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let connections = 0;
  let nextId = 0;
  let firstRequestAt: number | undefined;
  let lastAnswerAt: number | undefined;
  const sockets = new Set<Socket>();

  function answer(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const json = { 'content-type': 'application/json' };
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/chat/completions') {
      other++;
      res.writeHead(404, json).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
      return;
    }
    let body: { model?: string } | undefined;
    try {
      body = JSON.parse(raw) as { model?: string };
    } catch {
      other++;
      res.writeHead(400, json).end(JSON.stringify({ error: { message: 'body is not JSON', type: 'invalid_request_error' } }));
      return;
    }
    const user = lastUserText(body);
    const content = options.reply(user);
    const prompt = words(user);
    const completion = words(content);
    completions++;
    res.writeHead(200, json).end(
      JSON.stringify({
        id: `chatcmpl-bench-${nextId++}`,
        object: 'chat.completion',
        created: 1700000000,
        model: body?.model ?? 'bench-model',
        choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
      }),
    );
  }

  const server = createServer((req, res) => {
    firstRequestAt ??= performance.now();
    inFlight++;
    if (inFlight > maxInFlight) maxInFlight = inFlight;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      setTimeout(() => {
        inFlight--;
        if (!res.destroyed) answer(req, res, Buffer.concat(chunks).toString('utf8'));
        lastAnswerAt = performance.now();
      }, options.latencyMs);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get completions() {
      return completions;
    },
    get other() {
      return other;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get connections() {
      return connections;
    },
    get firstRequestAt() {
      return firstRequestAt;
    },
    get lastAnswerAt() {
      return lastAnswerAt;
    },
    reset() {
      completions = 0;
      other = 0;
      maxInFlight = inFlight;
      connections = 0;
      firstRequestAt = undefined;
      lastAnswerAt = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
