// `aispec check` of specs that did not change since the last check: the last check's output, printed again
// without loading the parser, the schema or the lint (~60 ms of a ~100 ms check of a small spec), as Ruff and
// Deno reuse the lint and type-check results of unchanged files.
//
// When a result is reused: only when everything the check read is as it was then. A check is traced while it
// runs (src/node/input-trace.ts): every path it looked at through node:fs (the specs, the files they name, the
// workspace configuration looked for in every folder above, .gitignore files and folder listings, the last
// saved run), every environment variable it asked for, and every module file loaded into the process (the
// aispec build itself, its dependencies). The entry keeps each path's status (device, inode, mode, size,
// modification and change times to the nanosecond, and where it resolves to), or that it was absent, and each
// variable's value. A reuse first takes the status of every one of them again: one difference, and the check
// runs afresh. The entry is also tied to the exact arguments, the working folder, the Node version, its flags,
// the locale variables (LANG, LC_ALL...) and whether standard output is a terminal (colour).
//
// When a result is not kept: a check that did something its reuse would not (wrote a file, set or listed the
// environment, started a process; input-trace.ts), read an environment variable whose name says it may hold a
// secret (its value would be written into the entry), ended with exit code 2, or printed more than 4 MB; and a
// check that read a file changed while it ran (its output may be of the file before the change, its status
// of the file after), or in the last moments before it began (2 s on a file system that keeps whole seconds,
// 100 ms otherwise): a second change within the same tick of the file system's clock would leave the status
// as it was (what git calls a racy entry). The next check keeps its result.
//
// Why it can be trusted: the entries live in the user's cache folder (user-cache-dir.ts), never in a project,
// so a pull request cannot plant one; each names the full key it was written for; a corrupt or foreign entry
// is a miss. `--no-cache` neither reads nor writes an entry; removing ~/.cache/aispec/check clears them all.
import fs from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { hashText } from '../core/index.js';
import { startInputTrace, type InputTrace, type TracedInputs } from '../node/input-trace.js';
import { removeStaleCacheFiles, userCacheDir, writeCacheFileSync } from '../node/user-cache-dir.js';
import { isTerminal, writeStderr, writeStdout } from './direct-output.js';

/** What the check command writes to, and tells that it checked (not --help or --list-rules). */
export interface CheckOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Called when the command goes on to check specs. */
  checking?(): void;
}

/** The entries' layout: a new one ignores the old entries. */
const FORMAT = 1;
const MAX_OUTPUT_CHARS = 4 * 1024 * 1024;
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH|COOKIE|SESSION/i;

type Written = [fd: 1 | 2, text: string];

interface Entry {
  format: number;
  key: string;
  inputs: [path: string, signature: string][];
  env: [name: string, value: string | null][];
  out: Written[];
  exit: number;
}

export function checkCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheDir(env), 'check');
}

/**
 * The variables ICU takes its default locale from as the process starts (the order of diagnostics of several
 * files compares their names with localeCompare): read by Node before any JavaScript, so no trace sees them.
 */
const LOCALE_VARIABLES = ['LC_ALL', 'LC_COLLATE', 'LC_MESSAGES', 'LANG', 'LANGUAGE'] as const;

/** What a check's result depends on besides what it reads: the same key and inputs, the same output. */
function keyOf(argv: string[], cwd: string): string {
  const locale = LOCALE_VARIABLES.map((name) => process.env[name] ?? null);
  return JSON.stringify([FORMAT, process.version, process.arch, process.platform, process.execArgv, process.env.NODE_OPTIONS ?? null, locale, homedir(), cwd, argv, isTerminal(1)]);
}

function statusOf(stats: fs.BigIntStats): string {
  return `${stats.mode}.${stats.dev}.${stats.ino}.${stats.size}.${stats.mtimeNs}.${stats.ctimeNs}`;
}

interface PathStatus {
  /** What a reuse compares: the link itself, what it resolves to, and where. */
  signature: string;
  /** The newest time (ns) any of those statuses changed, and whether its file system keeps whole seconds. */
  changed?: { ns: bigint; wholeSeconds: boolean };
}

/** A path's status, from one lstat (and one stat for a link): absent, or why it cannot be read, says so. */
function pathStatus(path: string): PathStatus {
  try {
    const own = fs.lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (!own) return { signature: 'absent' };
    let signature = statusOf(own);
    const times = [own.mtimeNs, own.ctimeNs];
    if (own.isSymbolicLink()) {
      const target = fs.statSync(path, { bigint: true, throwIfNoEntry: false });
      signature += `>${target ? statusOf(target) : 'absent'}`;
      if (target) times.push(target.mtimeNs, target.ctimeNs);
    }
    const ns = times.reduce((a, b) => (a > b ? a : b));
    return { signature: `${signature}@${fs.realpathSync.native(path)}`, changed: { ns, wholeSeconds: times.every((t) => t % 1_000_000_000n === 0n) } };
  } catch (error) {
    return { signature: `error:${(error as NodeJS.ErrnoException).code ?? 'unknown'}` };
  }
}

/** A path's status as a reuse compares it. */
export function signatureOf(path: string): string {
  return pathStatus(path).signature;
}

/** Module files loaded into this process: the aispec build and its dependencies are inputs of every result. */
function loadedModuleFiles(): string[] {
  const cache = (Module as unknown as { _cache?: Record<string, unknown> })._cache ?? {};
  return Object.keys(cache).filter((file) => file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file));
}

