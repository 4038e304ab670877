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
// - An entry is named by the bundle's file name, its folder (hashed), CRC-32 and length (V8 itself only checks
//   the length), the Node version and the architecture, so code compiled from another build is never used;
//   V8 rejects data from another V8 or with other flags, and the entry is then written again. The same build
//   in another folder gets an entry of its own: V8's cached code keeps the path it was compiled from, so
//   stack traces and profiles would name the other folder's files.
// - The CRC-32 of a bundle (1.5 MB) is computed once per version of the file on disk, not on every run: it is
//   remembered in a small memo named by the file's device, inode, size, mtime and ctime (a rewrite in place
//   changes the times, a replacement the inode). Hashing on every run cost more than the rest of the cache's
//   work together, mostly for loading node:zlib and the streams it needs. The file is read through one
//   descriptor with its status taken before and after, so a memo never pairs one version's status with
//   another version's text.
// - Entries are written to a temporary file and renamed into place; entries of other builds are removed a
//   week after they were written.
// - Any failure (no home folder, a read-only disk, a corrupt entry) leaves the bundle to Node's own loader or
//   compiles it afresh: a cache can make a run faster, never fail it.
// NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off.
import Module, { createRequire } from 'node:module';
import { closeSync, fstatSync, openSync, readFileSync, type BigIntStats } from 'node:fs';
import { isAscii } from 'node:buffer';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { removeStaleCacheFiles, userCacheDir, writeCacheFileSync } from './user-cache-dir.js';

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

interface LoadingModule {
  exports: unknown;
}

type LoadExtension = (module: LoadingModule, filename: string) => void;

type NodeModuleStatics = typeof Module & {
  enableCompileCache?: (dir?: string) => unknown;
  _extensions: Record<string, LoadExtension>;
};

/** A write the cache does when the process exits: compiled code, or a bundle's CRC-32 memo. */
type PendingWrite = { kind: 'code'; script: Script; file: string; prefix: string } | { kind: 'memo'; crc: string; file: string; prefix: string };

let active: CodeCacheState | undefined;


/** zlib's CRC-32, loaded only when a bundle's checksum is not remembered: zlib loads all of node:stream. */
let crc32: typeof import('node:zlib').crc32 | undefined;
const checksum = (text: string): string => ((crc32 ??= (createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib')).crc32)(text) >>> 0).toString(16);

/**
 * A short name for a bundle folder in entry names: 32-bit FNV-1a of its path (naming, not security). Not the
 * core's hashText: src/node reaches the core only through src/core/index.js, and this module is part of the
 * small dispatcher every command (even --version) loads before anything else.
 */
function folderTag(folder: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < folder.length; i++) hash = Math.imul(hash ^ folder.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16);
}

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
  const pending: PendingWrite[] = [];
  // Bundles are .cjs files, which Node loads with its '.js' handler (there is no '.cjs' one on Node 20).
  const extensions = nodeModule._extensions;
  const loadJs = extensions['.js']!;
  const loadBundle: LoadExtension = (module, filename) => {
    const name = basename(filename);
    if (dirname(filename) !== options.bundleDir || !options.pattern.test(name)) return loadJs(module, filename);
    const read = readBundle(filename);
    if (!read) return loadJs(module, filename);
    const { content, status } = read;
    const identity = `${name}-${folderTag(options.bundleDir)}-${process.version}-${process.arch}`;
    const memo = status && join(dir, `memo-${identity}-${status.dev}-${status.ino}-${status.size}-${status.mtimeNs}-${status.ctimeNs}`);
    let crc = memo && readIfPresent(memo)?.toString('latin1');
    if (!crc || !/^[0-9a-f]{1,8}$/.test(crc)) {
      crc = checksum(content);
      if (memo) pending.push({ kind: 'memo', crc, file: memo, prefix: `memo-${name}-` });
    }
    const prefix = `${name}-`;
    const file = join(dir, `${identity}-${crc}-${content.length}`);
    const cachedData = readIfPresent(file);
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) {
      state.hits.push(name);
    } else {
      state.misses.push(name);
      pending.push({ kind: 'code', script, file, prefix });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
  };
  extensions['.js'] = loadBundle;
  state.mode = 'bundles';
  process.once('exit', () => {
    for (const entry of pending) writeEntry(dir, entry);
  });
  return state;
}

/**
 * A bundle's text, with its status when the file did not change while it was read (else undefined: nothing
 * is remembered about that version). Undefined when it cannot be read here: Node's own loader then reports it.
 */
function readBundle(filename: string): { content: string; status?: BigIntStats } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(filename, 'r');
    const before = fstatSync(fd, { bigint: true });
    const content = text(readFileSync(fd));
    const after = fstatSync(fd, { bigint: true });
    const unchanged = before.size === after.size && before.mtimeNs === after.mtimeNs && before.ctimeNs === after.ctimeNs;
    return { content, status: unchanged ? after : undefined };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The bundle's text. The build makes the bundles pure ASCII (scripts/build.mjs), and ASCII read as Latin-1 is
 * the same text: V8 then copies the bytes as they are instead of decoding UTF-8 (~1 ms of a 1.5 MB bundle).
 */
function text(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeEntry(dir: string, entry: PendingWrite): void {
  const { file, prefix } = entry;
  try {
    writeCacheFileSync(file, entry.kind === 'code' ? entry.script.createCachedData() : entry.crc);
  } catch {
    return; // the next run compiles afresh
  }
  // Entries of other builds of this bundle are removed once they are a week old: an upgrade leaves no
  // litter, and two installs of different versions in use at once do not keep evicting each other.
  removeStaleCacheFiles(dir, file, (name) => name.startsWith(prefix));
}
