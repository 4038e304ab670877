// The workspace configuration file, `aispec.config.json`, found in the spec's folder or the nearest
// ancestor. The CLI and the editor read the same file, so rule severities never differ between them.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SeverityOverrides } from '../core/lint/index.js';

export const CONFIG_FILE = 'aispec.config.json';

export interface WorkspaceConfig {
  path?: string;
  lint: SeverityOverrides;
  problems: string[];
}

const cache = new Map<string, WorkspaceConfig>();

export function workspaceConfigFor(specFile: string, useCache = true): WorkspaceConfig {
  let dir = dirname(specFile);
  for (;;) {
    const path = join(dir, CONFIG_FILE);
    if (existsSync(path)) {
      const cached = useCache ? cache.get(path) : undefined;
      if (cached) return cached;
      const config = readConfig(path);
      cache.set(path, config);
      return config;
    }
    if (dirname(dir) === dir) return { lint: {}, problems: [] };
    dir = dirname(dir);
  }
}

function readConfig(path: string): WorkspaceConfig {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { lint?: unknown };
    const lint = data.lint;
    if (lint !== undefined && (typeof lint !== 'object' || lint === null || Array.isArray(lint))) {
      return { path, lint: {}, problems: [`${path}: "lint" maps rule ids to off, info, warning or error.`] };
    }
    return { path, lint: (lint ?? {}) as SeverityOverrides, problems: [] };
  } catch (error) {
    return { path, lint: {}, problems: [`${path}: not valid JSON (${(error as Error).message}).`] };
  }
}
