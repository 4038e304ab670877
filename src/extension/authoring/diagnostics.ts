// Live diagnostics: every live check of an open spec (debounced as you type, on the unsaved text, again when a
// case file it reads changes; made in the check worker, see spec-documents.ts) becomes the Problems of the spec
// and of its case files, with the same codes and
// messages as `aispec check`. Each code links to its rule's documentation. The quick fixes of each problem
// are kept beside it, with the texts they were computed on, for the code action provider.
import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic, QuickFix } from '../../core/index.js';
import { RangeConverter, toDiagnostic } from '../convert.js';
import { Disposable } from '../dispose.js';
import type { Services } from '../services.js';
import type { LiveCheckedSpec } from '../spec-documents.js';
import { ruleDocsUri } from './rule-docs.js';

/** One problem as shown, with what is needed to apply its fixes. */
export interface LiveProblem {
  diagnostic: vscode.Diagnostic;
  core: CoreDiagnostic;
  /** The core's fixes, then the editor's own (a missing case id, adding a label to `labels`). */
  fixes: QuickFix[];
  /** The fix applied by "Auto Fix" and fix-all, when one is certain. */
  preferred?: QuickFix;
  origin: CheckOrigin;
}

/**
 * Preferred: the one fix the core is sure of, replacing what is written (a did-you-mean, 95 → 0.95). Fixes
 * that insert (a Goal section, an id) are offered, never applied unasked.
 */
export function preferredFix(coreFixes: readonly QuickFix[]): QuickFix | undefined {
  const [only] = coreFixes;
  return coreFixes.length === 1 && only!.edits.length > 0 && only!.edits.every((e) => e.end > e.start) ? only : undefined;
}

/** The check a problem came from: the texts its offsets refer to. */
export interface CheckOrigin {
  specUri: vscode.Uri;
  specFile: string;
  converter: RangeConverter;
  /** The text of a file as checked (the spec or a case file). */
  textOf(file: string): string | undefined;
  /** The editor uri of a file of the check. */
  uriOf(file: string): vscode.Uri;
}

interface SpecEntry {
  version: number;
  /** Problems by file uri (string). */
  files: Map<string, LiveProblem[]>;
}

export class LiveDiagnostics extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('aispec'));
  private readonly bySpec = new Map<string, SpecEntry>();
  private readonly uris = new Map<string, vscode.Uri>();

  constructor(services: Services) {
    super();
    this._register(services.specs.onDidCheckLive((checked) => this.apply(checked)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
  }

  /** Problems shown in a file (a spec or a case file), from every open spec that reads it. */
  problemsIn(uri: vscode.Uri): LiveProblem[] {
    const key = uri.toString();
    return [...this.bySpec.values()].flatMap((entry) => entry.files.get(key) ?? []);
  }

  /** The problem behind a diagnostic VS Code hands back (a copy: matched by code, message and range). */
  find(uri: vscode.Uri, diagnostic: vscode.Diagnostic): LiveProblem | undefined {
    const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    return this.problemsIn(uri).find(
      (p) => p.core.code === String(code) && p.diagnostic.message === diagnostic.message && p.diagnostic.range.isEqual(diagnostic.range),
    );
  }

  private apply(checked: LiveCheckedSpec): void {
    const key = checked.uri.toString();
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (!document || document.isClosed) return;
    const previous = this.bySpec.get(key);
    if (previous && previous.version > checked.version) return; // a late check of an older version
    const { specFile, problems, caseFileTexts } = checked.check;
    const caseFiles = new Map(caseFileTexts);
    const textOf = (file: string): string | undefined => (file === specFile ? checked.text : caseFiles.get(file));
    const uriOf = (file: string): vscode.Uri => (file === specFile ? checked.uri : vscode.Uri.file(file));
    const origin: CheckOrigin = { specUri: checked.uri, specFile, converter: new RangeConverter(textOf), textOf, uriOf };
    const files = new Map<string, LiveProblem[]>();
    for (const { core, extraFixes } of problems) {
      const uri = uriOf(core.range.file);
      const fileKey = uri.toString();
      this.uris.set(fileKey, uri);
      const diagnostic = toDiagnostic(core, origin.converter);
      diagnostic.code = { value: core.code, target: ruleDocsUri(core.code) };
      let list = files.get(fileKey);
      if (!list) files.set(fileKey, (list = []));
      const coreFixes = core.fixes ?? [];
      const problem: LiveProblem = { diagnostic, core, fixes: [...coreFixes, ...extraFixes], origin };
      const preferred = preferredFix(coreFixes);
      if (preferred) problem.preferred = preferred;
      list.push(problem);
    }
    this.uris.set(key, checked.uri);
    this.bySpec.set(key, { version: checked.version, files });
    this.publish(new Set([key, ...files.keys(), ...(previous?.files.keys() ?? [])]));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const entry = this.bySpec.get(key);
    if (!entry) return;
    this.bySpec.delete(key);
    this.publish(new Set([key, ...entry.files.keys()]));
  }

  private publish(fileKeys: Set<string>): void {
    for (const fileKey of fileKeys) {
      const uri = this.uris.get(fileKey);
      if (!uri) continue;
      const problems = this.problemsIn(uri);
      if (problems.length) this.collection.set(uri, problems.map((p) => p.diagnostic));
      else {
        this.collection.delete(uri);
        this.uris.delete(fileKey);
      }
    }
  }
}
