// A run's verdict as every report shows it: the word (PASS, FAIL, NO GATES, PARTIAL, INCOMPLETE), its mark in Markdown and in
// plain text, and its colour on a terminal. The console summary, the Markdown report, both run-diff
// renderers and the results panel take it from here, so a verdict reads the same wherever it appears.
import type { RunSummary } from '../../shared/results.js';
import type { Tone } from './results-terminal-text.js';

export type Verdict = RunSummary['verdict'];

/** Marks for Markdown, which GitHub renders in colour: a verdict, a gate, a warning. */
export const MARKDOWN_MARK = { pass: '✅', fail: '❌', warn: '⚠️', info: 'ℹ️' } as const;

export interface VerdictStyle {
  word: string;
  markdownMark: string;
  textMark: string;
  tone: Tone;
}

export const VERDICT_STYLE: Readonly<Record<Verdict, VerdictStyle>> = {
  pass: { word: 'PASS', markdownMark: MARKDOWN_MARK.pass, textMark: '✓', tone: 'green' },
  fail: { word: 'FAIL', markdownMark: MARKDOWN_MARK.fail, textMark: '✗', tone: 'red' },
  // Neither decides launch: no gates to pass, or a subset of the cases.
  ungated: { word: 'NO GATES', markdownMark: MARKDOWN_MARK.info, textMark: 'ℹ', tone: 'cyan' },
  partial: { word: 'PARTIAL', markdownMark: MARKDOWN_MARK.warn, textMark: '⚠', tone: 'yellow' },
  incomplete: { word: 'INCOMPLETE', markdownMark: MARKDOWN_MARK.warn, textMark: '⚠', tone: 'yellow' },
};

/** The style of a verdict as read from a results file; undefined for anything else (a run diff's missing verdict). */
export function verdictStyle(verdict: unknown): VerdictStyle | undefined {
  return typeof verdict === 'string' && Object.hasOwn(VERDICT_STYLE, verdict) ? VERDICT_STYLE[verdict as Verdict] : undefined;
}
