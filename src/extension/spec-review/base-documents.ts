// Read-only documents of a file as it is at a git commit (`aispec-base:` URIs), for the left side of the diff
// editor Compare with Base Branch opens and for a case file's base version. The URI keeps the file's path, so
// the document gets the spec's language, and carries the repository and the commit in its query; content
// comes from git-file.ts (cat-file of one blob, no shell). A provider's documents cannot be edited or saved.
import * as vscode from 'vscode';
import { GitError, readFileAtRevision, repositoryPath } from '../../node/git-file.js';

export const BASE_SCHEME = 'aispec-base';

interface BaseQuery {
  root: string;
  commit: string;
}

/** The URI of `file` (absolute, inside `root`) as it is at `commit`. */
export function baseUri(root: string, commit: string, file: string): vscode.Uri {
  const query: BaseQuery = { root, commit };
  return vscode.Uri.file(file).with({ scheme: BASE_SCHEME, query: JSON.stringify(query) });
}

function parseQuery(uri: vscode.Uri): BaseQuery | null {
  try {
    const value = JSON.parse(uri.query) as Partial<BaseQuery>;
    return typeof value.root === 'string' && typeof value.commit === 'string' && /^[0-9a-f]{40,64}$/.test(value.commit) ? { root: value.root, commit: value.commit } : null;
  } catch {
    return null;
  }
}

export class BaseDocuments implements vscode.TextDocumentContentProvider {
  /**
   * Only after the workspace is trusted (the command checks before it opens one); a URI restored with the
   * window, or typed in, reads nothing until then.
   */
  constructor(private readonly trusted: () => boolean) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = parseQuery(uri);
    if (!query) return '(aispec: this link does not name a file at a commit)';
    if (!this.trusted()) return '(aispec runs git only in a trusted workspace: trust this workspace to see the base version)';
    try {
      return await readFileAtRevision(query.root, query.commit, repositoryPath(query.root, uri.fsPath));
    } catch (error) {
      // Not there at the base (a spec added by the change): an empty left side shows every line as added.
      if (error instanceof GitError && error.code === 'ENOENT') return '';
      return `(aispec: ${error instanceof Error ? error.message : String(error)})`;
    }
  }
}
