// The files a spec names (case files, recorded outputs, system_file, a command target's program files) are
// read only when they lie inside the spec's project, after following symlinks: a spec from a pull request must
// not be able to send /proc/self/environ to a model as a prompt or make an error message quote a file from
// elsewhere. Reads the user grants beyond the project (a later --allow-read) come in as `allowRead`.
//
// Checking a path and then reading it by name would leave a window in which a link (the file itself or a
// folder on its way) is swapped to point outside. So a read opens the file once, checks that what it opened is
// the file that was checked, and reads from that handle: the real path is opened without following a final
// link, the handle's device and inode must be those of the checked file, and where the system can name an
// open file (Linux's /proc/self/fd) that name must lie inside the project too.
import { constants, realpathSync, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { projectRoot } from './project-paths.js';

export interface ReadAccess {
  /** Folders or files outside the project that the user explicitly allows specs to read. */
  allowRead?: readonly string[];
}

/** A spec named a file outside its project. The message names the project folder only, never the file's content. */
export class OutsideProjectError extends Error {
  readonly code = 'EOUTSIDEPROJECT';
  constructor(readonly path: string, readonly root: string, viaLink: boolean) {
    super(`${viaLink ? 'it is a link to a file' : 'it is'} outside the project ${root}; a spec reads only files inside its project`);
    this.name = 'OutsideProjectError';
  }
}

/** The file opened was not the file checked: a link on its path changed in between. Nothing was read. */
export class SwappedFileError extends Error {
  readonly code = 'ESWAPPED';
  constructor(readonly path: string) {
    super('it changed while it was opened (a link on its path now leads elsewhere); nothing was read');
    this.name = 'SwappedFileError';
  }
}

/**
 * Points in a contained open where a test swaps a link, to show the swap is caught. The host never passes
 * them; they run after the containment check and before the file's identity is taken, and before the open.
 */
export interface OpenRaceHooks {
  afterCheck?(): void | Promise<void>;
  beforeOpen?(): void | Promise<void>;
}

interface CheckedPath {
  /** The path as the spec named it, made absolute. */
  absolute: string;
  /** The same file with every symlink followed. */
  real: string;
  /** The real paths of the allowed folders that hold it: what an opened file's own name must lie in. */
  realFolders: string[];
}

function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real path when the file exists (symlinks followed), the lexical one when it does not (the read then fails as missing). */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function checkContained(specFile: string, path: string, access: ReadAccess): CheckedPath {
  const absolute = resolve(path);
  const real = realOrSelf(absolute);
  const allowed = [projectRoot(resolve(specFile)), ...(access.allowRead ?? []).map((p) => resolve(p))];
  const realFolders = allowed.filter((folder) => isWithin(absolute, folder)).map(realOrSelf).filter((folder) => isWithin(real, folder));
  if (realFolders.length > 0) return { absolute, real, realFolders };
  throw new OutsideProjectError(path, allowed[0]!, allowed.some((folder) => isWithin(absolute, folder)));
}

/**
 * Returns `path` (absolute) when the spec `specFile` may read it: inside the spec's project both as written and
 * once symlinks are followed, or inside a granted folder. Throws OutsideProjectError otherwise. This is the
 * check a spec's diagnostics use; reading goes through {@link openContained}, which checks again at the open.
 */
export function containedPath(specFile: string, path: string, access: ReadAccess = {}): string {
  return checkContained(specFile, path, access).absolute;
}

// O_NOFOLLOW: the real path has no link left in it, so a link found at the open was swapped in. O_NONBLOCK: a
// FIFO put there cannot hang the open (it is then refused as not a file). Windows has neither flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Opens a file the spec `specFile` names, for reading, only if the file opened is the contained file that was
 * checked (see the top of this file). Throws OutsideProjectError or SwappedFileError otherwise, and an error
 * with code EISDIR for a folder. The caller closes the handle.
 */
export async function openContained(specFile: string, path: string, access: ReadAccess = {}, hooks: OpenRaceHooks = {}): Promise<FileHandle> {
  return (await openContainedFile(specFile, path, access, hooks)).handle;
}

/** {@link openContained}, with the size the opened file had when it was checked (one fstat for both). */
async function openContainedFile(specFile: string, path: string, access: ReadAccess, hooks: OpenRaceHooks): Promise<{ handle: FileHandle; size: number }> {
  const checked = checkContained(specFile, path, access);
  await hooks.afterCheck?.();
  const expected = await fsp.stat(checked.real, { bigint: true });
  await hooks.beforeOpen?.();
  let handle: FileHandle;
  try {
    handle = await fsp.open(checked.real, OPEN_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new SwappedFileError(path);
    throw error;
  }
  try {
    const opened = await handle.stat({ bigint: true });
    if (opened.dev !== expected.dev || opened.ino !== expected.ino) throw new SwappedFileError(path);
    const name = await nameOfOpenFile(handle);
    if (name !== undefined && !checked.realFolders.some((folder) => isWithin(name, folder))) throw new SwappedFileError(path);
    if (opened.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' });
    if (!opened.isFile()) throw Object.assign(new Error('it is not a regular file'), { code: 'ENOTFILE' });
    return { handle, size: Number(opened.size) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Files of this size or more are read into one buffer and decoded at once; smaller ones by readFile('utf8'),
 * which decodes 512 KB at a time and joins the pieces. For a million cases' case file (133 MB) those pieces
 * were another 133 MB of large strings, carried as garbage until a full collection. Below 32 MiB the whole
 * buffer costs more than it saves: glibc's malloc, once a block of that size is freed, keeps the next ones in
 * the process instead of returning them (its mmap threshold rises up to 32 MiB), and at 100,000 cases (two
 * 13 MB files) that raised the run's peak RSS by ~28 MB. The text is the same either way.
 */
const WHOLE_READ_MIN_BYTES = 32 * 1024 * 1024;

/** Reads (UTF-8) a file the spec `specFile` names, through {@link openContained}. */
export async function readContainedFile(specFile: string, path: string, access: ReadAccess = {}, hooks: OpenRaceHooks = {}): Promise<string> {
  const { handle, size } = await openContainedFile(specFile, path, access, hooks);
  try {
    if (size < WHOLE_READ_MIN_BYTES) return await handle.readFile('utf8');
    return (await handle.readFile()).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The path the system has for an open file, where it keeps one (Linux); undefined elsewhere. */
async function nameOfOpenFile(handle: FileHandle): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    return await fsp.readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    // no /proc mounted (some containers): the device and inode comparison stands alone
    return undefined;
  }
}
