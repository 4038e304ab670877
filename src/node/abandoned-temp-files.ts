// Temp files that a run killed before it could finish (SIGKILL, out of memory, a power cut) left in a runs
// folder: a case spill (`.cases.<pid>.<hex>.tmp`, or `.<n>.tmp` segments: up to a million cases' 1.1 GB) or a
// results file being written (`.<name>.<pid>.<hex>.tmp`). A run that ends normally, fails or is cancelled removes
// its own; nothing else ever did. A saved run now removes those in its runs folder whose process is gone and
// that nothing wrote for a day: the age keeps a live run of another machine (a shared folder, where the pid
// means nothing) safe, and the pid a live run here that has been waiting that long.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';

/** The temp names aispec gives in a runs folder (case-spill.ts, results-file-write.ts): the pid is the second group. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{12}(?:\.\d+)?\.tmp$/;

/**
 * Whether a file name is one of aispec's temp files (a spill, a results file being written): not a run yet. The
 * editor's watcher of runs folders leaves them out: a CLI run in a terminal writes its spill for as long as it
 * runs, and every write was a "run changed" event that re-checked the open specs.
 */
export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** How long a temp file must have gone unwritten before it is taken as abandoned. */
export const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/** Whether a process with this pid runs here (one we may not signal runs too). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the abandoned temp files in `folder`; returns their names. Never throws: this is tidying, not the run. */
export async function removeAbandonedTempFiles(folder: string, now = Date.now(), alive: (pid: number) => boolean = processAlive): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await fsp.readdir(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[2]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    const path = join(folder, name);
    try {
      const info = await fsp.lstat(path);
      if (!info.isFile() || now - info.mtimeMs < ABANDONED_AFTER_MS) continue;
      await fsp.rm(path, { force: true });
      removed.push(name);
    } catch {
      // gone meanwhile, or not ours to remove: leave it
    }
  }
  return removed;
}
