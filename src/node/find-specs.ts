// Expands `aispec check [paths or globs]` into spec files: folders are searched for *.aispec.md, skipping
// node_modules, dot-folders and whatever the .gitignore files on the way ignore.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { glob, isDynamicPattern } from 'tinyglobby';

const SPEC_GLOB = '**/*.aispec.md';
const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.git/**', '**/.aispec/**', '**/.vscode-test/**'];

export interface FoundSpecs {
  files: string[];
  /** Arguments that matched nothing: reported, and make the run exit 2. */
  missing: string[];
}

export async function findSpecs(args: readonly string[], cwd: string): Promise<FoundSpecs> {
  const patterns = args.length > 0 ? args : ['.'];
  const files = new Set<string>();
  const missing: string[] = [];
  for (const arg of patterns) {
    const before = files.size;
    const absolute = resolve(cwd, arg);
    if (!isDynamicPattern(arg) && existsSync(absolute) && statSync(absolute).isFile()) {
      files.add(absolute); // named explicitly: checked even when ignored or not named *.aispec.md
    } else if (!isDynamicPattern(arg) && existsSync(absolute)) {
      for (const f of await searchFolder(absolute, SPEC_GLOB)) files.add(f);
    } else if (isDynamicPattern(arg)) {
      for (const f of await searchFolder(cwd, arg)) files.add(f);
    }
    if (files.size === before && !(existsSync(absolute) && statSync(absolute).isDirectory())) missing.push(arg);
  }
  return { files: [...files].sort(), missing };
}

async function searchFolder(folder: string, pattern: string): Promise<string[]> {
  const found = await glob(pattern, { cwd: folder, absolute: true, ignore: ALWAYS_SKIPPED, dot: false, followSymbolicLinks: false });
  const rules = gitignoreRules(folder);
  return found.filter((file) => !rules.ignores(file));
}

/** The .gitignore files of the folder and its ancestors up to the repository root, applied per folder. */
function gitignoreRules(folder: string): { ignores(file: string): boolean } {
  const layers: Array<{ base: string; rules: Ignore }> = [];
  let dir = folder;
  for (;;) {
    const path = join(dir, '.gitignore');
    if (existsSync(path)) layers.push({ base: dir, rules: ignore().add(readFileSync(path, 'utf8')) });
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  const nested = new Map<string, Ignore | null>();
  return {
    ignores(file) {
      for (const { base, rules } of layers) {
        const rel = relative(base, file).split(sep).join('/');
        if (rel && !rel.startsWith('..') && rules.ignores(rel)) return true;
      }
      // .gitignore files inside the searched folder, between it and the file.
      let current = dirname(file);
      while (current.startsWith(folder) && current !== folder) {
        let rules = nested.get(current);
        if (rules === undefined) {
          const path = join(current, '.gitignore');
          rules = existsSync(path) ? ignore().add(readFileSync(path, 'utf8')) : null;
          nested.set(current, rules);
        }
        if (rules && rules.ignores(relative(current, file).split(sep).join('/'))) return true;
        current = dirname(current);
      }
      return false;
    },
  };
}
