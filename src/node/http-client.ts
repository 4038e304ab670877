// The Node HttpClient: undici with one shared keep-alive Agent, and our own retry loop around whole
// attempts. An attempt is the request AND its whole body: a 200 whose body is cut short, reset mid-way,
// stalls past the timeout, or (for `json` requests) is not valid JSON is as transient as a 503, so it is
// retried the same way. (undici's RetryAgent retries only up to the response headers, and building one per
// request cost measurable CPU on the hot path.)
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
import { Agent, request, type Dispatcher } from 'undici';
import { CaseError, type HttpClient, type HttpRequest, type HttpResponse } from '../core/index.js';

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
  /** Use this dispatcher instead of creating an Agent (it is not closed by close()). */
  dispatcher?: Dispatcher;
  /** Called before each retry wait (logging, progress). */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  url: string;
  /** The attempt that failed (1-based). */
  attempt: number;
  /** What failed: "HTTP 429", "UND_ERR_SOCKET", ... */
  reason: string;
  delayMs: number;
}

export interface NodeHttpClient extends HttpClient {
  /** Closes the shared connection pool (when the client created it). */
  close(): Promise<void>;
}

export const DEFAULT_RETRY = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 } as const;

/** Connection-level failures worth another attempt (undici's list plus timeouts). */
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
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_ABORTED',
]);

/** Failures that mean no connection could be made: the target is down or misnamed, not just busy. */
export const UNREACHABLE_ERROR_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETDOWN', 'ENETUNREACH', 'EHOSTDOWN', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

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

type UndiciError = Error & { code?: string; statusCode?: number; headers?: HeaderMap; cause?: unknown };

function errorCode(error: UndiciError): string | undefined {
  if (error.code) return error.code;
  const cause = error.cause as UndiciError | undefined;
  return cause?.code;
}

function describeFailure(error: UndiciError, timeoutMs: number): string {
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `timed out after ${timeoutMs} ms`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'could not connect (connect timeout)';
    case 'ECONNREFUSED':
      return 'connection refused (is the server running?)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'EPIPE':
      return `the server closed the connection (${code})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${code})`;
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'the response body was cut short';
    default:
      return code ? `${error.message} (${code})` : error.message;
  }
}

/**
 * A run shares one AbortSignal across every request in flight, and each adds an abort listener (undici's and
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
  const ownAgent = options.dispatcher
    ? undefined
    : new Agent({
        connections: options.connections ?? 128,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
        connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      });
  const agent: Dispatcher = options.dispatcher ?? ownAgent!;

  /** One attempt: the request and its whole body. Throws transport failures as they come. */
  async function attempt(req: HttpRequest, attemptNumber: number): Promise<HttpResponse> {
    const started = now();
    const response = await request(req.url, {
      dispatcher: agent,
      method: req.method as Dispatcher.HttpMethod,
      headers: { 'user-agent': 'aispec', ...req.headers },
      body: req.body,
      signal: req.signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const text = await response.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const result: HttpResponse = { status: response.statusCode, headers, text, attempts: attemptNumber, latencyMs: now() - started };
    if (req.json && result.status >= 200 && result.status <= 299) {
      try {
        result.json = JSON.parse(text);
      } catch {
        // left without `json`: the caller of attempt() decides whether to retry
      }
    }
    return result;
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
        const code = errorCode(error as UndiciError);
        const lastTry = attemptNumber > maxRetries;
        if (code === undefined || !RETRYABLE_ERROR_CODES.has(code) || lastTry) {
          const attempts = attemptNumber > 1 ? ` after ${attemptNumber} attempts` : '';
          const unreachable = code !== undefined && UNREACHABLE_ERROR_CODES.has(code);
          throw new CaseError(`${req.method} ${req.url} failed${attempts}: ${describeFailure(error as UndiciError, req.timeoutMs)}`, true, unreachable, attemptNumber);
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
      await ownAgent?.close();
    },
  };
}
