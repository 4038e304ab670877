// Documentation of a diagnostic's code (a lint rule, `schema`, `parse`): a read-only Markdown document at
// aispec-docs:/rules/<code>.md. Each diagnostic's code links there (VS Code opens the link in an editor; a
// plain document link, so it works where command links in diagnostics are not run), and the quick fix menu
// offers "Show documentation", which opens it rendered in the Markdown preview.
import * as vscode from 'vscode';
import { ruleDocsMarkdown } from '../../core/index.js';

export const DOCS_SCHEME = 'aispec-docs';
export const SHOW_RULE_DOCS = 'aispec.showRuleDocs';

export function ruleDocsUri(code: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/rules/${code}.md` });
}

export function codeOfDocsUri(uri: vscode.Uri): string | undefined {
  const m = /^\/rules\/([^/]+)\.md$/.exec(uri.path);
  return m?.[1];
}

export function registerRuleDocs(): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent(uri) {
      const code = codeOfDocsUri(uri);
      return (code && ruleDocsMarkdown(code)) ?? `# Unknown rule\n\naispec has no rule named \`${code ?? uri.path}\`.\n`;
    },
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, provider),
    // Not in the palette: it takes a rule id. Quick fixes and links call it.
    vscode.commands.registerCommand(SHOW_RULE_DOCS, async (code: unknown) => {
      if (typeof code !== 'string') return;
      const uri = ruleDocsUri(code);
      try {
        await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
      } catch {
        await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      }
    }),
  );
}
