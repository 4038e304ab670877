// snippets/aispec.code-snippets, read once on first use: the same snippets VS Code offers in a spec's
// Markdown, offered by completion inside its YAML (where VS Code looks for YAML snippets instead).
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { readSnippets, type SpecSnippet } from '../../core/index.js';

export class SnippetFile {
  private loaded: Promise<SpecSnippet[]> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get(): Promise<SpecSnippet[]> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  private async load(): Promise<SpecSnippet[]> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'snippets', 'aispec.code-snippets'));
      return readSnippets(parse(new TextDecoder().decode(bytes)));
    } catch (error) {
      this.log.warn(`snippets unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }
}
