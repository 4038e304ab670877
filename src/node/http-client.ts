// The Node HttpClient: node:http / node:https with one keep-alive Agent per protocol, and our own retry loop
// around whole attempts. An attempt is the request AND its whole body: a 200 whose body is cut short, reset
// mid-way, stalls past the timeout, or (for `json` requests) is not valid JSON is as transient as a 503, so it
// is retried the same way.
//
// Why node:http and not undici: Node's own client is part of Node's start-up snapshot, so nothing is loaded or
// compiled before the first request, and it takes less CPU and memory per request at the concurrency of a
// run (measured with bench/eval-vs-promptfoo.ts: about a quarter less CPU for 1,000 requests, and a 1 MB
// bundle less to load).
//
// The retry policy, and why:
// - Exponential backoff with "equal jitter" (half fixed, half random), so every request rate-limited at
//   once does not retry at the same instant. Retry-After / retry-after-ms is honoured as a floor (never
//   earlier; jitter only adds); a Retry-After longer than maxRetryAfterMs gives up at once with the
//   server's answer; an abort ends the wait immediately.
// - POST is retried: model APIs are called with POST and a repeated completion only costs tokens.
// - When retries run out, the last response (a 429 or 503 with its body, or the unusable 200) comes back
//   to the target, which reports the status and an excerpt.
// - A connection that cannot be made at all (refused, host not found, connect timeout) is marked
//   `unreachable` on the CaseError, so the runner's circuit breaker can stop a run against a dead target.
import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import type * as Https from 'node:https';
import { CaseError, type HttpClient, type HttpRequest, type HttpResponse } from '../core/index.js';

/**
 * node:https, loaded with the first https request: it loads node:tls, which a run against a local or plain
 * http server never needs, and which otherwise every `aispec eval` loaded before its first request.
 */
let https: typeof Https | undefined;
const httpsModule = (): typeof Https => (https ??= process.getBuiltinModule('node:https'));

export interface HttpClientOptions {
  /** Retries after the first attempt (default 3: four requests at most). */
  maxRetries?: number;
  /** The first backoff (default 500 ms); each retry doubles it. */
  baseDelayMs?: number;
  /** Cap of the exponential backoff (default 8000 ms). */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the request fails with the server's answer (default 60 s). */
  maxRetryAfterMs?: number;
  /** Connections per origin (default 128: room for high concurrency plus the judge). */
  connections?: number;
  /** Keep-alive for idle connections (default 30 s, or less when the server says so). */
  keepAliveTimeoutMs?: number;
  /** TCP/TLS connect timeout (default 10 s). */
  connectTimeoutMs?: number;
  /** Random source in [0, 1) for jitter (tests pass a constant). */
  random?: () => number;
  /** Called before each retry wait (logging, progress). */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  url: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  /** What failed: "HTTP 429", "ECONNRESET", "HEADERS_TIMEOUT", ... */
  reason: string;
  delayMs: number;
}

export interface NodeHttpClient extends HttpClient {
  /** Closes the client's keep-alive connections. */
  close(): Promise<void>;
}

export const DEFAULT_RETRY = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 } as const;

/** Our own codes for what node:http leaves to its caller: the timeouts, and a body that ends early. */
const HEADERS_TIMEOUT = 'HEADERS_TIMEOUT';
const BODY_TIMEOUT = 'BODY_TIMEOUT';
const CONNECT_TIMEOUT = 'CONNECT_TIMEOUT';
const BODY_CUT_SHORT = 'BODY_CUT_SHORT';

/** Connection-level failures worth another attempt. */
export const RETRYABLE_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  HEADERS_TIMEOUT,
  BODY_TIMEOUT,
  CONNECT_TIMEOUT,
  BODY_CUT_SHORT,
]);

/** Failures that mean no connection could be made: the target is down or misnamed, not just busy. */
export const UNREACHABLE_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETDOWN', 'ENETUNREACH', 'EHOSTDOWN', 'EHOSTUNREACH', CONNECT_TIMEOUT]);

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

type HeaderMap = Record<string, string | string[] | undefined>;

