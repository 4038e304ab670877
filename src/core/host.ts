// Everything the core needs from the host it runs in, in one place: reading the files a spec names, HTTP,
// child processes, secrets, a cache for target outputs and a SHA-256. The core imports no Node built-in and
// no 'vscode'; the Node host (src/node/) implements these interfaces for the CLI and the extension, and the
// unit tests use in-memory fakes (test/support/memory-host.ts). Nothing else crosses from a host into the core.
import type { TargetOutput } from './eval/types.js';

/** Reads a spec's files (the spec itself and the case and prompt files it names). */
export interface SpecHost {
  /**
   * Reads a file. `namedBy` is the spec that names it (a case file): the Node host then reads it only if the
   * file it opens lies inside that spec's project, so a link swapped after `resolve` checked the path is caught.
   */
  readFile(path: string, namedBy?: string): Promise<string>;
  /**
   * Resolves `relative` against the folder of `fromFile`. Throws when the spec may not read there (the Node
   * host refuses a path outside the spec's project); the error's message names the path, never file content.
   */
  resolve(fromFile: string, relative: string): string;
}

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** The answer must be JSON: a 2xx body that does not parse (cut short, garbled) is retried like a 503. */
  json?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** How many attempts the client made (1 when the first one answered). */
  attempts?: number;
  /** Wall time of the attempt that produced this response, without earlier attempts and backoff waits. */
  latencyMs?: number;
  /** The parsed body, for a `json` request whose 2xx body parsed. */
  json?: unknown;
}

/** Sends HTTP requests, retrying 429/5xx/connection faults with backoff that honours Retry-After. */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
}

export interface ProcessOptions {
  stdin: string;
  cwd: string;
  timeoutMs: number;
  signal: AbortSignal;
  env?: Record<string, string>;
}

export interface ProcessResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
}

/** Runs a program (a `command` target) with the case on stdin. */
export interface ProcessRunner {
  run(argv: readonly string[], options: ProcessOptions): Promise<ProcessResult>;
}

/**
 * Reads secrets (API keys) by environment-variable name: from the environment, or the editor's secret storage.
 * Targets name the URL the secret is for (`destination`), so a source that enforces the run's permissions
 * (eval/permissions.ts) can refuse a secret a spec may not send there; plain sources ignore it.
 */
export interface SecretSource {
  get(name: string, destination?: string): Promise<string | undefined>;
}

/**
 * Target outputs kept between runs. The core decides what identifies an output (see cacheKeyMaterial in
 * eval/output-cache.ts); the host decides where it is kept.
 */
export interface OutputCache {
  get(key: string): Promise<TargetOutput | undefined>;
  put(key: string, output: TargetOutput): Promise<void>;
}

/** SHA-256 of a string's UTF-8 bytes, base64-encoded (the HTML report's Content-Security-Policy hashes). */
export type Sha256Base64 = (text: string) => string;

/** A SHA-256 fed piece by piece (the spec digest hashes files of hundreds of MB without joining them). */
export interface Sha256Hasher {
  update(text: string): void;
  /** base64 of the hash of every piece's UTF-8 bytes, in order */
  digestBase64(): string;
}
export type NewSha256 = () => Sha256Hasher;
