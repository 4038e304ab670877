// Schema validation of a parsed spec: the frontmatter against schemas/aispec.schema.json, every case (from
// the spec or an external case file) against $defs/case, every rubric criterion against $defs/criterion,
// then the cross-checks JSON Schema cannot express (semantic-checks.ts). Diagnostics carry code `schema`
// and point at the exact key or value, in whichever file the element came from.
import { textOfFile } from './file-text.js';
import { isPlainValidCase } from './plain-case.js';
import { schemaDiagnostics, type Subject } from './schema-messages.js';
import { validators } from './schema-validators.js';
import { semanticDiagnostics } from './semantic-checks.js';
import type { Case, Criterion, Diagnostic, ParsedSpec, SourceRange } from './types.js';
import { append } from '../util/append.js';

export function validateSpec(spec: ParsedSpec): Diagnostic[] {
  const v = validators();
  const out: Diagnostic[] = [...validateFrontmatter(spec)];
  for (const c of spec.cases) {
    if (!isPlainValidCase(c.raw) && !v.case(c.raw)) append(out, schemaDiagnostics(v.case.errors ?? [], caseSubject(spec, c)));
  }
  for (const criterion of spec.rubric) {
    if (criterion.raw !== undefined && !v.criterion(criterion.raw)) {
      append(out, schemaDiagnostics(v.criterion.errors ?? [], criterionSubject(spec, criterion)));
    }
  }
  append(out, semanticDiagnostics(spec, v));
  return sortDiagnostics(dropRepeats(out, spec.diagnostics), spec.file);
}

/** Drops a diagnostic that repeats another, or that sits exactly where the parser already reported a problem. */
function dropRepeats(diagnostics: Diagnostic[], parsed: readonly Diagnostic[]): Diagnostic[] {
  const at = (d: Diagnostic): string => `${d.range.file}:${d.range.start}:${d.range.end}`;
  const parserRanges = new Set(parsed.map(at));
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${at(d)}:${d.message}`;
    if (parserRanges.has(at(d)) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function validateFrontmatter(spec: ParsedSpec): Diagnostic[] {
  const fm = spec.frontmatter;
  if (!fm) return []; // parse reported the missing frontmatter, with a fix
  const opening = openingLine(spec.text, fm.range);
  if (fm.data === null || fm.data === undefined) {
    // Unreadable YAML (the parser reported where) or truly empty.
    if (spec.diagnostics.some((d) => d.range.file === spec.file && d.range.start >= fm.range.start && d.range.start <= fm.range.end)) return [];
    const id = specSlug(spec.file);
    return [
      {
        code: 'schema',
        severity: 'error',
        message: 'The frontmatter is empty: a spec needs at least aispec: 1, id and title.',
        range: opening,
        fixes: [{ title: 'Add aispec, id and title', edits: [{ file: spec.file, start: fm.range.start, end: fm.range.start, newText: `aispec: 1\nid: ${id}\ntitle: ${firstHeading(spec) ?? 'What the AI must do'}\n` }] }],
      },
    ];
  }
  const validate = validators().frontmatter;
  if (validate(fm.data)) return [];
  const subject: Subject = {
    kind: 'frontmatter',
    name: 'the frontmatter',
    data: fm.data,
    locate: fm.locate,
    text: spec.text,
    opening,
    insertAt: fm.range.start,
    suggestedId: specSlug(spec.file),
  };
  const title = firstHeading(spec);
  if (title) subject.suggestedTitle = title;
  return schemaDiagnostics(validate.errors ?? [], subject);
}

function caseSubject(spec: ParsedSpec, c: Case): Subject {
  return { kind: 'case', name: `case "${c.id}"`, data: c.raw, locate: c.locate, text: textOfFile(spec, c.range.file) };
}

function criterionSubject(spec: ParsedSpec, criterion: Criterion): Subject {
  return { kind: 'criterion', name: `criterion "${criterion.id}"`, data: criterion.raw, locate: criterion.locate, text: textOfFile(spec, criterion.range.file) };
}

/** The opening `---` line, just before the frontmatter's content: where whole-frontmatter problems are shown. */
function openingLine(text: string, content: SourceRange): SourceRange {
  let end = Math.max(0, content.start - 1); // the line break after ---
  if (text.charAt(end) !== '\n') end = content.start;
  if (end > 0 && text.charAt(end - 1) === '\r') end--;
  const start = text.lastIndexOf('\n', end - 1) + 1;
  return { file: content.file, start, end: Math.max(end, start) };
}

/** `specs/Health Assistant.aispec.md` → `health-assistant`: the id a missing-id fix proposes. */
function specSlug(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.aispec\.md$/i, '').replace(/\.md$/i, '') || 'my-spec';
}

function firstHeading(spec: ParsedSpec): string | undefined {
  return spec.sections.find((s) => s.depth === 1)?.title || undefined;
}

/** The spec's own file first, then case files by name; by position within a file. */
function sortDiagnostics(diagnostics: Diagnostic[], specFile: string): Diagnostic[] {
  return diagnostics.sort((a, b) => {
    if (a.range.file !== b.range.file) {
      if (a.range.file === specFile) return -1;
      if (b.range.file === specFile) return 1;
      return a.range.file < b.range.file ? -1 : 1;
    }
    return a.range.start - b.range.start || a.range.end - b.range.end;
  });
}
