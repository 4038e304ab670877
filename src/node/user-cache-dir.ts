// aispec's folder in the user's cache, outside every project: `$XDG_CACHE_HOME/aispec`, else `~/.cache/aispec`.
// What lives there is per user and per machine (the cache key, compiled code), never shared through a repository.
// A relative XDG_CACHE_HOME is ignored, as the XDG spec asks: it would put the folder inside whatever project
// the command runs in.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { removeOldFiles } from './old-files.js';

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'aispec');
}

/** How long an entry of the user's cache that nothing wrote again stays before it may be removed. */
export const CACHE_STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

/**
 * Writes `data` to `file` in the user's cache: its folder made private (0700), the file written private (0600)
 * under a temporary name and renamed over `file`, so a reader never sees half an entry. Throws when it cannot;
 * the temporary file is then gone.
 */
export function writeCacheFileSync(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, file);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing more to do: the entry is simply not there
    }
    throw error;
  }
}

/**
 * Removes the files of `folder` that `considered` names, but `keep`, last written more than
 * CACHE_STALE_AFTER_MS ago. What cannot be listed, read or removed stays.
 */
export function removeStaleCacheFiles(folder: string, keep: string, considered: (name: string) => boolean = () => true): void {
  removeOldFiles(folder, CACHE_STALE_AFTER_MS, (name) => name !== basename(keep) && considered(name));
}
