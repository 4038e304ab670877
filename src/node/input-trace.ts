// What a command read while it ran: every path it looked at through node:fs (read, listed, opened, asked
// about, found absent) and every environment variable it asked for, so that its result can be reused while
// all of them are as they were (src/cli/check-cache.ts, for `aispec check`). It works the way a build system
// traces a step: the command is deterministic given what it read, so if nothing it read has changed, it would
// read the same things again and print the same output.
//
// Why wrapping node:fs and process.env, and not asking the command what it read: a command reaches files
// through many layers (the spec host, the workspace configuration found by walking up folders, .gitignore
// files, a folder's listing, the last saved run), and a list kept by hand misses the next one added. Wrapping
// the functions every one of them calls cannot miss a path that goes through node:fs. It is installed before
// the command's bundle loads, so functions its modules keep at load time (promisify(fs.stat)) are the wrapped
// ones; it only records, and forwards every call unchanged. After stop() the wrappers still forward, and
// record nothing.
//
// What makes a trace unusable (`unsafe` says why): anything the command did that a reuse would not do again
// (a write, a changed environment variable, a process warning Node prints itself), or read in a way that
// cannot be recorded as names (listing the whole environment, starting a process or a worker, which read
// files this process does not see).
import fs from 'node:fs';
import Module from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface InputTrace {
  /** Stops recording and says what was read. */
  stop(): TracedInputs;
}

export interface TracedInputs {
  /** Absolute paths looked at, in the order first seen, without those under an ignored folder. */
  paths: string[];
  /** Environment variables asked for, with the value each had (undefined: not set). */
  env: Map<string, string | undefined>;
  /** Set when the command did something its reuse would not: what it was. */
  unsafe?: string;
}

export interface InputTraceOptions {
  /** Folders whose paths are not recorded (the user's cache: compiled code is not an input of a result). */
  ignoreUnder?: string[];
}

/** Functions of node:fs (and node:fs/promises) whose first argument is a path they read or look at. */
const READS = ['access', 'exists', 'lstat', 'stat', 'statfs', 'open', 'opendir', 'readdir', 'readFile', 'readlink', 'realpath', 'createReadStream', 'watch', 'watchFile'];
/** Functions that change the file system: a command that calls one is not reused. */
const WRITES = ['appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'createWriteStream', 'lchmod', 'lchown', 'link', 'lutimes', 'mkdir', 'mkdtemp', 'rename', 'rm', 'rmdir', 'symlink', 'truncate', 'unlink', 'utimes', 'writeFile', 'ftruncate', 'fchmod', 'fchown', 'futimes', 'writev'];
/** Modules that run work this trace cannot see (another process or thread reading files). */
const UNTRACEABLE_MODULES = new Set(['child_process', 'worker_threads', 'cluster']);

type AnyFunction = (...args: unknown[]) => unknown;
type Patchable = Record<string, unknown>;

let current: Recorder | undefined;

class Recorder {
  readonly paths = new Set<string>();
  readonly env = new Map<string, string | undefined>();
  unsafe: string | undefined;

  constructor(private readonly ignoreUnder: string[]) {}

  notePath(target: unknown): void {
    let path: string | undefined;
    if (typeof target === 'string') path = target;
    else if (target instanceof URL) path = target.protocol === 'file:' ? fileURLToPath(target) : undefined;
    else if (Buffer.isBuffer(target)) path = target.toString();
    if (path === undefined) return; // a descriptor: its path was recorded when it was opened
    const absolute = resolve(path);
    if (absolute.startsWith('/proc/') || absolute.startsWith('/dev/')) return; // per process, or devices
    if (this.ignoreUnder.some((folder) => absolute === folder || absolute.startsWith(`${folder}/`) || absolute.startsWith(`${folder}\\`))) return;
    this.paths.add(absolute);
  }

  noteUnsafe(why: string): void {
    this.unsafe ??= why;
  }
}

/** Whether open()'s flags can write (a string such as 'w', 'a+', 'r+', or numeric flags with write access). */
function opensForWriting(flags: unknown): boolean {
  if (flags === undefined || flags === null) return false;
  if (typeof flags === 'number') return (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) !== 0;
  return /[wa+]/.test(String(flags));
}

/** A wrapper that records, then forwards; it keeps the original's properties (realpath.native, promisify.custom). */
function wrap(original: AnyFunction, name: string, kind: 'read' | 'write', nested = false): AnyFunction {
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const recorder = current;
    if (recorder) {
      if (kind === 'write') recorder.noteUnsafe(`it changed the file system (fs.${name})`);
      else {
        recorder.notePath(args[0]);
        if ((name === 'open' || name === 'openSync') && opensForWriting(args[1])) recorder.noteUnsafe(`it opened a file for writing (fs.${name})`);
      }
    }
    return original.apply(this, args);
  };
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'length' || key === 'name' || key === 'prototype') continue;
    const descriptor = Object.getOwnPropertyDescriptor(original, key)!;
    // realpath.native, and a promisify.custom form: other ways into the same call, wrapped the same way (one
    // level: such a function may name the function it belongs to).
    if (!nested && typeof descriptor.value === 'function') descriptor.value = wrap(descriptor.value as AnyFunction, `${name}.${String(key)}`, kind, true);
    Object.defineProperty(wrapper, key, descriptor);
  }
  return wrapper;
}

