// "aispec: Check All Specs": the check `aispec check` makes (through services.specs) on every *.aispec.md in
// the workspace, a summary notification, and the problems in the Problems panel. Open specs are left to the
// live diagnostics (so nothing is listed twice); this collection holds the closed ones, and drops a spec's
// entries as soon as the spec is opened and the live diagnostics take over. The problems of the
// aispec.config.json files the checks apply are shown by ConfigDiagnostics, like every check's.
import * as vscode from 'vscode';
import { textOfFile, type Diagnostic } from '../../core/index.js';
import { RangeConverter, toDiagnostic } from '../convert.js';
import { Disposable } from '../dispose.js';
import { plural } from '../running/format.js';
import type { Services } from '../services.js';
import { findWorkspaceSpecs, openDocument } from '../spec-files.js';
import { isSpecDocument } from '../spec-selector.js';

export interface CheckAllSummary {
  specs: number;
  specsWithErrors: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Spec files whose check threw (unreadable): path → reason. */
  failed: Record<string, string>;
}

const POOL = 8;

export class CheckAll extends Disposable {
  readonly collection = this._register(vscode.languages.createDiagnosticCollection('aispec-workspace'));
  /** Spec → the files (spec and case files) this collection holds entries for. */
  private readonly filesBySpec = new Map<string, string[]>();

  constructor(private readonly services: Services) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => isSpecDocument(d) && this.drop(d.uri.fsPath)));
  }

  async run(): Promise<CheckAllSummary> {
    const uris = await findWorkspaceSpecs();
    const summary: CheckAllSummary = { specs: uris.length, specsWithErrors: 0, errors: 0, warnings: 0, infos: 0, failed: {} };
    const log = this.services.log;
    log.info(`check all: ${plural(uris.length, 'spec')}`);
    let next = 0;
    const worker = async () => {
      while (next < uris.length) {
        const uri = uris[next++]!;
        try {
          const open = openDocument(uri);
          const check = await this.services.specs.check(uri);
          const count = (s: Diagnostic['severity']) => check.diagnostics.filter((d) => d.severity === s).length;
          const errors = count('error');
          summary.errors += errors;
          summary.warnings += count('warning');
          summary.infos += count('info');
          if (errors) summary.specsWithErrors++;
          log.info(`  ${vscode.workspace.asRelativePath(uri, false)}: ${plural(errors, 'error')}, ${plural(count('warning'), 'warning')}`);
          if (open) this.drop(uri.fsPath);
          else this.publish(uri.fsPath, check.diagnostics, (f) => textOfFile(check.spec, f));
        } catch (error) {
          summary.failed[uri.fsPath] = error instanceof Error ? error.message : String(error);
          log.error(`  ${vscode.workspace.asRelativePath(uri, false)}: ${summary.failed[uri.fsPath]}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(POOL, uris.length) }, worker));
    return summary;
  }

  private publish(specFile: string, diagnostics: Diagnostic[], textOf: (file: string) => string | undefined): void {
    this.drop(specFile);
    const converter = new RangeConverter(textOf);
    const byFile = new Map<string, vscode.Diagnostic[]>([[specFile, []]]);
    for (const d of diagnostics) {
      const list = byFile.get(d.range.file) ?? [];
      list.push(toDiagnostic(d, converter));
      byFile.set(d.range.file, list);
    }
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
    this.filesBySpec.set(specFile, [...byFile.keys()]);
  }

  private drop(specFile: string): void {
    for (const file of this.filesBySpec.get(specFile) ?? []) this.collection.delete(vscode.Uri.file(file));
    this.filesBySpec.delete(specFile);
  }
}

export function checkAllMessage(s: CheckAllSummary): string {
  if (s.specs === 0) return 'aispec: no *.aispec.md files in this workspace.';
  const unreadable = Object.keys(s.failed).length;
  const head = `aispec: checked ${plural(s.specs, 'spec')}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
  const where = s.errors ? ` (in ${plural(s.specsWithErrors, 'spec')})` : '';
  return `${head}${where}${unreadable ? `; ${plural(unreadable, 'spec')} could not be read` : ''}.`;
}
