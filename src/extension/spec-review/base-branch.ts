// Which branch "Compare with Base Branch" compares with: the `aispec.baseBranch` setting when set; else the
// branch a pull request from here would go to (git-file.ts: origin/HEAD, else main or master); when that is
// ambiguous (both main and master) or unknown, the user picks from the repository's branches. Whatever is
// chosen is verified to name a commit before anything is read at it.
import * as vscode from 'vscode';
import { baseBranchCandidates } from '../../node/git-file.js';

export const BASE_BRANCH_SETTING = 'baseBranch';

/** The base revision as the user would name it, or undefined when they cancelled the pick. */
export async function chooseBaseBranch(root: string, scope: vscode.Uri): Promise<string | undefined> {
  const configured = vscode.workspace.getConfiguration('aispec', scope).get<string>(BASE_BRANCH_SETTING, '').trim();
  if (configured) return configured;
  const { preferred, candidates, branches } = await baseBranchCandidates(root);
  if (preferred) return preferred;
  const options = candidates.length > 0 ? candidates : await branches();
  if (options.length === 0) {
    void vscode.window.showErrorMessage('aispec: this repository has no branch to compare with yet (no commit). Commit the spec first, or set aispec.baseBranch.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    options.map((label) => ({ label })),
    {
      title: 'aispec: Compare with Base Branch',
      placeHolder: candidates.length > 1 ? 'Both main and master exist: which one does this change go to? (set aispec.baseBranch to skip this)' : 'No origin/HEAD, main or master: which branch does this change go to? (set aispec.baseBranch to skip this)',
    },
  );
  return picked?.label;
}
