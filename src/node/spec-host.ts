// The Node host for loading specs: plain file reads, paths resolved against the spec's folder.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SpecHost } from '../core/index.js';

export const nodeSpecHost: SpecHost = {
  readFile: (path) => readFile(path, 'utf8'),
  resolve: (fromFile, relative) => resolve(dirname(fromFile), relative),
};
