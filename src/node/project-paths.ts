// Where aispec keeps its files for a spec: `.aispec/` at the project root, the nearest ancestor of the spec
// holding .git, aispec.config.json or package.json (the spec's own folder when there is none). The same root
// bounds the files a spec may read (contained-path.ts); package.json counts because projects without a
// repository (and the tests' temporary projects) mark their root with it.
import { existsSync, promises as fsp } from 'node:fs';
import { dirname, join, relative } from 'node:path';

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

/**
 * Creates `folder` (inside `.aispec/`) with any missing parents. When that creates `.aispec/` itself, a
 * `.gitignore` of `*` goes in first: runs and cached model outputs are local state, and a `git add .`
 * must not commit them (outputs can hold what a prompt revealed). An existing `.aispec/` is left as it
 * is, so a project that deleted the file on purpose keeps its choice.
 */
export async function createAispecFolder(specFile: string, folder: string): Promise<void> {
  const root = aispecDir(specFile);
  const created = await fsp.mkdir(root, { recursive: true });
  if (created !== undefined) await fsp.writeFile(join(root, '.gitignore'), '*\n', { flag: 'wx' }).catch(ignoreExisting);
  if (relative(root, folder) !== '') await fsp.mkdir(folder, { recursive: true });
}

function ignoreExisting(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EEXIST') throw error;
}

/** Spec ids are slugs (the schema enforces it); this keeps a bad one from escaping the runs folder anyway. */
export function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}
