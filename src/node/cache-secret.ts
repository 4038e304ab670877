// The secret that authenticates this machine's cache entries (HMAC-SHA256, see disk-cache.ts). It lives
// outside the workspace, so cache files committed to a repository or edited by hand can never pass for
// outputs this machine received: `$AISPEC_CACHE_KEY_FILE`, else `cache-key` in the user's cache folder
// (user-cache-dir.ts: an absolute `$XDG_CACHE_HOME/aispec`, else `~/.cache/aispec`), created with mode 0600 on first use.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { userCacheDir } from './user-cache-dir.js';

export const CACHE_KEY_FILE_ENV = 'AISPEC_CACHE_KEY_FILE';

const KEY_BYTES = 32;
const KEY_TEXT = /^[0-9a-f]{64}$/;

export function cacheKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[CACHE_KEY_FILE_ENV];
  if (explicit) return explicit;
  return join(userCacheDir(env), 'cache-key');
}

/** The secret, created on first use. Rejects when the file can be neither read nor created. */
export async function loadCacheSecret(path: string = cacheKeyFile()): Promise<Buffer> {
  const existing = await readKey(path);
  if (existing) return existing;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const fresh = randomBytes(KEY_BYTES).toString('hex');
  try {
    // 'wx': two processes starting at once must not each write their own key; the loser reads the winner's.
    await writeFile(path, `${fresh}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = await readKey(path);
    if (raced) return raced;
    // A file that is not a key (truncated, edited): replace it; entries it authenticated become misses.
    await writeFileAtomic(path, `${fresh}\n`, { mode: 0o600 });
  }
  return Buffer.from(fresh, 'hex');
}

async function readKey(path: string): Promise<Buffer | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return KEY_TEXT.test(text) ? Buffer.from(text, 'hex') : undefined;
  } catch {
    return undefined;
  }
}
