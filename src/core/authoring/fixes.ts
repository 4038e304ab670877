// Quick fixes the editor adds to the core's own, where the fix is clear but is a choice the check alone does
// not make: a case with no id gets one (from its input, unique in the spec), and a label the spec uses but
// does not declare can be added to `labels` (beside the did-you-mean, which stays the preferred fix).
import { isMap, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { toSlug } from '../spec/did-you-mean.js';
import { textOfFile } from '../spec/file-text.js';
import type { Case, Diagnostic, ParsedSpec, QuickFix, SourceRange } from '../spec/types.js';
import { isRecord } from '../util/is-record.js';

const contains = (outer: SourceRange, inner: SourceRange): boolean => outer.file === inner.file && inner.start >= outer.start && inner.end <= outer.end;

const same = (a: SourceRange, b: SourceRange | undefined): boolean => Boolean(b) && a.file === b!.file && a.start === b!.start && a.end === b!.end;

/** Extra fixes for one diagnostic of a check of `spec`. */
export function extraFixes(spec: ParsedSpec, diagnostic: Diagnostic): QuickFix[] {
  if (diagnostic.code !== 'schema') return [];
  return [...missingIdFix(spec, diagnostic), ...addLabelFix(spec, diagnostic)];
}

// ---- a case without an id --------------------------------------------------------------------------------

function freshId(spec: ParsedSpec, c: Case): string {
  const taken = new Set(spec.cases.map((x) => (isRecord(x.raw) && x.raw.id !== undefined ? String(x.raw.id) : '')));
  const words = (c.input ?? c.messages?.[c.messages.length - 1]?.content ?? '').split(/\s+/).slice(0, 4).join(' ');
  const base = words ? toSlug(words) : `case-${spec.cases.indexOf(c) + 1}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

function missingIdFix(spec: ParsedSpec, diagnostic: Diagnostic): QuickFix[] {
  if (!/\bid\b/.test(diagnostic.message)) return [];
  const starts = (r: SourceRange): boolean => r.file === diagnostic.range.file && diagnostic.range.start >= r.start && diagnostic.range.start < r.end;
  const c = spec.cases.find((x) => isRecord(x.raw) && !('id' in x.raw) && starts(x.range));
  if (!c) return [];
  const text = textOfFile(spec, c.range.file);
  if (text === undefined) return [];
  const id = freshId(spec, c);
  const at = c.range.start;
  const written = text.slice(at, c.range.end);
  let newText: string;
  let offset = at;
  if (written.startsWith('{')) {
    // A JSON line or a YAML flow map: the id goes first inside the braces.
    offset = at + 1;
    newText = c.range.file.endsWith('.yaml') || c.range.file.endsWith('.yml') || c.range.file === spec.file ? ` id: ${id},` : ` "id": ${JSON.stringify(id)},`;
  } else if (c.range.file === spec.file || /\.ya?ml$/i.test(c.range.file)) {
    // A block map: a new first line at the column of the case's keys.
    const column = at - (text.lastIndexOf('\n', at - 1) + 1);
    newText = `id: ${id}\n${' '.repeat(column)}`;
  } else {
    return []; // a CSV row: its id column is the place, not a fix this can make safely
  }
  return [{ title: `Add id: ${id}`, edits: [{ file: c.range.file, start: offset, end: offset, newText }] }];
}

// ---- a label not in `labels` -----------------------------------------------------------------------------

/** The undeclared label a diagnostic is about, from where it stands: a case's expect, a classify or gate key. */
function undeclaredLabel(spec: ParsedSpec, diagnostic: Diagnostic, labels: string[]): string | undefined {
  for (const c of spec.cases) {
    if (typeof c.expect !== 'string' || labels.includes(c.expect) || !contains(c.range, diagnostic.range)) continue;
    if (same(diagnostic.range, c.locate(['expect']).value)) return c.expect;
  }
  const fm = spec.frontmatter;
  const data = fm?.data;
  if (!fm || !isRecord(data)) return undefined;
  const keysOf = (path: string[]): string[] => {
    let v: unknown = data;
    for (const p of path) v = isRecord(v) ? v[p] : undefined;
    return isRecord(v) ? Object.keys(v) : [];
  };
  const maps: string[][] = [['classify'], ['gates', 'recall'], ['gates', 'precision'], ['gates', 'f1']];
  for (const path of maps) {
    for (const key of keysOf(path)) {
      if (labels.includes(key) || (path[0] === 'classify' && (key === 'json' || key === 'judge'))) continue;
      if (same(diagnostic.range, fm.locate([...path, key]).key)) return key;
    }
  }
  return undefined;
}

function addLabelFix(spec: ParsedSpec, diagnostic: Diagnostic): QuickFix[] {
  const fm = spec.frontmatter;
  const data = fm?.data;
  if (!fm || !isRecord(data) || !Array.isArray(data.labels) || !data.labels.every((l) => typeof l === 'string')) return [];
  const labels = data.labels as string[];
  const label = undeclaredLabel(spec, diagnostic, labels);
  if (!label) return [];
  // Where the list ends, from the frontmatter's own YAML nodes.
  const doc = parseDocument(spec.text.slice(fm.range.start, fm.range.end), { uniqueKeys: false, logLevel: 'error' });
  const node = isMap(doc.contents) ? (doc.contents.get('labels', true) as YamlNode | undefined) : undefined;
  if (!isSeq(node) || !node.range || !node.items.length) return [];
  const written = /^[\p{L}_][\p{L}\p{N}_.-]*$/u.test(label) && !/^(true|false|yes|no|on|off|null)$/i.test(label) ? label : JSON.stringify(label);
  const last = node.items[node.items.length - 1] as YamlNode;
  if (!last.range) return [];
  const lastEnd = fm.range.start + last.range[1];
  let newText: string;
  if (node.flow) {
    newText = `, ${written}`;
  } else {
    const lineStart = spec.text.lastIndexOf('\n', fm.range.start + last.range[0] - 1) + 1;
    const indent = spec.text.slice(lineStart, fm.range.start + last.range[0]).replace(/-\s*$/, '');
    newText = `\n${indent}- ${written}`;
  }
  const end = spec.text.slice(0, lastEnd).trimEnd().length; // block items' ranges may take in the line break
  return [{ title: `Add "${label}" to labels`, edits: [{ file: spec.file, start: end, end, newText }] }];
}
