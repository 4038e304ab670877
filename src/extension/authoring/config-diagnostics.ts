// Problems in aispec.config.json files, shown where the mistake is: on the configuration file, not on every
// spec it covers. They depend on the configuration's text alone, so the latest check that read a file speaks
// for it, whichever spec (open or on disk) that check was of; a file's problems go once no checked spec
// applies it any more (it was deleted, or a nearer one was created).
import * as vscode from 'vscode';
import type { WorkspaceConfig } from '../../node/workspace-config.js';
import { RangeConverter, toDiagnostic } from '../convert.js';
import { Disposable } from '../dispose.js';
import type { AppliedConfig, SpecDocuments } from '../spec-documents.js';
import { ruleDocsUri } from './rule-docs.js';

export class ConfigDiagnostics extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('aispec-config'));
  /** Spec file → the configuration file its latest check applied. */
  private readonly configOfSpec = new Map<string, string>();
  /** Configuration file → its problems as last published (every keystroke in a spec re-checks it; most change nothing). */
  private readonly shown = new Map<string, string>();

  constructor(specs: SpecDocuments) {
    super();
    this._register(specs.onDidApplyConfig((applied) => this.apply(applied)));
  }

  private apply({ specFile, config }: AppliedConfig): void {
    const previous = this.configOfSpec.get(specFile);
    if (config.path) this.configOfSpec.set(specFile, config.path);
    else this.configOfSpec.delete(specFile);
    if (previous && previous !== config.path && ![...this.configOfSpec.values()].includes(previous)) this.clear(previous);
    if (config.path) this.publish(config.path, config);
  }

  private publish(path: string, config: WorkspaceConfig): void {
    if (config.problems.length === 0) return this.clear(path);
    const signature = JSON.stringify(config.problems);
    if (this.shown.get(path) === signature) return;
    this.shown.set(path, signature);
    const converter = new RangeConverter(() => config.text);
    this.collection.set(
      vscode.Uri.file(path),
      config.problems.map((problem) => {
        const diagnostic = toDiagnostic(problem, converter);
        diagnostic.code = { value: problem.code, target: ruleDocsUri(problem.code) };
        return diagnostic;
      }),
    );
  }

  private clear(path: string): void {
    if (this.shown.delete(path)) this.collection.delete(vscode.Uri.file(path));
  }
}
