// The Node HttpClient: undici with one shared keep-alive Agent, and undici's RetryHandler (through a
// RetryAgent per request) doing the retry mechanics: re-dispatching the request with its body, draining
// the failed response, keeping the connection pool healthy.
//
// What we configure instead of taking undici's defaults, and why:
// - `retry` (the decision and the wait) is ours. undici's default waits minTimeout * 2^n with no jitter
//   (every request rate-limited at once retries at the same instant), caps Retry-After at maxTimeout (so it
//   can retry *earlier* than the server asked), and its timer ignores the AbortSignal (a cancelled run
//   would sit out the backoff). Ours: exponential backoff with "equal jitter" (half fixed, half random),
//   Retry-After / retry-after-ms honoured as a floor (never earlier; jitter only adds), a Retry-After longer
//   than maxRetryAfterMs gives up at once with the server's answer, and an abort ends the wait immediately.
// - `methods` includes POST: model APIs are called with POST and a repeated completion only costs tokens.
// - `throwOnError: false`: when retries run out, the last response (a 429 or 503 with its body) comes back
//   to the target, which reports the status and an excerpt; undici's default throws a bodiless error.
// - Timeouts: each attempt gets `headersTimeout`/`bodyTimeout` = the request's timeoutMs, and a timeout is
//   retried like a connection reset.
import { setMaxListeners } from 'node:events';
import { Agent, RetryAgent, request, type Dispatcher } from 'undici';
import { CaseError } from '../core/eval/types.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../core/host.js';

export interface HttpClientOptions {
  /** Retries after the first attempt (default 4: five attempts at most). */
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

export const DEFAULT_RETRY = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 } as const;

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
]);

const ALL_METHODS: Dispatcher.HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];

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
  if (error.code && error.code !== 'UND_ERR_REQ_RETRY') return error.code;
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

  async function send(req: HttpRequest): Promise<HttpResponse> {
    const { signal } = req;
    if (signal.aborted) throw signal.reason;
    allowManyListeners(signal);
    const state = { attempts: 1, attemptStarted: now() };

    const retry: NonNullable<ConstructorParameters<typeof RetryAgent>[1]>['retry'] = (err, _context, callback) => {
      const error = err as UndiciError;
      const status = error.statusCode;
      const statusPath = error.code === 'UND_ERR_REQ_RETRY' && status !== undefined;
      let retryable: boolean;
      if (statusPath) {
        const should = header(error.headers, 'x-should-retry');
        retryable = should === 'true' ? true : should === 'false' ? false : isRetryableStatus(status);
      } else {
        const code = errorCode(error);
        retryable = code !== undefined && RETRYABLE_ERROR_CODES.has(code);
      }
      const retryAfterMs = statusPath ? parseRetryAfter(error.headers) : undefined;
      if (!retryable || signal.aborted || state.attempts > maxRetries || (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs)) {
        callback(err);
        return;
      }
      const delayMs = retryDelay(state.attempts, retryAfterMs, backoff, random);
      options.onRetry?.({ url: req.url, attempt: state.attempts, reason: statusPath ? `HTTP ${status}` : (errorCode(error) ?? error.message), delayMs });
      const onAbort = (): void => {
        clearTimeout(timer);
        // On a status the failed response is still open (paused) and undici's own abort handling fails the
        // request through it; after a connection error nothing is open, so the wait must end the request.
        if (!statusPath) callback(signal.reason ?? err);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        state.attempts += 1;
        state.attemptStarted = now();
        callback(null);
      }, delayMs);
      signal.addEventListener('abort', onAbort, { once: true });
    };

    const dispatcher = new RetryAgent(agent, { throwOnError: false, methods: ALL_METHODS, maxRetries, retry });
    try {
      const response = await request(req.url, {
        dispatcher,
        method: req.method as Dispatcher.HttpMethod,
        headers: { 'user-agent': 'aispec', ...req.headers },
        body: req.body,
        signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const text = await response.body.text();
      if (signal.aborted) throw signal.reason;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, text, attempts: state.attempts, latencyMs: now() - state.attemptStarted };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const attempts = state.attempts > 1 ? ` after ${state.attempts} attempts` : '';
      throw new CaseError(`${req.method} ${req.url} failed${attempts}: ${describeFailure(error as UndiciError, req.timeoutMs)}`, true);
    }
  }

  return {
    send,
    async close() {
      await ownAgent?.close();
    },
  };
}
