// The on-disk output cache: one small JSON file per answer (a target output or a judge answer) under the run
// session's folder, named by the SHA-256 of the key material. Each file is written atomically the moment its
// answer arrives, so a run killed with SIGKILL leaves only whole entries, and resuming it finds every answer
// that finished. Every entry carries an HMAC-SHA256 under this machine's secret (cache-secret.ts): an entry
// without a valid one (hand-edited, committed by someone else, written under another key) is a miss, never
// trusted, and is counted so the run can say so.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import type { OutputCache, TargetOutput } from '../core/index.js';

export interface DiskCache extends OutputCache {
  /** Entries found at the right place that failed authentication, so were ignored. */
  readonly untrusted: number;
}

/** What is stored: the authenticated text and its MAC; `body` is the JSON of `{ key, output }`. */
interface StoredEntry {
  body: string;
  mac: string;
}

export function createDiskCache(folder: string, secret: Buffer): DiskCache {
  const created = new Set<string>();
  let untrusted = 0;
  const pathOf = (key: string) => {
    const hash = createHash('sha256').update(key).digest('hex');
    return join(folder, hash.slice(0, 2), `${hash}.json`);
  };
  const macOf = (body: string) => createHmac('sha256', secret).update(body, 'utf8').digest();
  return {
    get untrusted() {
      return untrusted;
    },
    async get(key) {
      let text: string;
      try {
        text = await readFile(pathOf(key), 'utf8');
      } catch {
        return undefined; // missing or unreadable: a miss, and the answer is asked for again
      }
      const entry = parseEntry(text);
      const mac = entry ? Buffer.from(entry.mac, 'hex') : undefined;
      const expected = entry ? macOf(entry.body) : undefined;
      if (!entry || !mac || !expected || mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
        untrusted++;
        return undefined;
      }
      const { key: stored, output } = JSON.parse(entry.body) as { key: string; output: TargetOutput };
      return stored === key ? output : undefined; // a hash collision is not a hit
    },
    async put(key, output) {
      const path = pathOf(key);
      const dir = dirname(path);
      if (!created.has(dir)) {
        await mkdir(dir, { recursive: true });
        created.add(dir);
      }
      const body = JSON.stringify({ key, output });
      const entry: StoredEntry = { body, mac: macOf(body).toString('hex') };
      await writeFileAtomic(path, JSON.stringify(entry), { encoding: 'utf8', fsync: false });
    },
  };
}

function parseEntry(text: string): StoredEntry | undefined {
  try {
    const entry = JSON.parse(text) as Partial<StoredEntry> | null;
    return typeof entry?.body === 'string' && typeof entry.mac === 'string' && /^[0-9a-f]+$/.test(entry.mac) ? (entry as StoredEntry) : undefined;
  } catch {
    return undefined;
  }
}
