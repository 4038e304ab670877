// In-memory stand-ins for the core's host (src/core/host.ts), one per interface, for the unit tests: the
// files a spec reads, the secrets a target asks for, and the output cache. Each is built on its own and they
// combine freely; a test that needs the real thing (HTTP to a local server, a child process) uses src/node/.
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { TargetOutput } from '../../src/core/eval/types.js';
import type { OutputCache, SecretSource, SpecHost } from '../../src/core/host.js';

export interface MemorySpecHostOptions {
  /** Reads a path the host does not hold; without it such a read fails as a missing file (ENOENT). */
  fallback?: (path: string) => Promise<string>;
}

/**
 * A SpecHost over the given files (path → text). A relative path resolves against the folder of the file
 * that names it, as on disk with forward slashes ('/specs/a.aispec.md' + 'cases.jsonl' → '/specs/cases.jsonl').
 */
export function memorySpecHost(files: Readonly<Record<string, string>> | ReadonlyMap<string, string> = {}, options: MemorySpecHostOptions = {}): SpecHost {
  const texts = files instanceof Map ? new Map(files) : new Map(Object.entries(files));
  return {
    async readFile(path) {
      const text = texts.get(path);
      if (text !== undefined) return text;
      if (options.fallback) return options.fallback(path);
      throw Object.assign(new Error(`ENOENT: no such file in the memory host: ${path}`), { code: 'ENOENT' });
    },
    resolve: (fromFile, relative) => (posix.isAbsolute(relative) ? relative : posix.join(posix.dirname(fromFile), relative)),
  };
}

/** A memorySpecHost fallback that reads the real file, for specs in memory that name files on disk. */
export const readFromDisk = (path: string): Promise<string> => readFile(path, 'utf8');

/** Secrets by environment-variable name; any other name is unset. */
export function memorySecrets(values: Readonly<Record<string, string>> = {}): SecretSource {
  return { get: async (name) => (Object.hasOwn(values, name) ? values[name] : undefined) };
}

/** An output cache in a Map; `entries` lets a test see what was stored. */
export function memoryCache(): OutputCache & { entries: Map<string, TargetOutput> } {
  const entries = new Map<string, TargetOutput>();
  return {
    entries,
    get: async (key) => entries.get(key),
    put: async (key, output) => void entries.set(key, output),
  };
}
