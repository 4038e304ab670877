// Facts several rules share, computed once per lint run so that each rule stays a few lines of logic.
import { LineIndex } from '../spec/line-index.js';
import type { Frontmatter, ParsedSpec, SourceRange } from '../spec/types.js';
import { isRecord } from '../util/is-record.js';
import type { LastRunRates } from './last-run-rates.js';
import type { CaseStats, LintContext } from './types.js';

export function buildContext(spec: ParsedSpec, lastRun?: LastRunRates): LintContext {
  let lines: LineIndex | undefined; // built on first use: most specs need no line arithmetic
  const data = isRecord(spec.frontmatter?.data) ? spec.frontmatter.data : {};
  const labels = Array.isArray(data.labels)
    ? data.labels.flatMap((name, index) => (typeof name === 'string' ? [{ name, index }] : []))
    : [];
  const title = spec.sections.find((s) => s.depth === 1);
  const firstLineEnd = spec.text.search(/\r?\n|\r|$/);
  const top: SourceRange = title ? title.headingRange : { file: spec.file, start: 0, end: firstLineEnd };
  const externalCases = typeof data.cases === 'string' && data.cases.trim() !== '';
  const frontmatter = spec.frontmatter;
  let stats: CaseStats | undefined;
  const context: LintContext = {
    file: spec.file,
    text: spec.text,
    get lines() {
      return (lines ??= new LineIndex(spec.text));
    },
    data,
    locateFrontmatter: (path) => frontmatter?.locate(path),
    labels,
    hasJudge: isRecord(data.judge),
    caseStats: () => (stats ??= computeCaseStats(spec)),
    casesKnown: !externalCases || spec.caseSources.some((s) => s.kind !== 'inline'),
    top,
    bodyStart: bodyStartOf(spec.text, frontmatter),
  };
  if (isRecord(data.gates)) context.gates = data.gates;
  if (title) context.title = title;
  if (lastRun) context.lastRun = lastRun;
  return context;
}

function computeCaseStats(spec: ParsedSpec): CaseStats {
  const tagCounts = new Map<string, number>();
  const tagsLower = new Set<string>();
  const expectCounts = new Map<string, number>();
  let withExpect = 0;
  for (const c of spec.cases) {
    const { tags } = c;
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!;
      if (tags.indexOf(tag) !== i) continue; // counted once per case
      tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
    }
    if (c.expect !== undefined) {
      withExpect++;
      expectCounts.set(c.expect, (expectCounts.get(c.expect) ?? 0) + 1);
    }
  }
  for (const tag of tagCounts.keys()) tagsLower.add(tag.toLowerCase());
  return { tagCounts, tagsLower, expectCounts, withExpect };
}

/** Offset of the line after the closing `---` of the frontmatter. */
function bodyStartOf(text: string, frontmatter: Frontmatter | undefined): number {
  if (!frontmatter) return 0;
  let offset = frontmatter.range.end;
  if (!text.startsWith('---', offset)) offset = nextLineStart(text, offset);
  return nextLineStart(text, offset);
}

export function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}
