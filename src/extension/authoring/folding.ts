// Folding: sections, fences, callouts, <!-- #region --> markers, the frontmatter and every case and criterion.
// A language's folding provider replaces indentation-based folding, so the core folds everything Markdown
// readers expect as well as the YAML.
import * as vscode from 'vscode';
import { foldingRanges } from '../../core/index.js';
import { SPEC_SELECTOR } from '../spec-selector.js';

export function registerFolding(): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(SPEC_SELECTOR, {
    provideFoldingRanges(document) {
      return foldingRanges(document.getText()).map(
        (f) => new vscode.FoldingRange(f.startLine, f.endLine, f.kind === 'region' ? vscode.FoldingRangeKind.Region : f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : undefined),
      );
    },
  });
}
