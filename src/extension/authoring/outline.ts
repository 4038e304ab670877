// The outline (Outline view, breadcrumbs, Go to Symbol, sticky scroll): sections as a tree by heading level,
// and in them the rubric criteria, anti-patterns, examples and cases by id. From the check of the current
// version, so its ranges are exact.
import * as vscode from 'vscode';
import { outlineOf, type OutlineKind, type OutlineNode } from '../../core/index.js';
import { RangeConverter } from '../convert.js';
import type { Services } from '../services.js';
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
    node.detail,
    KINDS[node.kind],
    converter.range({ file, ...node.range }),
    converter.range({ file, ...node.selection }),
  );
  symbol.children = node.children.map((c) => toSymbol(c, file, converter));
  return symbol;
}

export function registerOutline(services: Services): vscode.Disposable {
  return vscode.languages.registerDocumentSymbolProvider(
    SPEC_SELECTOR,
    {
      async provideDocumentSymbols(document) {
        const { result } = await services.specs.get(document);
        const spec = result.spec;
        const converter = new RangeConverter((file) => (file === spec.file ? spec.text : undefined));
        return outlineOf(spec).map((n) => toSymbol(n, spec.file, converter));
      },
    },
    { label: 'aispec' },
  );
}
