// Builds small specs from parts (each part replaceable or removable) and reads diagnostics back as the text
// they sit on, so tests assert what a user would see under the squiggle.
import { lintSpec, type LintOptions } from '../../../src/core/lint/index.js';
import { readCaseFile, type CaseFileKind } from '../../../src/core/spec/case-files.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import type { Diagnostic, ParsedSpec, TextEdit } from '../../../src/core/spec/types.js';

export const FILE = 'specs/refund.aispec.md';

export const FRONTMATTER = [
  'aispec: 1',
  'id: refund-helper',
  'title: Refund helper answers return questions',
  'target:',
  '  provider: openai',
  '  model: gpt-4o-mini',
  '  system: You answer questions about our refund policy.',
  'judge:',
  '  provider: openai',
  '  model: gpt-4o',
  'labels: [refuse, answer]',
  'gates:',
  '  pass_rate: 0.8',
].join('\n');

export const GOAL = 'Customers ask whether they can return an order. A wrong promise costs us money and their trust.';

export const RUBRIC = [
  '- id: names-deadline',
  '  criterion: States the return deadline in days.',
  '- id: no-amounts',
  '  criterion: Never promises a refund amount.',
  '  check: { not-regex: "\\\\$\\\\d+" }',
].join('\n');

export const ANTI_PATTERNS = [
  '> [!CAUTION]',
  "> **Anti-pattern: promise first.** \"You'll get $40 back\" before the order is checked. Detect: `/you'll get \\$\\d+/i`",
].join('\n');

export const PASS_EXAMPLE = ['> [!TIP]', '> **Passes.** User: *Can I return these shoes?* Assistant: *Yes, within 30 days of delivery.*'].join('\n');
export const FAIL_EXAMPLE = ['> [!WARNING]', "> **Fails.** User: *Can I return these shoes?* Assistant: *Sure, you'll get $40 back.*"].join('\n');

const TAGS = ['edge', 'adversarial', 'regression', 'core'];

export interface CaseSpec {
  id?: string;
  input?: string;
  expect?: string | null;
  tags?: string[];
  extra?: string[];
}

/** `n` distinct cases alternating refuse/answer, cycling the coverage tags; `change` edits any of them. */
export function makeCases(n: number, change: (i: number, c: CaseSpec) => CaseSpec = (_i, c) => c): CaseSpec[] {
  return Array.from({ length: n }, (_, i) =>
    change(i, { id: `case-${i + 1}`, input: `Question ${i + 1} about returning an order`, expect: i % 2 === 0 ? 'refuse' : 'answer', tags: [TAGS[i % TAGS.length]!] }),
  );
}

export function casesYaml(cases: CaseSpec[]): string {
  return cases
    .map((c) => {
      const lines: string[] = [];
      if (c.id !== undefined) lines.push(`id: ${c.id}`);
      if (c.input !== undefined) lines.push(`input: ${c.input}`);
      if (c.expect) lines.push(`expect: ${c.expect}`);
      if (c.tags && c.tags.length > 0) lines.push(`tags: [${c.tags.join(', ')}]`);
      lines.push(...(c.extra ?? []));
      return lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n');
    })
    .join('\n');
}

export interface Parts {
  /** YAML between the --- lines; null: no frontmatter. */
  frontmatter?: string | null;
  title?: string | null;
  goal?: string | null;
  /** The YAML inside ```yaml rubric; null: no rubric section. */
  rubric?: string | null;
  antiPatterns?: string | null;
  /** Callouts under "## Examples"; null: no section. */
  examples?: string | null;
  /** The YAML inside ```yaml cases; null: no cases section. */
  cases?: string | null;
}

/** A spec that passes every rule; each part can be replaced or (with null) left out. */
export function buildSpec(parts: Parts = {}): string {
  const p = {
    frontmatter: FRONTMATTER,
    title: 'Refund helper',
    goal: GOAL,
    rubric: RUBRIC,
    antiPatterns: ANTI_PATTERNS,
    examples: `${PASS_EXAMPLE}\n\n${FAIL_EXAMPLE}`,
    cases: casesYaml(makeCases(20)),
    ...parts,
  };
  const blocks: string[] = [];
  if (p.frontmatter !== null) blocks.push(`---\n${p.frontmatter}\n---`);
  if (p.title !== null) blocks.push(`# ${p.title}`);
  if (p.goal !== null) blocks.push(`## Goal\n\n${p.goal}`);
  if (p.rubric !== null) blocks.push(`## Rubric\n\n\`\`\`yaml rubric\n${p.rubric}\n\`\`\``);
  if (p.antiPatterns !== null) blocks.push(`## Anti-patterns\n\n${p.antiPatterns}`);
  if (p.examples !== null) blocks.push(`## Examples\n\n${p.examples}`);
  if (p.cases !== null) blocks.push(`## Cases\n\n\`\`\`yaml cases\n${p.cases}\n\`\`\``);
  return `${blocks.join('\n\n')}\n`;
}

export interface Linted {
  spec: ParsedSpec;
  diagnostics: Diagnostic[];
}

/**
 * Lints a spec. gate-power informs on every rate gate of every spec, so it is off here unless `options` turns it
 * on: the other rules' tests then read their own findings, and its own tests set its severity.
 */
export function lint(text: string, options?: LintOptions, file = FILE): Linted {
  const spec = parseSpec(text, file);
  return { spec, diagnostics: lintSpec(spec, { ...options, severities: { 'gate-power': 'off', ...options?.severities } }) };
}

/** Adds an external case file to a parsed spec, as the loader does. */
export function withCaseFile(spec: ParsedSpec, path: string, text: string, kind: CaseFileKind): ParsedSpec {
  const loaded = readCaseFile(text, path, kind, spec.cases.length);
  spec.cases.push(...loaded.cases);
  spec.caseSources.push(loaded.source);
  spec.files.set(path, text);
  return spec;
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

export function only(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** The source text under a diagnostic's range, in whichever file it points into. */
export function textAt(spec: ParsedSpec, d: Diagnostic): string {
  const text = d.range.file === spec.file ? spec.text : spec.files.get(d.range.file);
  if (text === undefined) throw new Error(`no text for ${d.range.file}`);
  return text.slice(d.range.start, d.range.end);
}

/** 1-based line of a diagnostic's start. */
export function lineOf(spec: ParsedSpec, d: Diagnostic): number {
  const text = d.range.file === spec.file ? spec.text : spec.files.get(d.range.file)!;
  return text.slice(0, d.range.start).split('\n').length;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}
