// Where one side of a spec comparison comes from: a file on disk (`specs/a.aispec.md`) or a file at a git
// revision (`main:specs/a.aispec.md`, as git writes it: the path is relative to the repository root, or to the
// current folder when it starts with ./ or ../). Loading goes through the matching SpecHost, so the spec's case
// file and system_file come from the same place as the spec.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSpecSide, missingSpecSide, specDigest, type SpecHost, type SpecSide } from '../core/index.js';
import { createGitSpecHost, GitError, verifyRevision } from './git-file.js';
import { newSha256 } from './sha256.js';
import { nodeSpecHost } from './spec-host.js';

export interface SpecLocation {
  /** The revision as written, or null for the working tree. */
  revision: string | null;
  /** Absolute path in the working tree's layout. */
  path: string;
  /** As the user wrote it, for reports. */
  label: string;
}

/** `REV:path` names a revision when no file of that name exists; a one-letter "revision" is a Windows drive. */
export function parseSpecArgument(arg: string, cwd: string, root: string | null): SpecLocation {
  const onDisk = resolve(cwd, arg);
  const match = /^([^:]{2,}):(.+)$/.exec(arg);
  if (existsSync(onDisk) || !match) return { revision: null, path: onDisk, label: arg };
  if (root === null) throw new GitError(`"${arg}" names a git revision, but ${cwd} is not inside a git repository`);
  const [, revision, path] = match as unknown as [string, string, string];
  return { revision, path: /^\.\.?[\\/]/.test(path) ? resolve(cwd, path) : resolve(root, path), label: arg };
}

/** Loads one side; a spec missing there is a GitError (code ENOENT) unless `allowMissing` gives an empty side. */
export async function readSpecSide(location: SpecLocation, root: string | null, allowMissing = false): Promise<SpecSide> {
  if (location.revision === null) {
    if (!existsSync(location.path)) {
      if (allowMissing) return missingSpecSide(location.path, location.label);
      throw new GitError('no such file', 'ENOENT');
    }
    return withDigest(await loadSpecSide(location.path, location.label, nodeSpecHost), nodeSpecHost);
  }
  const commit = await verifyRevision(root!, location.revision);
  const host = createGitSpecHost(root!, commit);
  try {
    await host.readFile(location.path);
  } catch (error) {
    if (allowMissing && (error as GitError).code === 'ENOENT') return missingSpecSide(location.path, location.label);
    throw error;
  }
  return withDigest(await loadSpecSide(location.path, location.label, host), host);
}

/** The side with the digest a run of it would record, read through the same host as the side itself. */
async function withDigest(side: SpecSide, host: SpecHost): Promise<SpecSide> {
  return { ...side, digest: await specDigest(side.spec.text, side.spec.file, host, newSha256, side.spec) };
}
