import type { SourceRange } from '../../spec/types.js';
import type { LintRule } from '../types.js';

const COVERAGE: ReadonlyArray<{ tag: string; why: string }> = [
  { tag: 'edge', why: 'edge (boundary inputs: empty, very long, ambiguous, another language)' },
  { tag: 'adversarial', why: 'adversarial (users trying to get around the rule)' },
  { tag: 'regression', why: 'regression (failures you have fixed and must not see again)' },
];

export const missingCoverage: LintRule = {
  id: 'missing-coverage',
  defaultSeverity: 'warning',
  description: 'No case is tagged `edge`, `adversarial` or `regression`.',
  docs:
    'A suite of typical inputs passes while the product fails where it matters: at the boundaries, under users ' +
    'who push, and on bugs that come back. Tag cases `edge`, `adversarial` and `regression` so the report shows ' +
    'each slice (and `per_tag` gates can hold them to a bar). One diagnostic lists every missing tag.',
  check(spec, context) {
    if (!context.casesKnown || spec.cases.length === 0) return [];
    const present = context.caseStats().tagsLower;
    const missing = COVERAGE.filter((c) => !present.has(c.tag));
    if (missing.length === 0) return [];
    const names = missing.map((m) => m.tag);
    const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
    return [
      {
        message: `No cases tagged ${list}: add ${missing.map((m) => m.why).join('; ')}.`,
        range: casesAnchor(spec, context) ?? context.top,
      },
    ];
  },
};

/** The opening fence line of the first cases block, or the frontmatter `cases:` value. */
function casesAnchor(spec: Parameters<LintRule['check']>[0], context: Parameters<LintRule['check']>[1]): SourceRange | undefined {
  const external = context.locateFrontmatter(['cases']);
  if (typeof context.data.cases === 'string' && external) return external.value;
  const block = spec.caseSources.find((s) => s.kind === 'inline');
  if (!block) return undefined;
  const line = context.lines.positionAt(block.range.start).line;
  return { file: spec.file, start: block.range.start, end: context.lines.lineEnd(line) };
}
