// Diagnostics as text for people, JSON for tools and workflow commands for GitHub Actions annotations.
// Offsets become 1-based line:column here, at the edge, and nowhere earlier.
import { LineIndex } from '../spec/line-index.js';
import { sanitizeForTerminal, terminalLine } from './results-terminal-text.js';
import type { Diagnostic, Severity } from '../spec/types.js';

export interface LocatedDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: string;
  message: string;
}

/** Resolves positions with one LineIndex per file; `texts` maps each file to its text. */
export function locateDiagnostics(diagnostics: Diagnostic[], texts: (file: string) => string | undefined): LocatedDiagnostic[] {
  const indexes = new Map<string, LineIndex>();
  return diagnostics.map((d) => {
    let index = indexes.get(d.range.file);
    if (!index) {
      index = new LineIndex(texts(d.range.file) ?? '');
      indexes.set(d.range.file, index);
    }
    const start = index.positionAt(d.range.start);
    const end = index.positionAt(d.range.end);
    return {
      file: d.range.file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: d.severity,
      rule: d.code,
      message: d.message,
    };
  });
}

export interface TextStyle {
  color: boolean;
}

const ANSI = { red: '\u001b[31m', yellow: '\u001b[33m', blue: '\u001b[34m', dim: '\u001b[2m', reset: '\u001b[0m' };

export function formatText(d: LocatedDiagnostic, displayPath: string, style: TextStyle): string {
  const severity = style.color
    ? `${d.severity === 'error' ? ANSI.red : d.severity === 'warning' ? ANSI.yellow : ANSI.blue}${d.severity}${ANSI.reset}`
    : d.severity;
  const rule = style.color ? `${ANSI.dim}${d.rule}${ANSI.reset}` : d.rule;
  return `${terminalLine(safeDisplayPath(displayPath))}:${d.line}:${d.column} ${severity} ${rule} ${terminalLine(d.message)}`;
}

/** A file name that starts with ":" (or blanks) is shown as "./name": the same file, and the line cannot start with "::". */
function safeDisplayPath(path: string): string {
  return /^\s|^:/.test(path) ? `./${path}` : path;
}

// GitHub workflow commands: properties escape % \r \n : and ,; the message escapes % \r \n. Both are
// sanitized first: an escape sequence or bidi control from a spec reaches no log.
const escapeData = (s: string) => sanitizeForTerminal(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(d: LocatedDiagnostic, displayPath: string): string {
  const command = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    `file=${escapeProperty(displayPath)}`,
    `line=${d.line}`,
    `col=${d.column}`,
    `endLine=${d.endLine}`,
    `endColumn=${d.endColumn}`,
    `title=${escapeProperty(`aispec ${d.rule}`)}`,
  ].join(',');
  return `::${command} ${props}::${escapeData(d.message)}`;
}
