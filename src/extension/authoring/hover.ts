// Hovers on the keys and values of a spec's YAML: the schema's description, type, default, allowed values;
// a lint rule's docs under `lint:`; how many cases use a label or tag. Computed by the core.
import * as vscode from 'vscode';
import { hoverAt, regionAt, scanLayout } from '../../core/index.js';
import type { LastChecks } from './last-check.js';
import { SPEC_SELECTOR } from '../spec-selector.js';

export function registerHover(checks: LastChecks): vscode.Disposable {
  return vscode.languages.registerHoverProvider(SPEC_SELECTOR, {
    async provideHover(document, position) {
      const text = document.getText();
      const offset = document.offsetAt(position);
      if (!regionAt(scanLayout(text, offset), offset)) return undefined; // prose: nothing to say, and fast
      const checked = await checks.of(document);
      const hover = hoverAt(text, offset, checked?.result.spec);
      if (!hover) return undefined;
      return new vscode.Hover(new vscode.MarkdownString(hover.markdown), new vscode.Range(document.positionAt(hover.range.start), document.positionAt(hover.range.end)));
    },
  });
}