function header(headers: HeaderMap | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The wait a server asked for, in ms: `retry-after-ms` (OpenAI), else Retry-After as seconds or an HTTP date. */
export function parseRetryAfter(headers: HeaderMap | undefined, nowMs = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = header(headers, 'retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * The wait before retry number `retry` (1-based). Backoff b = min(maxDelay, base * 2^(retry-1)). Without
 * Retry-After: b/2 + random * b/2 ("equal jitter": spread out, but never near zero). With Retry-After r:
 * r + random * b/2 (at least what the server asked, spread so a burst of 429s does not return in lockstep).
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  options: { baseDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random,
): number {
  const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jitter = random() * (backoff / 2);
  return Math.round(retryAfterMs !== undefined ? retryAfterMs + jitter : backoff / 2 + jitter);
}

type TransportError = Error & { code?: string; cause?: unknown };

function errorCode(error: TransportError): string | undefined {
  if (error.code) return error.code;
  const cause = error.cause as TransportError | undefined;
  return cause?.code;
}

function describeFailure(error: TransportError, timeoutMs: number): string {
  const code = errorCode(error);
  switch (code) {
    case HEADERS_TIMEOUT:
    case BODY_TIMEOUT:
      return `timed out after ${timeoutMs} ms`;
    case CONNECT_TIMEOUT:
      return 'could not connect (connect timeout)';
    case 'ECONNREFUSED':
      return 'connection refused (is the server running?)';
    case 'ECONNRESET':
    case 'EPIPE':
      return `the server closed the connection (${code})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${code})`;
    case BODY_CUT_SHORT:
      return 'the response body was cut short';
    default:
      return code ? `${error.message} (${code})` : error.message;
  }
}

/**
 * A run shares one AbortSignal across every request in flight, and each adds an abort listener (node:http's and
 * ours) while it runs; Node warns about a "possible leak" past 10. They are removed as requests finish.
 */
const unlimitedSignals = new WeakSet<AbortSignal>();

export function allowManyListeners(signal: AbortSignal): void {
  // Remembered rather than read back: Node 20's getMaxListeners throws on an AbortSignal whose limit is 0.
  if (unlimitedSignals.has(signal)) return;
  setMaxListeners(0, signal);
  unlimitedSignals.add(signal);
}

function now(): number {
  return performance.now();
}

export function createHttpClient(options: HttpClientOptions = {}): NodeHttpClient {
  const maxRetries = options.maxRetries ?? DEFAULT_RETRY.maxRetries;
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
  };
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs;
  const random = options.random ?? Math.random;
  // One keep-alive pool per protocol. The idle timeout applies to free sockets only (the Agent destroys a
  // free socket that times out); a request in flight is bounded by its own timers in attempt().
  const agentOptions = { keepAlive: true, maxSockets: options.connections ?? 128, timeout: options.keepAliveTimeoutMs ?? 30_000 };
  const httpAgent = new HttpAgent(agentOptions);
  let httpsAgent: Https.Agent | undefined;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;

  /** One attempt: the request and its whole body. Rejects with transport failures as they come. */
  function attempt(req: HttpRequest, attemptNumber: number): Promise<HttpResponse> {
    const started = now();
    const url = new URL(req.url);
    const https = url.protocol === 'https:';
    if (!https && url.protocol !== 'http:') return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
    const agent = https ? (httpsAgent ??= new (httpsModule().Agent)(agentOptions)) : httpAgent;
    const headers: Record<string, string | number> = { 'user-agent': 'aispec', ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    return new Promise<HttpResponse>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const fail = (error: TransportError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
        outgoing.destroy();
      };
      /** (Re)starts the one timer an attempt has: connect, then headers, then the gap between body chunks. */
      const arm = (ms: number, code: string): void => {
        clearTimeout(timer);
        timer = setTimeout(() => fail(Object.assign(new Error(`${code} after ${ms} ms`), { code })), ms);
      };
      const outgoing = (https ? httpsModule().request : httpRequest)(url, { method: req.method, agent, headers, signal: req.signal }, (response: IncomingMessage) => {
        arm(req.timeoutMs, BODY_TIMEOUT);
        response.setEncoding('utf8');
        let text = '';
        response.on('data', (chunk: string) => {
          text += chunk;
          arm(req.timeoutMs, BODY_TIMEOUT);
        });
        response.on('error', (error: TransportError) => fail(response.complete ? error : Object.assign(error, { code: error.code ?? BODY_CUT_SHORT })));
        response.on('close', () => {
          if (!response.complete) fail(Object.assign(new Error('the response ended before its body'), { code: BODY_CUT_SHORT }));
        });
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(toResponse(req, response, text, attemptNumber, now() - started));
        });
      });
      outgoing.on('error', fail);
      // Waiting for a free connection counts toward the headers timeout, as does the connect after it.
      arm(req.timeoutMs, HEADERS_TIMEOUT);
      outgoing.on('socket', (socket) => {
        if (!socket.connecting) return arm(req.timeoutMs, HEADERS_TIMEOUT);
        arm(connectTimeoutMs, CONNECT_TIMEOUT);
        socket.once(https ? 'secureConnect' : 'connect', () => {
          if (!settled) arm(req.timeoutMs, HEADERS_TIMEOUT);
        });
      });
      outgoing.end(req.body);
    });
  }

  /** Why this answer is worth another attempt, or undefined when it is final. */
  function transientReason(req: HttpRequest, response: HttpResponse): string | undefined {
    if (response.status >= 200 && response.status <= 299) return req.json && !('json' in response) ? 'a body that is not valid JSON' : undefined;
    const should = header(response.headers, 'x-should-retry');
    const retryable = should === 'true' ? true : should === 'false' ? false : isRetryableStatus(response.status);
    return retryable ? `HTTP ${response.status}` : undefined;
  }

  /** Waits before the next attempt; an abort ends the wait at once with the signal's reason. */
  function wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  async function send(req: HttpRequest): Promise<HttpResponse> {
    const { signal } = req;
    if (signal.aborted) throw signal.reason;
    allowManyListeners(signal);
    for (let attemptNumber = 1; ; attemptNumber++) {
      let response: HttpResponse | undefined;
      let reason: string | undefined;
      let retryAfterMs: number | undefined;
      try {
        response = await attempt(req, attemptNumber);
        if (signal.aborted) throw signal.reason;
        reason = transientReason(req, response);
        if (reason === undefined) return response;
        if (response.status < 200 || response.status > 299) retryAfterMs = parseRetryAfter(response.headers);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        const code = errorCode(error as TransportError);
        const lastTry = attemptNumber > maxRetries;
        if (code === undefined || !RETRYABLE_ERROR_CODES.has(code) || lastTry) {
          const attempts = attemptNumber > 1 ? ` after ${attemptNumber} attempts` : '';
          const unreachable = code !== undefined && UNREACHABLE_ERROR_CODES.has(code);
          throw new CaseError(`${req.method} ${req.url} failed${attempts}: ${describeFailure(error as TransportError, req.timeoutMs)}`, true, unreachable, attemptNumber);
        }
        reason = code;
      }
      // Out of attempts, or asked to wait longer than we would: the last answer goes back to the target.
      if (attemptNumber > maxRetries || (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs)) return response!;
      const delayMs = retryDelay(attemptNumber, retryAfterMs, backoff, random);
      options.onRetry?.({ url: req.url, attempt: attemptNumber, reason, delayMs });
      await wait(delayMs, signal);
    }
  }

  return {
    send,
    async close() {
      httpAgent.destroy();
      httpsAgent?.destroy();
    },
  };
}

function toResponse(req: HttpRequest, response: IncomingMessage, text: string, attempts: number, latencyMs: number): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const result: HttpResponse = { status: response.statusCode ?? 0, headers, text, attempts, latencyMs };
  if (req.json && result.status >= 200 && result.status <= 299) {
    try {
      result.json = JSON.parse(text);
    } catch {
      // left without `json`: the caller of attempt() decides whether to retry
    }
  }
  return result;
}
