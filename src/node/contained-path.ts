// The files a spec names (case files, recorded outputs, system_file) are read only when they lie inside the
// spec's project, after following symlinks: a spec from a pull request must not be able to send
// /proc/self/environ to a model as a prompt or make an error message quote a file from elsewhere. Reads the
// user grants beyond the project (a later --allow-read) come in as `allowRead`.
import { realpathSync } from 'node:fs';
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

/**
 * Returns `path` (absolute) when the spec `specFile` may read it: inside the spec's project both as written and
 * once symlinks are followed, or inside a granted folder. Throws OutsideProjectError otherwise.
 */
export function containedPath(specFile: string, path: string, access: ReadAccess = {}): string {
  const absolute = resolve(path);
  const real = realOrSelf(absolute);
  const allowed = [projectRoot(resolve(specFile)), ...(access.allowRead ?? []).map((p) => resolve(p))];
  for (const folder of allowed) {
    if (isWithin(absolute, folder) && isWithin(real, realOrSelf(folder))) return absolute;
  }
  throw new OutsideProjectError(path, allowed[0]!, allowed.some((folder) => isWithin(absolute, folder)));
}
