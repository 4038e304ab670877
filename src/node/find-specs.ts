// Expands `aispec check [paths or globs]` into spec files: folders are searched for *.aispec.md, skipping
// node_modules, dot-folders and whatever the .gitignore files on the way ignore.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
// ignore and tinyglobby (with fdir and picomatch) are loaded only when a folder or a glob is searched: most
// runs name spec files, and loading them set up picomatch's tables and ignore's rules on every start.
import type { Ignore } from 'ignore';

type IgnoreFactory = typeof import('ignore');

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
    const dynamic = await isDynamicPattern(arg);
    if (!dynamic && existsSync(absolute) && statSync(absolute).isFile()) {
      files.add(absolute); // named explicitly: checked even when ignored or not named *.aispec.md
    } else if (!dynamic && existsSync(absolute)) {
      for (const f of await searchFolder(absolute, SPEC_GLOB)) files.add(f);
    } else if (dynamic) {
      for (const f of await searchFolder(cwd, arg)) files.add(f);
    }
    if (files.size === before && !(existsSync(absolute) && statSync(absolute).isDirectory())) missing.push(arg);
  }
  return { files: [...files].sort(), missing };
}

/**
 * Characters without which picomatch's scan (what tinyglobby's isDynamicPattern asks) finds no glob and no
 * negation: its globs start at * ? [ { ( or an extglob's ! + @, and \ escapes. A name free of all of them is
 * a plain path, known without loading the glob libraries (find-specs.test.ts checks this against tinyglobby).
 */
export const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;

async function isDynamicPattern(arg: string): Promise<boolean> {
  if (!GLOB_SYNTAX.test(arg)) return false;
  return (await import('tinyglobby')).isDynamicPattern(arg);
}

async function searchFolder(folder: string, pattern: string): Promise<string[]> {
  const { glob } = await import('tinyglobby');
  // A CommonJS module: its exports are the factory (and the factory's own `default`).
  const ignore = ((await import('ignore')) as unknown as { default: IgnoreFactory }).default;
  const found = await glob(pattern, { cwd: folder, absolute: true, ignore: ALWAYS_SKIPPED, dot: false, followSymbolicLinks: false });
  const rules = gitignoreRules(folder, ignore);
  return found.filter((file) => !rules.ignores(file));
}

/** The .gitignore files of the folder and its ancestors up to the repository root, applied per folder. */
function gitignoreRules(folder: string, ignore: IgnoreFactory): { ignores(file: string): boolean } {
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
