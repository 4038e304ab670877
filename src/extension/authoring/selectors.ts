// Which documents the authoring features serve: specs (language aispec, saved or untitled), and the
// external case files a spec names, where its problems can be too.
import type * as vscode from 'vscode';

export const SPEC_SELECTOR: vscode.DocumentSelector = [
  { language: 'aispec', scheme: 'file' },
  { language: 'aispec', scheme: 'untitled' },
  { language: 'aispec', scheme: 'vscode-remote' },
];

/** Case files (`cases:` in a spec's frontmatter): JSONL, YAML or CSV on disk. */
export const CASE_FILE_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: '**/*.{jsonl,ndjson,yaml,yml,csv}' }];
