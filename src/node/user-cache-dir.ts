// aispec's folder in the user's cache, outside every project: `$XDG_CACHE_HOME/aispec`, else `~/.cache/aispec`.
// What lives there is per user and per machine (the cache key, compiled code), never shared through a repository.
// A relative XDG_CACHE_HOME is ignored, as the XDG spec asks: it would put the folder inside whatever project
// the command runs in.
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'aispec');
}
