// Compiled code for the CLI's bundles, kept between runs. Compiling a command's bundle (megabytes of
// JavaScript) is a large part of a cold `aispec check` or of the time before `aispec eval` sends its first
// request; V8 can save the code it compiled and load it instead of compiling again.
//
// Node 22.1+ does this itself (module.enableCompileCache); on Node 20 this module does the same for our own
// bundles only: their files are compiled through vm.Script with V8's cached data, and the data is written
// when the process exits, so it also holds the functions compiled while the command ran.
//
// Why it is safe:
// - The cache lives in the user's cache folder (see user-cache-dir.ts), never in a project, created 0700.
// - An entry is named by the bundle's file name, CRC-32 and length (V8 itself only checks the length), the
//   Node version and the architecture, so code compiled from another build is never used (the same build
//   in another folder shares it); V8 rejects data from another V8 or with other flags, and the entry is
//   then written again.
// - Entries are written to a temporary file and renamed into place; entries of other builds are removed a
//   week after they were written.
// - Any failure (no home folder, a read-only disk, a corrupt entry) leaves the bundle to Node's own loader or
//   compiles it afresh: a cache can make a run faster, never fail it.
// NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.
import Module, { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { userCacheDir } from './user-cache-dir.js';

export interface CodeCacheOptions {
  /** The bundles this applies to: files directly in this folder whose name matches `pattern`. */
  bundleDir: string;
  pattern: RegExp;
  env?: NodeJS.ProcessEnv;
}

/** What the cache did in this process (for tests and benchmarks). */
export interface CodeCacheState {
  mode: 'off' | 'node' | 'bundles';
  dir: string;
  /** Bundles loaded from cached code. */
  hits: string[];
  /** Bundles compiled afresh (their entry is written at exit). */
  misses: string[];
}

interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

type NodeModuleStatics = typeof Module & {
  enableCompileCache?: (dir?: string) => unknown;
  prototype: CompilingModule;
};

let active: CodeCacheState | undefined;

const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

/** zlib's CRC-32, loaded when the first bundle is compiled: `aispec --version` should not load zlib. */
let crc32: typeof import('node:zlib').crc32 | undefined;
const checksum = (text: string): string => ((crc32 ??= (createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib')).crc32)(text) >>> 0).toString(16);

export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheDir(env), 'code-cache');
}

/** Turns the cache on for this process (once; later calls return the first call's state). */
export function enableCodeCache(options: CodeCacheOptions): CodeCacheState {
  if (active) return active;
  const env = options.env ?? process.env;
  const dir = codeCacheDir(env);
  const state: CodeCacheState = { mode: 'off', dir, hits: [], misses: [] };
  active = state;
  // Node's source-map support reads a module's map when Node compiles it; our own compile would bypass it.
  if (env.NODE_DISABLE_COMPILE_CACHE || process.sourceMapsEnabled) return state;
  const nodeModule = Module as NodeModuleStatics;
  if (typeof nodeModule.enableCompileCache === 'function') {
    try {
      nodeModule.enableCompileCache(dir);
      state.mode = 'node';
    } catch {
      // no cache: Node compiles as usual
    }
    return state;
  }
  const pending: Array<{ script: Script; file: string; prefix: string }> = [];
  const proto = nodeModule.prototype;
  const compile = proto._compile;
  proto._compile = function (this: CompilingModule, content: string, filename: string): unknown {
    if (dirname(filename) !== options.bundleDir || !options.pattern.test(basename(filename))) return compile.call(this, content, filename);
    const prefix = `${basename(filename)}-`;
    const file = join(dir, `${prefix}${process.version}-${process.arch}-${checksum(content)}-${content.length}`);
    const cachedData = readIfPresent(file);
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) {
      state.hits.push(basename(filename));
    } else {
      state.misses.push(basename(filename));
      pending.push({ script, file, prefix });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
  };
  state.mode = 'bundles';
  process.once('exit', () => {
    for (const entry of pending) writeEntry(dir, entry);
  });
  return state;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeEntry(dir: string, { script, file, prefix }: { script: Script; file: string; prefix: string }): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, file);
    // Entries of other builds of this bundle are removed once they are a week old: an upgrade leaves no
    // litter, and two installs of different versions in use at once do not keep evicting each other.
    const weekAgo = Date.now() - STALE_AFTER_MS;
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(prefix) || name === basename(file)) continue;
      const other = join(dir, name);
      if (statSync(other).mtimeMs < weekAgo) rmSync(other, { force: true });
    }
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing more to do: the next run compiles afresh
    }
  }
}
