// The outline (Outline view, breadcrumbs, Go to Symbol, sticky scroll): sections as a tree by heading level,
// and in them the rubric criteria, anti-patterns, examples and cases by id (the first `aispec.outline.maxCases`
// of them, 1,000 by default: VS Code sends every symbol to the window after each edit, ~25 ms of the extension
// host's main thread for 10,000 cases, and the rest are one symbol over them). From a parse of the current text,
// so its ranges are exact; made in a worker (the folds' one, authoring/index.ts), because locating every case's
// id builds a full `yaml` Document of the cases, over a second for 10,000 cases, which VS Code asks for after
// every edit (outline, breadcrumbs, sticky scroll). A request a newer edit overtook is answered with nothing,
// and VS Code asks again for the newer text.
import * as vscode from 'vscode';
import type { OutlineKind, OutlineNode } from '../../core/index.js';
import type { CheckWorkerClient } from '../check-worker-client.js';
import { RangeConverter } from '../convert.js';
import { outlineMaxCases } from '../running/settings.js';
import { liveCheckHostInputs } from '../spec-documents.js';
import { SPEC_SELECTOR } from '../spec-selector.js';

const KINDS: Record<OutlineKind, vscode.SymbolKind> = {
  frontmatter: vscode.SymbolKind.Module,
  key: vscode.SymbolKind.Property,
  section: vscode.SymbolKind.String, // as the Markdown outline shows headings
  rubric: vscode.SymbolKind.Array,
  criterion: vscode.SymbolKind.Field,
  'anti-pattern': vscode.SymbolKind.Event,
  example: vscode.SymbolKind.Boolean,
  cases: vscode.SymbolKind.Array,
  case: vscode.SymbolKind.Struct,
};

function toSymbol(node: OutlineNode, file: string, converter: RangeConverter): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(
    node.name,
    node.notListed === undefined ? node.detail : `${node.detail} (the aispec.outline.maxCases setting)`,
    KINDS[node.kind],
    converter.range({ file, ...node.range }),
    converter.range({ file, ...node.selection }),
  );
  symbol.children = node.children.map((c) => toSymbol(c, file, converter));
  return symbol;
}

export function registerOutline(worker: CheckWorkerClient): vscode.Disposable {
  // VS Code asks for the symbols of one version more than once (the outline, breadcrumbs, sticky scroll): the
  // symbols of the last version asked are made once, as converting 10,000 cases' takes the main thread a while.
  let last: { uri: string; version: number; maxCases: number; symbols: Promise<vscode.DocumentSymbol[] | undefined> } | undefined;
  const symbolsOf = async (document: vscode.TextDocument, maxCases: number): Promise<vscode.DocumentSymbol[] | undefined> => {
    const file = document.uri.fsPath;
    const text = document.getText();
    const outline = await worker.ask({ kind: 'outline', file, text, ...liveCheckHostInputs(file), open: true, maxCases });
    if (!outline) return undefined;
    const converter = new RangeConverter((f) => (f === file ? text : undefined));
    return outline.map((n) => toSymbol(n, file, converter));
  };
  return vscode.languages.registerDocumentSymbolProvider(
    SPEC_SELECTOR,
    {
      provideDocumentSymbols(document) {
        const uri = document.uri.toString();
        const maxCases = outlineMaxCases(document.uri);
        if (last?.uri !== uri || last.version !== document.version || last.maxCases !== maxCases) {
          const symbols = symbolsOf(document, maxCases);
          const made = (last = { uri, version: document.version, maxCases, symbols });
          // Overtaken (undefined) or failed: the next request asks the worker again.
          void symbols.then((s) => s === undefined && last === made && (last = undefined), () => last === made && (last = undefined));
        }
        return last.symbols;
      },
    },
    { label: 'aispec' },
  );
}
