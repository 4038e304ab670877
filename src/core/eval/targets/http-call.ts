// The part of every HTTP-based target that is the same: send through the host's HttpClient, turn transport
// failures and error statuses into CaseErrors with the status and a short (scrubbed) body excerpt, parse the
// JSON answer, and keep secrets out of whatever is thrown.
import type { HttpClient, HttpResponse } from '../../host.js';
import { CaseError } from '../types.js';
import type { Scrubber } from './secrets.js';
import { excerpt } from './util.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  529: 'Overloaded',
};

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export interface CallSetup {
  http: HttpClient;
  scrubber: Scrubber;
  timeoutMs: number;
  /** Names the target in messages: "openai", "anthropic", "http". */
  label: string;
  /** The environment variable of the API key, for the hint on 401/403. */
  keyEnv?: string;
  /** Whether a key was sent (a 401 without one says so). */
  keySent?: boolean;
  /** Why the provider's key was not sent to this host (the run's permissions), said on a 401/403. */
  keyWithheld?: string;
}

export interface CallResult {
  response: HttpResponse;
  latencyMs: number;
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/** The most useful part of an error body: `error.message` (OpenAI, Anthropic), `message`, `detail`, or an excerpt. */
export function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body?.error;
    if (typeof error === 'string') return excerpt(error);
    if (error && typeof error === 'object') {
      const { message, type } = error as Record<string, unknown>;
      if (typeof message === 'string') return excerpt(typeof type === 'string' ? `${type}: ${message}` : message);
    }
    for (const key of ['message', 'detail', 'error_description']) {
      if (typeof body?.[key] === 'string') return excerpt(body[key] as string);
    }
  } catch {
    // not JSON: fall through to the excerpt
  }
  return excerpt(text);
}

function hint(setup: CallSetup, status: number, attempts: number): string {
  if ((status === 401 || status === 403) && setup.keyWithheld) return ` ${setup.keyWithheld}`;
  if ((status === 401 || status === 403) && setup.keyEnv) {
    return setup.keySent === false
      ? ` No API key was sent: set ${setup.keyEnv} (export ${setup.keyEnv}=...) or run "aispec: Set API Key" in the editor.`
      : ` Check the key in ${setup.keyEnv}.`;
  }
  if (status === 404) return setup.keyEnv ? ' Check base_url and the model name.' : ' Check the URL.';
  if (status === 429) return ` Still rate limited after ${attempts} attempt${attempts === 1 ? '' : 's'}: lower concurrency or raise the rate limit.`;
  if (status >= 500 && attempts > 1) return ` Gave up after ${attempts} attempts.`;
  return '';
}

/** Sends one request; a non-2xx status, a transport failure or an exception becomes a CaseError. */
export async function send(
  setup: CallSetup,
  request: { url: string; method: string; headers: Record<string, string>; body?: string; json?: boolean },
  signal: AbortSignal,
): Promise<CallResult> {
  const started = now();
  let response: HttpResponse;
  try {
    response = await setup.http.send({ ...request, timeoutMs: setup.timeoutMs, signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason ?? error;
    if (error instanceof CaseError) throw error.withMessage(setup.scrubber.scrub(`${setup.label}: ${error.message}`));
    const message = error instanceof Error ? error.message : String(error);
    throw new CaseError(setup.scrubber.scrub(`${setup.label}: ${request.method} ${request.url} failed: ${message}`), true);
  }
  if (signal.aborted) throw signal.reason;
  const latencyMs = response.latencyMs ?? now() - started;
  if (response.status < 200 || response.status > 299) {
    const attempts = response.attempts ?? 1;
    const statusText = STATUS_TEXT[response.status] ? ` ${STATUS_TEXT[response.status]}` : '';
    const message =
      `${setup.label}: HTTP ${response.status}${statusText} from ${request.method} ${request.url}: ` +
      `${errorDetail(response.text)}.${hint(setup, response.status, attempts)}`;
    throw new CaseError(setup.scrubber.scrub(message), isTransientStatus(response.status), false, attempts);
  }
  return { response, latencyMs };
}

/** A 2xx body as JSON (parsed by the client already for a `json` request); a malformed body, still malformed
 * after the client's retries, is a CaseError showing its start. */
export function parseJsonBody(setup: CallSetup, request: { url: string; method: string }, response: HttpResponse): unknown {
  if ('json' in response) return response.json;
  const text = response.text;
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CaseError(
      setup.scrubber.scrub(`${setup.label}: the response from ${request.method} ${request.url} is not valid JSON (${reason}): ${excerpt(text, 200)}`),
      true,
      false,
      response.attempts,
    );
  }
}

/** Runs a target's work for one case: an abort rethrows the signal's reason; anything else leaves as a scrubbed CaseError. */
export async function guard<T>(scrubber: Scrubber, label: string, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  if (signal.aborted) throw signal.reason;
  try {
    return await work();
  } catch (error) {
    if (signal.aborted) throw signal.reason ?? error;
    if (error instanceof CaseError) throw error.withMessage(scrubber.scrub(error.message));
    const message = error instanceof Error ? error.message : String(error);
    throw new CaseError(scrubber.scrub(`${label}: unexpected error: ${message}`));
  }
}
