// "aispec: Compare with Base Branch" (palette, the spec's editor title and context menus, the explorer): the
// spec as it is at the base branch against the working file, in VS Code's diff editor (the base side a
// read-only `aispec-base:` document), and in the results panel the Spec change view: what changed in the bar
// and, when a saved run of each version is at hand, in quality. git runs only in a trusted workspace.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { gitRoot, verifyRevision } from '../../node/git-file.js';
import { showResults, type ResultsPanel } from '../results-panel/index.js';
import { whenTrusted } from '../running/trust-gate.js';
import { resolveSpecUri } from '../spec-files.js';
import { chooseBaseBranch } from './base-branch.js';
import { BaseBranchChange, type BaseBranchDeps } from './base-branch-change.js';
import { BASE_SCHEME, BaseDocuments } from './base-documents.js';

export const COMPARE_WITH_BASE_BRANCH = 'aispec.compareWithBaseBranch';

export function registerSpecReview(deps: BaseBranchDeps): vscode.Disposable[] {
  // A results panel restored with the window finds its Spec change view again through this.
  deps.services.specChanges = (specFile, baseRevision) => new BaseBranchChange(deps, specFile, baseRevision);
  return [
    vscode.workspace.registerTextDocumentContentProvider(BASE_SCHEME, new BaseDocuments(() => deps.trust.trusted)),
    vscode.commands.registerCommand(COMPARE_WITH_BASE_BRANCH, (arg?: unknown, revision?: unknown) => compareWithBaseBranch(deps, arg, typeof revision === 'string' ? revision : undefined)),
  ];
}

const fail = (message: string): undefined => {
  void vscode.window.showErrorMessage(`aispec: ${message}`);
  return undefined;
};

/** `revision` (tests, other commands) skips choosing the base branch. Resolves to what it opened, for tests. */
export async function compareWithBaseBranch(deps: BaseBranchDeps, arg?: unknown, revision?: string): Promise<{ panel: ResultsPanel; change: BaseBranchChange } | undefined> {
  const uri = await resolveSpecUri(arg, 'Compare with Base Branch');
  if (!uri) return undefined;
  if (uri.scheme !== 'file') return fail('save the spec first: its base version is found with git, by its path.');
  const outcome = await whenTrusted(
    () => deps.trust.trusted,
    async () => {
      let root: string;
      try {
        root = await gitRoot(dirname(uri.fsPath));
      } catch {
        return fail(`${vscode.workspace.asRelativePath(uri, false)} is not in a git repository, so it has no base branch to compare with.`);
      }
      const base = revision ?? (await chooseBaseBranch(root, uri));
      if (!base) return undefined;
      try {
        await verifyRevision(root, base);
      } catch (error) {
        return fail(`${error instanceof Error ? error.message : String(error)}: set aispec.baseBranch to the branch this change goes to.`);
      }
      const change = new BaseBranchChange(deps, uri.fsPath, base);
      try {
        await change.openDiff();
      } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
      }
      deps.services.log.info(`compared ${vscode.workspace.asRelativePath(uri, false)} with ${base}`);
      const panel = await showResults(deps.services, uri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, specChange: change });
      return panel && { panel, change };
    },
  );
  if (outcome && 'allowed' in outcome) {
    deps.trust.explain();
    return undefined;
  }
  return outcome;
}