/** Replaces the module's functions by recording wrappers; what puts each original back goes into `restores`. */
function patchModule(target: Patchable, sync: boolean, restores: (() => void)[]): void {
  const patchOne = (name: string, kind: 'read' | 'write') => {
    const original = target[name];
    if (typeof original !== 'function') return;
    target[name] = wrap(original as AnyFunction, name, kind);
    restores.push(() => {
      target[name] = original;
    });
  };
  for (const name of READS) {
    patchOne(name, 'read');
    if (sync) patchOne(`${name}Sync`, 'read');
  }
  for (const name of WRITES) {
    patchOne(name, 'write');
    if (sync) patchOne(`${name}Sync`, 'write');
  }
}

/** Writes to descriptors other than standard output and error change a file: not reusable. */
function patchDescriptorWrites(): () => void {
  const originals = { write: fs.write, writeSync: fs.writeSync };
  const guard = (original: AnyFunction, name: string): AnyFunction =>
    function (this: unknown, ...args: unknown[]): unknown {
      if (current && args[0] !== 1 && args[0] !== 2) current.noteUnsafe(`it wrote to a file (fs.${name})`);
      return original.apply(this, args);
    };
  fs.write = guard(fs.write as AnyFunction, 'write') as typeof fs.write;
  fs.writeSync = guard(fs.writeSync as AnyFunction, 'writeSync') as typeof fs.writeSync;
  return () => {
    fs.write = originals.write;
    fs.writeSync = originals.writeSync;
  };
}

/**
 * Starts recording. node:fs/promises is patched when first reached (through fs.promises or a require), not
 * loaded here: loading it costs a cold `aispec check` ~2 ms it does not otherwise spend.
 */
export function startInputTrace(options: InputTraceOptions = {}): InputTrace {
  if (current) throw new Error('an input trace is already running');
  const recorder = new Recorder((options.ignoreUnder ?? []).map((folder) => resolve(folder)));
  const restores: (() => void)[] = [];
  const restoreAll = () => {
    for (const restore of restores.reverse()) restore();
    restores.length = 0;
  };
  try {
    installTrace(recorder, restores);
  } catch (error) {
    restoreAll(); // nothing half-patched stays behind
    throw error;
  }
  current = recorder;
  return {
    stop(): TracedInputs {
      if (current === recorder) current = undefined;
      restoreAll();
      const traced: TracedInputs = { paths: [...recorder.paths], env: recorder.env };
      if (recorder.unsafe !== undefined) traced.unsafe = recorder.unsafe;
      return traced;
    },
  };
}

/** Wraps node:fs, node:fs/promises (when reached), require and process.env for `recorder`. */
function installTrace(recorder: Recorder, restores: (() => void)[]): void {
  patchModule(fs as unknown as Patchable, true, restores);
  restores.push(patchDescriptorWrites());

  // node:fs/promises, patched once when first reached.
  let promisesPatched = false;
  const patchPromises = (promises: Patchable): Patchable => {
    if (!promisesPatched) {
      promisesPatched = true;
      patchModule(promises, false, restores);
    }
    return promises;
  };
  const promisesDescriptor = Object.getOwnPropertyDescriptor(fs, 'promises');
  if (promisesDescriptor?.get && promisesDescriptor.configurable) {
    const getPromises = promisesDescriptor.get;
    Object.defineProperty(fs, 'promises', { ...promisesDescriptor, get: () => patchPromises(getPromises.call(fs) as Patchable) });
    restores.push(() => Object.defineProperty(fs, 'promises', promisesDescriptor));
  } else if (promisesDescriptor) {
    patchPromises(fs.promises as unknown as Patchable);
  }
  const moduleStatics = Module as unknown as { prototype: { require: (id: string) => unknown } };
  const originalRequire = moduleStatics.prototype.require;
  moduleStatics.prototype.require = function (this: unknown, id: string): unknown {
    const exported = originalRequire.call(this, id);
    const name = id.startsWith('node:') ? id.slice(5) : id;
    if (current === recorder) {
      if (name === 'fs/promises') patchPromises(exported as Patchable);
      if (UNTRACEABLE_MODULES.has(name)) recorder.noteUnsafe(`it loaded node:${name}`);
    }
    return exported;
  };
  restores.push(() => {
    moduleStatics.prototype.require = originalRequire;
  });

  // The environment, through a proxy that records each name asked for.
  const realEnv = process.env;
  process.env = new Proxy(realEnv, {
    get(target, name) {
      const value = Reflect.get(target, name) as string | undefined;
      if (typeof name === 'string' && current === recorder && !recorder.env.has(name)) recorder.env.set(name, value);
      return value;
    },
    has(target, name) {
      const present = Reflect.has(target, name);
      if (typeof name === 'string' && current === recorder && !recorder.env.has(name)) recorder.env.set(name, Reflect.get(target, name) as string | undefined);
      return present;
    },
    ownKeys(target) {
      if (current === recorder) recorder.noteUnsafe('it listed the whole environment');
      return Reflect.ownKeys(target);
    },
    set(target, name, value) {
      if (current === recorder) recorder.noteUnsafe(`it set the environment variable ${String(name)}`);
      return Reflect.set(target, name, value);
    },
    deleteProperty(target, name) {
      if (current === recorder) recorder.noteUnsafe(`it removed the environment variable ${String(name)}`);
      return Reflect.deleteProperty(target, name);
    },
  });
  restores.push(() => {
    process.env = realEnv;
  });

  // Node prints a process warning to standard error itself, outside the command's output: a reuse would not.
  const onWarning = () => {
    if (current === recorder) recorder.noteUnsafe('it printed a process warning');
  };
  process.on('warning', onWarning);
  restores.push(() => process.off('warning', onWarning));
}
