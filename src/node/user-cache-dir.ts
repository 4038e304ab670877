// aispec's folder in the user's cache, outside every project: `$XDG_CACHE_HOME/aispec`, else `~/.cache/aispec`.
// What lives there is per user and per machine (the cache key, compiled code), never shared through a repository.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'aispec');
}
