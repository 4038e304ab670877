// One spec at two versions, the way `aispec review` and the editor's Compare with Base Branch both read it:
// as it was at a revision (its case file and system_file from that revision too) and as it is in the working
// tree, each allowed to be missing (a spec added or deleted in the change), and their spec diff.
import { resolve } from 'node:path';
import { diffSpecs, type SpecSide } from '../core/index.js';
import type { SpecDiff } from '../shared/spec-diff.js';
import { GitError } from './git-file.js';
import { readSpecSide } from './spec-revision.js';

export interface SpecVersions {
  /** Absolute path of the spec in the working tree. */
  file: string;
  base: SpecSide;
  head: SpecSide;
  spec: SpecDiff;
}

/**
 * `path` is relative to the repository `root`; `commit` is the verified base commit and `revision` the name
 * the user gave it (for labels). A GitError when either side cannot be read, or the spec exists on neither.
 */
export async function readSpecVersions(root: string, commit: string, revision: string, path: string): Promise<SpecVersions> {
  const file = resolve(root, path);
  const [base, head] = await Promise.all([
    readSpecSide({ revision: commit, path: file, label: `${revision}:${path}` }, root, true),
    readSpecSide({ revision: null, path: file, label: path }, root, true),
  ]).catch((e: Error) => {
    throw new GitError(`cannot read ${path}: ${e.message}`);
  });
  if (!base.exists && !head.exists) throw new GitError(`${path} exists neither at ${revision} nor in the working tree`, 'ENOENT');
  return { file, base, head, spec: diffSpecs(base, head) };
}
