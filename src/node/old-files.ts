// Files of a folder nothing wrote for a while, removed: the user cache's entries of other builds and spec
// versions (user-cache-dir.ts), and the temp files a killed run left in a runs folder (temp-files.ts). A tidy-up,
// never the work itself: what cannot be listed, read or removed stays, and the rest of the folder is still gone
// through. Only plain files are removed (no folder, and a link is not followed).
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Removes the files of `folder` whose name is `considered` and that nothing wrote in the last `olderThanMs`; returns their names. */
export function removeOldFiles(folder: string, olderThanMs: number, considered: (name: string) => boolean, now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!considered(name)) continue;
    const path = join(folder, name);
    try {
      const stats = lstatSync(path, { throwIfNoEntry: false });
      if (!stats?.isFile() || now - stats.mtimeMs < olderThanMs) continue;
      rmSync(path, { force: true });
      removed.push(name);
    } catch {
      // removed meanwhile by another process, or not ours to remove: it stays
    }
  }
  return removed;
}
