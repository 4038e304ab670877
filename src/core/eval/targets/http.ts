// A generic JSON endpoint: method, URL, headers, a body template filled from the case, and a dotted path into
// the JSON answer for the output. `${ENV}` secrets in the URL and header values are resolved before the
// case's values are filled in, so an input that happens to contain `${NAME}` is never expanded into a secret.
// Secrets are read for the URL as written, the destination the run's permissions judge (eval/permissions.ts).
import type { Case } from '../../spec/types.js';
import type { HttpClient, HttpResponse, SecretSource } from '../../host.js';
import { CaseError, type Target, type TargetOutput } from '../types.js';
import type { Usage } from '../../../shared/results.js';
import type { HttpTargetConfig } from './config.js';
import { guard, parseJsonBody, send, type CallSetup } from './http-call.js';
import { headersForFingerprint, resolveHeaders, resolveSecretRefs, Scrubber } from './secrets.js';
import { renderJson, renderTemplate } from './template.js';
import { describe, getPath, stableStringify, topLevelKeys } from './util.js';

export interface HttpTargetHost {
  http: HttpClient;
  secrets: SecretSource;
  timeoutMs: number;
}

const NO_BODY = new Set(['GET', 'HEAD']);

export class HttpTarget implements Target {
  readonly fingerprint: string;
  readonly #config: HttpTargetConfig;
  readonly #method: string;
  readonly #host: HttpTargetHost;
  readonly #scrubber = new Scrubber();

  constructor(config: HttpTargetConfig, host: HttpTargetHost) {
    this.#config = config;
    this.#method = (config.method ?? 'POST').toUpperCase();
    this.#host = host;
    this.fingerprint = stableStringify({
      provider: 'http',
      method: this.#method,
      url: config.url,
      headers: headersForFingerprint(config.headers),
      body: config.body,
      output: config.output,
    });
  }

  run(testCase: Case, signal: AbortSignal): Promise<TargetOutput> {
    return guard(this.#scrubber, 'http', signal, () => this.#run(testCase, signal));
  }

  /** A ${VAR} secret in the url or a header that is not set fails here, before any request. */
  async preflight(): Promise<void> {
    await resolveSecretRefs(this.#config.url, this.#host.secrets, this.#config.url, this.#scrubber, 'The http target (url)');
    await resolveHeaders(this.#config.headers, this.#host.secrets, this.#config.url, this.#scrubber, 'The http target');
  }

  async #run(testCase: Case, signal: AbortSignal): Promise<TargetOutput> {
    const config = this.#config;
    const purpose = 'The http target';
    const urlTemplate = await resolveSecretRefs(config.url, this.#host.secrets, config.url, this.#scrubber, `${purpose} (url)`);
    const url = renderTemplate(urlTemplate, testCase, 'target.url', encodeURIComponent);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(await resolveHeaders(config.headers, this.#host.secrets, config.url, this.#scrubber, purpose))) {
      headers[name.toLowerCase()] = renderTemplate(value, testCase, `target.headers.${name}`);
    }

    let body: string | undefined;
    if (!NO_BODY.has(this.#method)) {
      // Without a body template the case goes as JSON, the same object the command target reads on stdin.
      const rendered =
        config.body === undefined
          ? { id: testCase.id, input: testCase.input, messages: testCase.messages, vars: testCase.vars }
          : renderJson(config.body, testCase, 'target.body');
      if (typeof rendered === 'string') {
        body = rendered;
        headers['content-type'] ??= 'text/plain; charset=utf-8';
      } else {
        body = JSON.stringify(rendered);
        headers['content-type'] ??= 'application/json';
      }
    }

    // With an output path the answer must be JSON, so a garbled or cut-short body is retried by the client.
    const expectsJson = (this.#config.output !== undefined && this.#config.output.trim() !== '') || this.#config.usage !== undefined;
    const request = { url, method: this.#method, headers, ...(body === undefined ? {} : { body }), ...(expectsJson ? { json: true } : {}) };
    const setup: CallSetup = { ...this.#host, scrubber: this.#scrubber, label: 'http' };
    const { response, latencyMs } = await send(setup, request, signal);
    const output = this.#read(setup, request, response);
    const usage = this.#config.usage ? readUsage(parseJsonBody(setup, request, response), this.#config.usage) : undefined;
    return { output: this.#scrubber.scrubKnown(output), latency_ms: latencyMs, requests: response.attempts ?? 1, ...(usage ? { usage } : {}) };
  }

  #read(setup: CallSetup, request: { url: string; method: string }, response: HttpResponse): string {
    const path = this.#config.output;
    const text = response.text;
    if (path === undefined || path.trim() === '') {
      // No path: a JSON string answer is its text; anything else is the body as sent.
      try {
        const parsed: unknown = JSON.parse(text);
        return typeof parsed === 'string' ? parsed : text;
      } catch {
        return text;
      }
    }
    const answer = parseJsonBody(setup, request, response);
    const found = getPath(answer, path);
    if (!found.found) {
      throw new CaseError(`http: the response has no value at output path "${path}": ${found.problem}. Top-level keys of the response: ${topLevelKeys(answer)}.`);
    }
    const value = found.value;
    if (typeof value === 'string') return value;
    if (value === null || value === undefined) throw new CaseError(`http: the value at output path "${path}" is ${describe(value)}, not text.`);
    return JSON.stringify(value);
  }
}

/** The token counts at the spec's paths; a missing or non-numeric count is a CaseError (the cost would be wrong). */
function readUsage(answer: unknown, paths: { input_tokens: string; output_tokens: string }): Usage {
  const count = (key: 'input_tokens' | 'output_tokens'): number => {
    const found = getPath(answer, paths[key]);
    const value = found.found ? found.value : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new CaseError(`http: usage.${key} path "${paths[key]}" ${found.found ? `holds ${describe(value)}, not a token count` : `is not in the response: ${found.problem}`}. Top-level keys of the response: ${topLevelKeys(answer)}.`);
    }
    return value;
  };
  return { input_tokens: count('input_tokens'), output_tokens: count('output_tokens') };
}
