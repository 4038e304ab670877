// The Node host for loading specs: plain file reads, paths resolved against the spec's folder. A path the spec
// names must stay inside the spec's project (see contained-path.ts): resolving one outside throws, so the
// file is never read.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SpecHost } from '../core/index.js';
import { containedPath, type ReadAccess } from './contained-path.js';

export function createNodeSpecHost(access: ReadAccess = {}): SpecHost {
  return {
    readFile: (path) => readFile(path, 'utf8'),
    resolve: (fromFile, relative) => containedPath(fromFile, resolve(dirname(fromFile), relative), access),
  };
}

export const nodeSpecHost: SpecHost = createNodeSpecHost();
