// The user's cache folder (cache key, compiled code) is never inside a project.
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { codeCacheDir } from '../../../src/node/code-cache.js';
import { cacheKeyFile } from '../../../src/node/cache-secret.js';
import { userCacheDir } from '../../../src/node/user-cache-dir.js';

describe('node: the user cache folder', () => {
  it('is $XDG_CACHE_HOME/aispec when XDG_CACHE_HOME is absolute, else ~/.cache/aispec', () => {
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }), join('/var/cache/me', 'aispec'));
    assert.equal(userCacheDir({}), join(homedir(), '.cache', 'aispec'));
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '' }), join(homedir(), '.cache', 'aispec'));
  });

  it('ignores a relative XDG_CACHE_HOME, which would put it in the folder the command runs in', () => {
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '.cache' }), join(homedir(), '.cache', 'aispec'));
    assert.equal(userCacheDir({ XDG_CACHE_HOME: 'project/cache' }), join(homedir(), '.cache', 'aispec'));
  });

  it('holds the cache key and the compiled code', () => {
    const env = { XDG_CACHE_HOME: '/var/cache/me' };
    assert.equal(cacheKeyFile(env), join('/var/cache/me', 'aispec', 'cache-key'));
    assert.equal(codeCacheDir(env), join('/var/cache/me', 'aispec', 'code-cache'));
  });
});
