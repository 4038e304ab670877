// The on-disk output cache: one small JSON file per output under .aispec/cache/, named by the SHA-256 of the
// key material. Each file is written atomically the moment its output arrives, so a run killed with SIGKILL
// leaves only whole entries, and the next run finds every output that finished.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { OutputCache, TargetOutput } from '../core/index.js';

export function createDiskCache(folder: string): OutputCache {
  const created = new Set<string>();
  const pathOf = (key: string) => {
    const hash = createHash('sha256').update(key).digest('hex');
    return join(folder, hash.slice(0, 2), `${hash}.json`);
  };
  return {
    async get(key) {
      try {
        const entry = JSON.parse(await readFile(pathOf(key), 'utf8')) as { key: string; output: TargetOutput };
        return entry.key === key ? entry.output : undefined; // a hash collision is not a hit
      } catch {
        return undefined; // missing or unreadable: a miss, and the output is fetched again
      }
    },
    async put(key, output) {
      const path = pathOf(key);
      const dir = dirname(path);
      if (!created.has(dir)) {
        await mkdir(dir, { recursive: true });
        created.add(dir);
      }
      await writeFileAtomic(path, JSON.stringify({ key, output }), { encoding: 'utf8', fsync: false });
    },
  };
}
