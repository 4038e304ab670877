// Reading a spec as it was at a git revision (`aispec diff main:specs/a.aispec.md ...`, `aispec review`): git
// runs without a shell with fixed arguments, a revision that could pass for an option is refused, and the
// files a spec names (its case file, its system_file) are read from the same revision. They must stay inside
// the spec's project as docs/security.md defines it (no `..` out of it, nothing outside the repository); at a
// revision there are no symlinks to follow: a link is a blob holding its target's name, read as text.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { filesNamedBySpec, type SpecHost } from '../core/index.js';
import { OutsideProjectError } from './contained-path.js';
import { projectRoot } from './project-paths.js';

/** Blobs past this size are refused rather than buffered (a spec is capped at 5 MB, a case file at 50 MB). */
const MAX_BLOB_BYTES = 64 * 1024 * 1024;

export class GitError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: MAX_BLOB_BYTES, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) => {
      if (!error) return resolvePromise(stdout);
      const firstLine = String(stderr).split('\n').find((l) => l.trim() !== '') ?? error.message;
      reject(new GitError(`git ${args[0]}: ${firstLine.trim()}`));
    });
  });
}

/** The top folder of the repository holding `cwd`. */
export async function gitRoot(cwd: string): Promise<string> {
  try {
    return resolve((await git(cwd, ['rev-parse', '--show-toplevel'])).trim());
  } catch {
    throw new GitError(`${cwd} is not inside a git repository`);
  }
}

/** A revision as the user wrote it, checked to name a commit. Refuses what git could read as an option. */
export async function verifyRevision(root: string, revision: string): Promise<string> {
  if (revision === '' || revision.startsWith('-') || /[\s\0]/.test(revision)) throw new GitError(`"${revision}" is not a revision`);
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`])).trim();
  } catch {
    throw new GitError(`"${revision}" names no commit in this repository`);
  }
}

/**
 * The commit a change on HEAD is reviewed against, given the base it goes to (`main`): their merge base, as a
 * pull request's diff is, so commits that reached the base after the branch left it are not shown as this
 * change undoing them; the base's own commit when the two share no history. `tip`: the commit REV names now.
 * Refuses what `verifyRevision` does.
 */
export async function changeBase(root: string, revision: string): Promise<{ commit: string; tip: string }> {
  const tip = await verifyRevision(root, revision);
  const mergeBase = await git(root, ['merge-base', tip, 'HEAD']).then(
    (out) => out.trim(),
    () => '',
  );
  return { commit: mergeBase || tip, tip };
}

/** Whether a ref (`refs/remotes/origin/main`) exists. */
async function refExists(root: string, ref: string): Promise<boolean> {
  return git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).then(
    () => true,
    () => false,
  );
}

/**
 * The branch a pull request from here would most likely go to, as a reviewer names it: the remote's default
 * (`origin/HEAD`, set by clone) when it is known; otherwise every one of `main` and `master` that exists,
 * origin's copy before the local branch (several: the caller asks which). `branches` lists every local and
 * remote branch, for asking when none of these exists.
 */
export async function baseBranchCandidates(root: string): Promise<{ preferred: string | null; candidates: string[]; branches: () => Promise<string[]> }> {
  const branches = async () => (await git(root, ['for-each-ref', '--format=%(refname:short)', 'refs/heads', 'refs/remotes'])).split('\n').filter((b) => b !== '' && !b.endsWith('/HEAD') && b !== 'origin');
  const originHead = await git(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']).then(
    (out) => out.trim(),
    () => '',
  );
  if (originHead && (await refExists(root, `refs/remotes/${originHead}`))) return { preferred: originHead, candidates: [originHead], branches };
  const candidates: string[] = [];
  for (const name of ['main', 'master']) {
    if (await refExists(root, `refs/remotes/origin/${name}`)) candidates.push(`origin/${name}`);
    else if (await refExists(root, `refs/heads/${name}`)) candidates.push(name);
  }
  return { preferred: candidates.length === 1 ? candidates[0]! : null, candidates, branches };
}

/** Repository paths (relative to the root, `/`-separated) of every file that differs between REV and HEAD's merge base with it. */
export async function changedPaths(root: string, revision: string): Promise<string[]> {
  const commit = await verifyRevision(root, revision);
  const out = await git(root, ['diff', '--name-only', '-z', '--no-renames', `${commit}...HEAD`, '--']);
  return out.split('\0').filter((p) => p !== '');
}

/**
 * The specs a change touches: each spec changed since REV, and each spec of HEAD whose case file, system_file
 * or recorded outputs changed (what it measures changed, though its own text did not).
 */
export async function changedSpecPaths(root: string, revision: string): Promise<string[]> {
  const changed = await changedPaths(root, revision);
  const touched = new Set(changed);
  const specs = new Set(changed.filter((p) => p.endsWith('.aispec.md')));
  const tracked = (await git(root, ['ls-files', '-z', '--', '*.aispec.md'])).split('\0').filter((p) => p !== '');
  for (const path of tracked) {
    if (specs.has(path)) continue;
    const file = resolve(root, path);
    const text = await readFile(file, 'utf8').catch(() => '');
    const named = filesNamedBySpec(text, file).map((rel) => relative(root, resolve(dirname(file), rel)).split(sep).join('/'));
    if (named.some((p) => touched.has(p))) specs.add(path);
  }
  return [...specs].sort();
}

/** `specs/a.aispec.md` for a path inside the repository; throws for one outside it. */
export function repositoryPath(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new OutsideProjectError(absolute, root, false);
  return rel.split(sep).join('/');
}

/** The content of a file at a revision, or a GitError with code ENOENT when it does not exist there. */
export async function readFileAtRevision(root: string, commit: string, path: string): Promise<string> {
  try {
    // cat-file prints the blob as stored: no textconv filter or pager can run.
    return await git(root, ['cat-file', 'blob', `${commit}:${path}`]);
  } catch {
    throw new GitError(`${path} does not exist at ${commit.slice(0, 12)}`, 'ENOENT');
  }
}

function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * A SpecHost over one revision: paths are absolute paths in the working tree's layout, and reads come from the
 * commit. A spec may name files only inside its project (the nearest folder with .git, aispec.config.json or
 * package.json, as for the working tree) and never outside the repository.
 */
export function createGitSpecHost(root: string, commit: string): SpecHost {
  return {
    readFile: async (path) => readFileAtRevision(root, commit, repositoryPath(root, path)),
    resolve: (fromFile, rel) => {
      const absolute = resolve(dirname(fromFile), rel);
      const project = projectRoot(resolve(fromFile));
      if (!isWithin(absolute, root) || !isWithin(absolute, isWithin(project, root) ? project : root)) throw new OutsideProjectError(rel, project, false);
      return absolute;
    },
  };
}
