// Where aispec keeps its files for a spec: `.aispec/` at the project root, the nearest ancestor of the spec
// holding .git, aispec.config.json or package.json (the spec's own folder when there is none). The same root
// bounds the files a spec may read (contained-path.ts); package.json counts because projects without a
// repository (and the tests' temporary projects) mark their root with it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT_MARKERS = ['.git', 'aispec.config.json', 'package.json'];

export function projectRoot(specFile: string): string {
  let dir = dirname(specFile);
  for (;;) {
    if (ROOT_MARKERS.some((m) => existsSync(join(dir, m)))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return dirname(specFile);
    dir = parent;
  }
}

export function aispecDir(specFile: string): string {
  return join(projectRoot(specFile), '.aispec');
}

/** Spec ids are slugs (the schema enforces it); this keeps a bad one from escaping the runs folder anyway. */
export function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}
