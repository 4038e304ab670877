// The one place that turns core offsets into vscode positions and ranges (and back). Everything in the core
// speaks offsets into a file's text; the editor speaks line/character.
import * as vscode from 'vscode';
import { LineIndex, type Diagnostic, type Severity, type SourceRange } from '../core/index.js';

/** Offsets → Range for a text; one LineIndex per text, built lazily. */
export class RangeConverter {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly textOf: (file: string) => string | undefined) {}

  range(r: { file: string; start: number; end: number }): vscode.Range {
    const index = this.index(r.file);
    const start = index.positionAt(r.start);
    const end = index.positionAt(r.end);
    return new vscode.Range(start.line, start.character, end.line, end.character);
  }

  position(file: string, offset: number): vscode.Position {
    const p = this.index(file).positionAt(offset);
    return new vscode.Position(p.line, p.character);
  }

  offset(file: string, position: vscode.Position): number {
    return this.index(file).offsetAt({ line: position.line, character: position.character });
  }

  private index(file: string): LineIndex {
    let index = this.indexes.get(file);
    if (!index) {
      index = new LineIndex(this.textOf(file) ?? '');
      this.indexes.set(file, index);
    }
    return index;
  }
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  return severity === 'error' ? vscode.DiagnosticSeverity.Error : severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

export function toDiagnostic(d: Diagnostic, converter: RangeConverter): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(converter.range(d.range), d.message, toSeverity(d.severity));
  diagnostic.source = 'aispec';
  diagnostic.code = d.code;
  return diagnostic;
}

export function fileRange(range: SourceRange, converter: RangeConverter): vscode.Location {
  return new vscode.Location(vscode.Uri.file(range.file), converter.range(range));
}
