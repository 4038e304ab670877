// Completion in a spec's YAML (frontmatter, cases and rubric blocks), computed by the core from the schema
// and the spec's own labels, tags and criteria; this only converts candidates to CompletionItems.
import * as vscode from 'vscode';
import { completionsAt, regionAt, scanLayout, type CompletionCandidate, type CompletionKind } from '../../core/index.js';
import type { LastChecks } from './last-check.js';
import { SPEC_SELECTOR } from '../spec-selector.js';
import type { SnippetFile } from './snippet-file.js';

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  label: vscode.CompletionItemKind.EnumMember,
  tag: vscode.CompletionItemKind.Keyword,
  criterion: vscode.CompletionItemKind.Constant,
  rule: vscode.CompletionItemKind.Issue,
  snippet: vscode.CompletionItemKind.Snippet,
};

/** `key: ` values and `- ` list items ask for completion as soon as they are typed. */
export const TRIGGER_CHARACTERS = [' ', ':', '['];

export function toCompletionItem(candidate: CompletionCandidate, document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem {
  const item = new vscode.CompletionItem(candidate.label, KINDS[candidate.kind]);
  if (candidate.detail) item.detail = candidate.detail;
  if (candidate.documentation) item.documentation = new vscode.MarkdownString(candidate.documentation);
  item.insertText = new vscode.SnippetString(candidate.insertText);
  const start = document.positionAt(candidate.replace.start);
  const end = document.positionAt(candidate.replace.end);
  item.range = { inserting: new vscode.Range(start, position), replacing: new vscode.Range(start, end) };
  item.sortText = candidate.sortText;
  if (candidate.preselect) item.preselect = true;
  if (candidate.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
  return item;
}

export function registerCompletion(checks: LastChecks, snippets: SnippetFile): vscode.Disposable {
  const provider: vscode.CompletionItemProvider = {
    async provideCompletionItems(document, position, token) {
      const text = document.getText();
      const offset = document.offsetAt(position);
      // Trigger characters fire in prose too: leave at once outside the YAML.
      if (!regionAt(scanLayout(text, offset), offset)) return undefined;
      const [checked, known] = await Promise.all([checks.of(document), snippets.get()]);
      if (token.isCancellationRequested) return undefined;
      const candidates = completionsAt({ text, offset, spec: checked?.result.spec, snippets: known });
      return candidates.map((c) => toCompletionItem(c, document, position));
    },
  };
  return vscode.languages.registerCompletionItemProvider(SPEC_SELECTOR, provider, ...TRIGGER_CHARACTERS);
}
