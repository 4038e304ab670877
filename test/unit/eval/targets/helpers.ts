// Shared helpers for the target tests: cases, the Node host with fast retries, and a CaseError assertion.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Case } from '../../../../src/core/spec/types.js';
import { CaseError } from '../../../../src/core/eval/types.js';
import type { TargetDeps } from '../../../../src/core/eval/targets/index.js';
import { createHttpClient, type HttpClientOptions, type NodeHttpClient } from '../../../../src/node/http-client.js';
import { createProcessRunner } from '../../../../src/node/process-runner.js';
import { memorySecrets } from '../../../support/memory-host.js';

export const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = resolve(here, 'fixtures');

export function makeCase(partial: Partial<Case> & { id: string }): Case {
  return {
    tags: [],
    checks: [],
    vars: {},
    meta: {},
    raw: {},
    range: { file: 'spec.aispec.md', start: 0, end: 0 },
    line: 1,
    locate: () => ({ value: { file: 'spec.aispec.md', start: 0, end: 0 } }),
    ...partial,
  };
}

/** Fast retries for tests: small backoff, no randomness. */
export function testHttp(options: HttpClientOptions = {}): NodeHttpClient {
  return createHttpClient({ baseDelayMs: 10, maxDelayMs: 50, random: () => 0, ...options });
}

export function makeDeps(overrides: Partial<TargetDeps> = {}): TargetDeps & { http: NodeHttpClient } {
  return {
    http: testHttp(),
    process: createProcessRunner({ killGraceMs: 200 }),
    secrets: memorySecrets(),
    readFile: (path) => readFile(path, 'utf8'),
    resolvePath: (relative) => resolve(fixtures, relative),
    specFile: resolve(fixtures, 'spec.aispec.md'),
    ...overrides,
  } as TargetDeps & { http: NodeHttpClient };
}

export function never(): AbortSignal {
  return new AbortController().signal;
}

/** Awaits a promise that must reject with a CaseError; returns it for further checks. */
export async function caseError(promise: Promise<unknown>, pattern?: RegExp): Promise<CaseError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CaseError, `expected a CaseError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    if (pattern) assert.match(error.message, pattern);
    return error;
  }
  assert.fail('expected a CaseError, but the promise resolved');
}
