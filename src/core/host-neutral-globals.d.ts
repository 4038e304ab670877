// The core runs in the Node host (CLI, extension) and is partly bundled into the results panel's browser
// script, so its tsconfig has neither the DOM library nor @types/node: lib ES2022 only, where any host global
// (`process`, `Buffer`, `document`, ...) is a type error. These are the few globals it does use, which Node 20
// and browsers both provide alike; each is declared with only the members the core calls, so reaching for
// more of a host's API fails here too. The other layers compile against the hosts' full declarations, which
// these are a structural subset of, so a host's signal or encoder passes into the core unchanged.
/* eslint-disable no-var -- a global declared with `var` (as in TypeScript's own lib files) is also a property of `globalThis`, which is how the targets read `performance` */

/** Cancelling a run: the runner, the pool, the targets and the graders read a signal the host passes in;
 * the runner listens to the caller's signal to stop its own (a cancel, or the circuit breaker). */
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The runner's own signal: aborted by the caller's cancel or by the circuit breaker. */
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { new (): AbortController };

/** UTF-8 bytes of the text the HTML report hashes for its Content-Security-Policy (report/sha256.ts). */
interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: { new (): TextEncoder };

/** Latency of a target call; optional because the targets fall back to Date.now() without it. */
interface Performance {
  now(): number;
}
declare var performance: Performance | undefined;

/** The run's pool hands the host's event loop a turn now and then, so a cancel can land (eval/pool.ts). */
declare function setTimeout(callback: () => void, ms?: number): unknown;
/** Node's, after the loop has polled for I/O (eval/pool.ts); browsers have none. */
declare var setImmediate: ((callback: () => void) => unknown) | undefined;

/** Where a secret would go: the permission policy (eval/permissions.ts) reads a URL's scheme, host and port
 * with the same WHATWG parser the HTTP client uses, so a crafted URL cannot look like one host to the policy
 * and be another on the wire. */
interface URL {
  readonly protocol: string;
  readonly hostname: string;
  readonly host: string;
  readonly port: string;
}
declare var URL: { new (url: string): URL };
