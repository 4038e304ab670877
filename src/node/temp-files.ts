// aispec's temp files in a runs folder: a case spill (`.cases.<pid>.<hex>.tmp`, or `.<n>.tmp` segments; up to a
// million cases' 1.1 GB) or a results file being written (`.<name>.<pid>.<hex>.tmp`). One place names them
// (tempStem) and tells them (isTempFileName), so the writers, the editor's watcher that leaves them out and the
// tidy-up below always agree.
//
// A run that ends normally, fails or is cancelled removes its own; a run killed before it could (SIGKILL, out of
// memory, a power cut) left them for good. A saved run now removes those in its runs folder whose process is
// gone and that nothing wrote for a day: the age keeps a live run of another machine (a shared folder, where the
// pid means nothing) safe, and the pid a live run here that has been waiting that long.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { removeOldFiles } from './old-files.js';

/** The temp names given by tempStem (+ `.tmp`, or `.<n>.tmp`): the pid is the second group. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{12}(?:\.\d+)?\.tmp$/;

/**
 * A fresh temp path in `folder` for `name` (a file's name, or "cases"), unique to this process and call, without
 * its ending: add `.tmp`, or `.<n>.tmp` for one of several parts. A dot file, so listings and globs pass it by.
 */
export function tempStem(folder: string, name: string): string {
  return join(folder, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}`);
}

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
export function removeAbandonedTempFiles(folder: string, now = Date.now(), alive: (pid: number) => boolean = processAlive): string[] {
  return removeOldFiles(
    folder,
    ABANDONED_AFTER_MS,
    (name) => {
      const pid = Number(TEMP_NAME.exec(name)?.[2]);
      return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid);
    },
    now,
  );
}
