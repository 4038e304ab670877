// The Node host for loading specs: plain file reads, paths resolved against the spec's folder. A path the spec
// names must stay inside the spec's project (see contained-path.ts): resolving one outside throws, so the
// file is never read, and a file read for a spec is opened once and checked again as opened.
import { readFile } from 'node:fs';
import { promisify } from 'node:util';
import { dirname, resolve } from 'node:path';
import type { SpecHost } from '../core/index.js';
import { containedPath, readContainedFile, type ReadAccess } from './contained-path.js';

// A spec is read through node:fs's callback form, not node:fs/promises: loading that module (and the dozen of
// Node's own it brings: its FileHandle, readline, watchers) and reading through a FileHandle took 4-9 ms of a
// cold `aispec check` of a small spec (A/Bs of 60 runs, bench:check). The modules this one uses reach
// node:fs/promises only through node:fs's lazy `promises`, for what a plain check does not do (reading the
// files a spec names, saving a run).
const readText = promisify(readFile);

export function createNodeSpecHost(access: ReadAccess = {}): SpecHost {
  return {
    readFile: (path, namedBy) => (namedBy === undefined ? readText(path, 'utf8') : readContainedFile(namedBy, path, access)),
    resolve: (fromFile, relative) => containedPath(fromFile, resolve(dirname(fromFile), relative), access),
  };
}

export const nodeSpecHost: SpecHost = createNodeSpecHost();
