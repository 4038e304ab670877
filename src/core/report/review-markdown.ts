// `aispec review`: one Markdown comment for a pull request that reads top-down for each changed spec: what
// changed in the bar (the spec diff), then what changed in quality (the run comparison's verdict and headline
// numbers), then the flipped cases. The first lines say what blocks the change, if anything.
import { listLimit, markdownHeading, maxOutputChars, type Heading, type MarkdownOptions } from './render-options.js';
import { plural } from './results-format.js';
import { mdCode, mdText } from './results-markdown-text.js';
import { flippedCaseBlocks, headlineTable, qualityBlock, runLine } from './run-diff-markdown.js';
import { specDiffSections } from './spec-diff-markdown.js';
import { MARKDOWN_MARK } from './verdict-style.js';
import type { RunDiff } from '../../shared/run-diff.js';
import type { SpecDiff } from '../../shared/spec-diff.js';

export interface ReviewEntry {
  /** The spec's path relative to the repository root. */
  path: string;
  spec: SpecDiff;
  /** The run comparison, or why there is none ("no base run to compare with: ..."). */
  runs: { diff: RunDiff } | { missing: string };
}

export interface Review {
  /**
   * The revision as given (`main`) and the commit compared with: where this change left it (their merge base).
   * `tip`: the commit the revision names now, when it has moved on since (its newer commits are not this change).
   */
  base: { revision: string; commit: string; tip?: string };
  entries: ReviewEntry[];
}

export interface ReviewMarkdownOptions extends MarkdownOptions {
  /** Flipped cases listed per group. Default 25. */
  maxCases?: number;
}

/** What the review found that blocks a merge: specs whose bar was lowered, specs whose runs regressed. */
export function reviewFindings(review: Review): { loosened: string[]; regressions: string[] } {
  return {
    loosened: review.entries.filter((e) => e.spec.summary.loosened > 0).map((e) => e.path),
    regressions: review.entries.filter((e) => 'diff' in e.runs && e.runs.diff.quality.verdict === 'regression').map((e) => e.path),
  };
}

export function reviewMarkdown(review: Review, options: ReviewMarkdownOptions = {}): string {
  const h = markdownHeading(options);
  const findings = reviewFindings(review);
  const { fail: FAIL, pass: PASS, info: INFO } = MARKDOWN_MARK;
  const code = (text: string) => mdCode(text, { inTable: false });
  const where = review.base.tip ? `, where this change left it; it is now at ${code(review.base.tip.slice(0, 12))}` : '';
  const base = `${code(review.base.revision)} (${code(review.base.commit.slice(0, 12))}${where})`;
  const blocks = [h(0, 'aispec review')];
  if (review.entries.length === 0) {
    blocks.push(`${INFO} No spec changed since ${base}.`);
    return `${blocks.join('\n\n')}\n`;
  }
  const lines = [`Compared with ${base}: ${plural(review.entries.length, 'spec')}.`];
  for (const path of findings.loosened) lines.push(`- ${FAIL} **The bar was lowered** in ${mdCode(path, { inTable: false })}`);
  for (const path of findings.regressions) lines.push(`- ${FAIL} **Quality regressed** in ${mdCode(path, { inTable: false })}`);
  if (!findings.loosened.length && !findings.regressions.length) lines.push(`- ${PASS} No gate was loosened and no run comparison shows a regression.`);
  blocks.push(lines.join('\n'));
  for (const entry of review.entries) blocks.push(...entryBlocks(entry, h, options));
  return `${blocks.join('\n\n')}\n`;
}

function entryBlocks(entry: ReviewEntry, h: Heading, options: ReviewMarkdownOptions): string[] {
  const title = mdText(entry.spec.head.title || entry.spec.base.title || entry.spec.head.id || entry.spec.base.id) || 'spec';
  const deeper: Heading = (depth, text) => h(depth + 2, text);
  const blocks = [h(1, `${title} (${mdCode(entry.path, { inTable: false })})`), h(2, 'What changed in the bar'), ...specDiffSections(entry.spec, deeper)];
  blocks.push(h(2, 'What changed in quality'));
  if ('missing' in entry.runs) {
    blocks.push(`${MARKDOWN_MARK.info} ${mdText(entry.runs.missing)}`);
    return blocks;
  }
  const diff = entry.runs.diff;
  blocks.push(qualityBlock(diff), `Runs compared: base ${runLine(diff.base)} → head ${runLine(diff.head)}. ${mdText(diff.verdict)}`, headlineTable(diff));
  const flipped = flippedCaseBlocks(diff, listLimit(options.maxCases, 25), maxOutputChars(options));
  blocks.push(h(2, 'Flipped cases'), ...(flipped.length ? flipped : ['No case changed status.']));
  return blocks;
}
