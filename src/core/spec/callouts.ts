// Anti-patterns and pass/fail examples are GitHub alerts (`> [!CAUTION]`, `> [!TIP]`, `> [!WARNING]`), so
// they render as coloured callouts in a pull request. This reads them back out of the Markdown tree. An
// anti-pattern's `Detect:` is a regex on the output (`/.../flags`) or on the names of the tool calls
// (`tool:/.../flags`).
import type { Blockquote, InlineCode, Nodes, Parent, Strong } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { readSlashRegex } from './slash-regex.js';
import { compileSpecRegex } from './spec-regex.js';
import { exampleParts } from './example-parts.js';
import type { AntiPattern, Diagnostic, Example, SourceRange } from './types.js';

const ALERT = /^\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/i;
const ANTI_PATTERN_LEAD = /^anti-?pattern\s*:\s*(.+?)\s*[.:]?\s*$/i;
const PASS_LEAD = /^pass(es|ing)?\b/i;
const FAIL_LEAD = /^fail(s|ing)?\b/i;
/** A detector on the tool calls' names rather than the output: `tool:/^(delete|send)_/`. */
const TOOL_DETECTOR = /^tool\s*:\s*/i;

export interface Callouts {
  antiPatterns: AntiPattern[];
  examples: Example[];
  diagnostics: Diagnostic[];
  /** The text of the file the callouts are in, to read an example's `Input:` / `Output:` as written. */
  source?: string;
}

export function slugify(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'anti-pattern';
}

/** Every inline code node below `node`, with the node just before it (to find a `Detect:` label). */
function* inlineCodes(node: Nodes): Generator<{ code: InlineCode; before: Nodes | undefined }> {
  if (!('children' in node)) return;
  const children = (node as Parent).children as Nodes[];
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type === 'inlineCode') yield { code: child, before: children[i - 1] };
    else yield* inlineCodes(child);
  }
}

export function readCallout(quote: Blockquote, file: string, collected: Callouts): void {
  const start = quote.position?.start.offset;
  const end = quote.position?.end.offset;
  if (start === undefined || end === undefined) return;
  const first = quote.children[0];
  if (!first || first.type !== 'paragraph') return;
  const alert = ALERT.exec(toString(first));
  if (!alert) return;
  const range: SourceRange = { file, start, end };
  const kind = alert[1]!.toUpperCase();
  const strong = first.children.find((c): c is Strong => c.type === 'strong');
  const lead = strong ? toString(strong).trim() : '';
  const text = toString(quote).replace(ALERT, '').trim();

  const antiPattern = ANTI_PATTERN_LEAD.exec(lead);
  if (antiPattern) {
    const name = antiPattern[1]!;
    const item: AntiPattern = { name, id: slugify(name), text, range };
    for (const { code, before } of inlineCodes(quote)) {
      if (!before || before.type !== 'text' || !/detect\s*:?\s*$/i.test(before.value)) continue;
      const codeStart = code.position!.start.offset!;
      const codeEnd = code.position!.end.offset!;
      const detectorRange = { file, start: codeStart, end: codeEnd };
      const written = code.value.trim();
      const onTool = TOOL_DETECTOR.test(written);
      const regex = readSlashRegex(written.replace(TOOL_DETECTOR, ''));
      if (!regex) {
        collected.diagnostics.push({
          code: 'parse',
          severity: 'error',
          message: onTool
            ? 'A tool detector is `tool:` and a regular expression between slashes, e.g. `tool:/^(delete|send)_/`.'
            : 'A detector is written as a regular expression between slashes, e.g. `/not a doctor.{0,80}\\d+\\s?mg/i`.',
          range: detectorRange,
        });
        continue;
      }
      item.detector = { pattern: regex.pattern, flags: regex.flags, range: detectorRange, ...(onTool ? { on: 'tool' as const } : {}) };
      const compiled = compileSpecRegex(item.detector.pattern, item.detector.flags);
      if (!compiled.ok) {
        collected.diagnostics.push({
          code: 'parse',
          severity: 'error',
          message: `Invalid detector regular expression: ${compiled.error}`,
          range: detectorRange,
        });
        delete item.detector;
      }
      break;
    }
    collected.antiPatterns.push(item);
    return;
  }
  const exampleKind = PASS_LEAD.test(lead) || (kind === 'TIP' && /^\*\*pass/i.test(text)) ? 'pass' : FAIL_LEAD.test(lead) ? 'fail' : undefined;
  if (!exampleKind) return;
  const parts = collected.source === undefined ? {} : exampleParts(collected.source.slice(start, end));
  const { id = `example-${collected.examples.length + 1}`, ...shown } = parts;
  collected.examples.push({ kind: exampleKind, id, text, range, ...shown });
}