function isEntry(value: unknown): value is Entry {
  const entry = value as Entry;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    entry.format === FORMAT &&
    typeof entry.key === 'string' &&
    typeof entry.exit === 'number' &&
    Array.isArray(entry.inputs) &&
    entry.inputs.every((input) => Array.isArray(input) && typeof input[0] === 'string' && typeof input[1] === 'string') &&
    Array.isArray(entry.env) &&
    entry.env.every((pair) => Array.isArray(pair) && typeof pair[0] === 'string' && (typeof pair[1] === 'string' || pair[1] === null)) &&
    Array.isArray(entry.out) &&
    entry.out.every((chunk) => Array.isArray(chunk) && (chunk[0] === 1 || chunk[0] === 2) && typeof chunk[1] === 'string')
  );
}

/** Why a check's result was or was not kept (for tests, and `AISPEC_DEBUG=check-cache`). */
export type StoreOutcome = { stored: true; file: string } | { stored: false; why: string };

/** One `aispec check` with the cache: replay() first; on a miss, run the check between trace() and store(). */
export class CheckCache {
  readonly #key: string;
  readonly #file: string;
  #trace: InputTrace | undefined;
  readonly #written: Written[] = [];
  #writtenChars = 0;
  #checked = false;
  /** When the trace began (ns since the epoch): an input changed after it, or just before, is not kept. */
  #startedNs = 0n;

  constructor(argv: string[], cwd: string, private readonly env: NodeJS.ProcessEnv = process.env) {
    this.#key = keyOf(argv, cwd);
    // Named by a hash of the key (FNV-1a, 64 bits); the entry holds its key in full, so a collision is a miss.
    this.#file = join(checkCacheDir(env), `${hashText(this.#key)}.json`);
  }

  /** Prints the kept result and returns its exit code when nothing it read has changed; else undefined. */
  replay(): number | undefined {
    let entry: unknown;
    try {
      entry = JSON.parse(fs.readFileSync(this.#file, 'utf8'));
    } catch {
      return undefined;
    }
    if (!isEntry(entry) || entry.key !== this.#key) return undefined;
    for (const [name, value] of entry.env) if ((this.env[name] ?? null) !== value) return undefined;
    for (const [path, signature] of entry.inputs) if (signatureOf(path) !== signature) return undefined;
    for (const [fd, text] of entry.out) (fd === 1 ? writeStdout : writeStderr)(text);
    return entry.exit;
  }

  /** Starts tracing what the check reads: before its bundle loads, so its modules keep traced functions. */
  trace(): void {
    this.#startedNs = BigInt(Date.now()) * 1_000_000n;
    this.#trace = startInputTrace({ ignoreUnder: [userCacheDir(this.env)] });
  }

  /** Where the check writes: printed as usual, and kept for the entry. */
  readonly output: CheckOutput = {
    stdout: (text) => this.#keep(1, text),
    stderr: (text) => this.#keep(2, text),
    checking: () => {
      this.#checked = true;
    },
  };

  #keep(fd: 1 | 2, text: string): void {
    (fd === 1 ? writeStdout : writeStderr)(text);
    this.#writtenChars += text.length;
    if (this.#writtenChars <= MAX_OUTPUT_CHARS) this.#written.push([fd, text]);
  }

  /** Stops the trace (also when the check threw). */
  stopTrace(): TracedInputs | undefined {
    const traced = this.#trace?.stop();
    this.#trace = undefined;
    return traced;
  }

  /** Keeps the check's result when it may be reused (see the top of this file); says why not otherwise. */
  store(traced: TracedInputs | undefined, exit: number, startedNs: bigint = this.#startedNs): StoreOutcome {
    if (!traced) return { stored: false, why: 'the check was not traced' };
    if (!this.#checked) return { stored: false, why: 'no spec was checked (--help or --list-rules)' };
    if (traced.unsafe) return { stored: false, why: traced.unsafe };
    if (exit !== 0 && exit !== 1) return { stored: false, why: `exit code ${exit}` };
    if (this.#writtenChars > MAX_OUTPUT_CHARS) return { stored: false, why: 'its output is larger than 4 MB' };
    const env: Entry['env'] = [];
    for (const [name, value] of traced.env) {
      if (SECRET_NAME.test(name)) return { stored: false, why: `it read ${name}, which may hold a secret` };
      env.push([name, value ?? null]);
    }
    const paths = [...new Set([...loadedModuleFiles(), ...traced.paths])];
    const inputs: Entry['inputs'] = [];
    for (const path of paths) {
      const { signature, changed } = pathStatus(path);
      if (changed) {
        const settle = changed.wholeSeconds ? 2_000_000_000n : 100_000_000n;
        if (changed.ns > startedNs - settle) return { stored: false, why: `${path} changed while the check ran, or moments before` };
      }
      inputs.push([path, signature]);
    }
    const entry: Entry = { format: FORMAT, key: this.#key, inputs, env, out: this.#written, exit };
    try {
      writeCacheFileSync(this.#file, JSON.stringify(entry));
    } catch (error) {
      return { stored: false, why: `cannot write ${this.#file}: ${(error as Error).message}` };
    }
    // Entries nothing wrote again for a week go (a test suite's temporary folders, projects gone). A reuse does
    // not rewrite its entry, so a spec unchanged for a week is checked afresh once.
    removeStaleCacheFiles(checkCacheDir(this.env), this.#file);
    return { stored: true, file: this.#file };
  }
}

/** The cache for this check, unless `--no-cache` says not to use it. */
export function checkCacheFor(argv: string[], cwd: string): CheckCache | undefined {
  return argv.includes('--no-cache') ? undefined : new CheckCache(argv, cwd);
}
