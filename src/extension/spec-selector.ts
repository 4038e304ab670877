// What a spec is, for every feature of the extension. A spec document is one whose language is aispec:
// VS Code gives that language to every *.aispec.md file, and the user may give it to any other file or to an
// untitled document ("Change Language Mode"), which the features then serve as well; a *.aispec.md file the
// user switched to another language is not treated as a spec. The schemes are those the checks can read:
// files, untitled documents and files of a remote workspace. Running needs the spec saved on disk (runs are
// saved beside it), so the running features also ask for the `file` scheme.
import type * as vscode from 'vscode';

export const SPEC_LANGUAGE = 'aispec';

const SPEC_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-remote'];

export const SPEC_SELECTOR: readonly vscode.DocumentFilter[] = SPEC_SCHEMES.map((scheme) => ({ language: SPEC_LANGUAGE, scheme }));

/** The same documents as SPEC_SELECTOR, for code that has a document in hand. */
export function isSpecDocument(document: vscode.TextDocument): boolean {
  return document.languageId === SPEC_LANGUAGE && SPEC_SCHEMES.includes(document.uri.scheme);
}

/** Whether the checks can read a document of this uri (a spec, or a file a spec reads). */
export function isCheckableUri(uri: vscode.Uri): boolean {
  return SPEC_SCHEMES.includes(uri.scheme);
}

/** Spec files in the workspace, found by name (what the Test Explorer and Check All list). */
export const SPEC_FILE_GLOB = '**/*.aispec.md';

export function isSpecFileUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith('.aispec.md');
}

/** Case files (`cases:` in a spec's frontmatter): JSONL, YAML or CSV on disk, where a spec's problems and results can be too. */
export const CASE_FILE_SELECTOR: readonly vscode.DocumentFilter[] = [{ scheme: 'file', pattern: '**/*.{jsonl,ndjson,yaml,yml,csv}' }];
