// Folding: sections, fences, callouts, <!-- #region --> markers, the frontmatter and every case and criterion.
// A language's folding provider replaces indentation-based folding, so the core folds everything Markdown
// readers expect as well as the YAML. The core parses the YAML to fold it, so the ranges are computed in a
// worker (check-worker.ts), off the extension host's main thread; a request a newer edit overtook is answered
// with nothing, and VS Code asks again for the newer text.
// Folds are made in a worker of their own (shared with the outline, authoring/index.ts), not the live check's:
// folding a 10,000-case spec takes over a second (a full `yaml` Document), and VS Code asks for folds after every
// edit, so in a shared worker each check of a keystroke waited behind the fold of the one before (most of the
// 1.3 s from a keystroke to its diagnostics).
import * as vscode from 'vscode';
import type { CheckWorkerClient } from '../check-worker-client.js';
import { SPEC_SELECTOR } from '../spec-selector.js';

export function registerFolding(worker: CheckWorkerClient): vscode.Disposable {
  return vscode.languages.registerFoldingRangeProvider(SPEC_SELECTOR, {
    async provideFoldingRanges(document) {
      const folds = await worker.ask({ kind: 'fold', file: document.uri.toString(), text: document.getText() });
      return folds?.map(
        (f) => new vscode.FoldingRange(f.startLine, f.endLine, f.kind === 'region' ? vscode.FoldingRangeKind.Region : f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : undefined),
      );
    },
  });
}
