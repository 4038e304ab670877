// The options the report renderers have in common, and the one way they are normalised: the console
// renderers (results-console, run-diff-text) take colour and a width, the Markdown ones (results-markdown,
// run-diff-markdown) a heading level and an output excerpt length, and all of them a number of cases to list.
import { type Painter, painter } from './results-terminal-text.js';

export interface TerminalOptions {
  /** ANSI colour (green pass, red fail, yellow errors and warnings); plain text when false. */
  color: boolean;
  /** Columns available; long reasons and outputs are cut to fit. Default 100, at least 40. */
  width?: number;
}

export interface MarkdownOptions {
  /** Characters of a model output shown per case. Default 160, at least 10. */
  maxOutputChars?: number;
  /** Heading level of the report's title (2 → `##`, 1 to 5); sections are one level below. Default 2. */
  headingLevel?: number;
}

export interface TerminalLayout {
  paint: Painter;
  width: number;
}

export function terminalLayout(options: TerminalOptions): TerminalLayout {
  return { paint: painter(options.color), width: Math.max(40, Math.floor(options.width ?? 100)) };
}

/** A heading `depth` levels below the report's title. */
export type Heading = (depth: number, text: string) => string;

export function markdownHeading(options: MarkdownOptions): Heading {
  const level = Math.min(5, Math.max(1, Math.floor(options.headingLevel ?? 2)));
  return (depth, text) => `${'#'.repeat(level + depth)} ${text}`;
}

export function maxOutputChars(options: MarkdownOptions): number {
  return Math.max(10, Math.floor(options.maxOutputChars ?? 160));
}

/** How many cases a list shows before "… and K more": a whole number, 0 at least. */
export function listLimit(value: number | undefined, fallback: number): number {
  return Math.max(0, Math.floor(value ?? fallback));
}
