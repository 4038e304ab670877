import { findSection, insertBlock } from '../edits.js';
import type { LintRule } from '../types.js';

const CASES_SKELETON = ['```yaml cases', '- id: first-case', '  input: A realistic request from a user', '  tags: [core]', '```'];

const CASES_FENCE = /^(?:`{3,}|~{3,})[ \t]*yaml[ \t]+cases\b[^\r\n]*/im;

/** The end of the closing fence after `from` (or of the text), to tell whether a YAML error sits in the block. */
function nextFenceEnd(text: string, from: number): number {
  const close = /^(?:`{3,}|~{3,})[ \t]*$/m;
  const match = close.exec(text.slice(from + 1));
  return match ? from + 1 + match.index + match[0].length : text.length;
}

export const missingCases: LintRule = {
  id: 'missing-cases',
  defaultSeverity: 'warning',
  description: 'The spec has no cases: no ```yaml cases block and no `cases:` file.',
  docs:
    'Without cases the spec is a document, not an eval: nothing runs and no gate can be met. Add a ' +
    '```` ```yaml cases ```` block with realistic inputs (or name a JSONL, YAML or CSV file in the frontmatter ' +
    '`cases:`), and tag some `edge`, `adversarial` and `regression`.',
  check(spec, context) {
    if (spec.cases.length > 0 || !context.casesKnown) return [];
    // An empty block is not a case source for the parser; find its opening fence line.
    const fence = CASES_FENCE.exec(spec.text);
    if (fence) {
      const start = fence.index;
      const end = start + fence[0].length;
      if (spec.diagnostics.some((d) => d.range.file === spec.file && d.range.start >= start && d.range.start <= nextFenceEnd(spec.text, end))) return [];
      return [{ message: 'This cases block is empty: list cases as "- id: ..." with an "input:" each.', range: { file: spec.file, start, end } }];
    }
    const section = findSection(spec, /^(test )?cases\b/i);
    const edit = section ? insertBlock(spec, section.range.end, CASES_SKELETON) : insertBlock(spec, spec.text.length, ['## Cases', '', ...CASES_SKELETON]);
    return [
      {
        message: 'No cases: add a ```yaml cases block (or a "cases:" file in the frontmatter) with realistic inputs, so the spec can run.',
        range: context.top,
        fixes: [{ title: 'Add a cases block', edits: [edit] }],
      },
    ];
  },
};
