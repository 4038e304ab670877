// The Node host for loading specs: plain file reads, paths resolved against the spec's folder. A path the spec
// names must stay inside the spec's project (see contained-path.ts): resolving one outside throws, so the
// file is never read, and a file read for a spec is opened once and checked again as opened.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SpecHost } from '../core/index.js';
import { containedPath, readContainedFile, type ReadAccess } from './contained-path.js';

export function createNodeSpecHost(access: ReadAccess = {}): SpecHost {
  return {
    readFile: (path, namedBy) => (namedBy === undefined ? readFile(path, 'utf8') : readContainedFile(namedBy, path, access)),
    resolve: (fromFile, relative) => containedPath(fromFile, resolve(dirname(fromFile), relative), access),
  };
}

export const nodeSpecHost: SpecHost = createNodeSpecHost();
