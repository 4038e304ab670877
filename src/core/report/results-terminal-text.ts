// Text that came from a model (outputs, and reasons that quote them) made safe and tidy for a terminal: no
// escape sequence may reach the terminal (an output must not move the cursor, recolour the screen or set
// the window title), no control character, no bidirectional override that would reorder what the reader
// sees; plus display widths that know wide and zero-width characters, truncation on grapheme boundaries,
// and the few ANSI colours the console reporters use.
import { oneLine } from '../util/one-line.js';

// CSI (ESC [ or 8-bit 0x9B) with parameters, intermediates and a final byte; OSC (ESC ] or 0x9D) and the
// string commands DCS, SOS, PM, APC up to their terminator (BEL, ESC \ or 0x9C); any other ESC + final.
// An unterminated string command loses only its introducer (as an ESC + final pair), so a stray "\x1b]"
// cannot swallow the rest of an output.
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b[\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[ -/]*[0-~]/g;

// C0 except tab / line feed / carriage return, DEL, C1; bidi embeddings, overrides, isolates and marks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const LINE_BREAK = /\r\n|[\r\u0085\u2028\u2029]/g;

/** Removes ANSI / VT escape sequences (the whole sequence, not just the ESC). */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '');
}

/**
 * Makes text safe to write to a terminal: escape sequences, control characters and bidi controls removed;
 * line breaks normalised to "\n" (kept) and tabs kept.
 */
export function sanitizeForTerminal(text: unknown): string {
  if (typeof text !== 'string') return '';
  return stripAnsi(text.replace(LINE_BREAK, '\n')).replace(CONTROL, '');
}

/** Sanitized, then on one line: every run of whitespace (newlines included) collapsed to one space, trimmed. */
export function sanitizedLine(text: unknown): string {
  return oneLine(sanitizeForTerminal(text));
}

// GitHub Actions reads two forms of workflow command in a log line (actions/runner, ActionCommand.cs): "::"
// at the start of the line after any leading whitespace (::add-mask::, ::error ..., ::stop-commands::), and
// the legacy "##[" anywhere in the line (##[error]..., ##[add-mask]..., ##[set-output name=x]...). The
// runner looks for both with .NET's culture-aware string search, which can skip zero-width characters (a
// zero-width space, a soft hyphen); and whether a log reader drops colour codes before it looks is not
// something to rely on. So such characters and our own colour codes count as absent between the marks.
// Text from a spec or a model never forms either command: the marks get their escaped forms "%3A" and "%5B".
// One invisible character or colour code; no character is both, and whitespace (which may also lead the
// line) shares one character class with them, so no text makes these patterns backtrack more than linearly.
const COLOUR_CODE = String.raw`\u001b\[[0-9;]*m`;
const INVISIBLE = String.raw`(?:[\p{Default_Ignorable_Code_Point}]|${COLOUR_CODE})*`;
const COMMAND_START = new RegExp(String.raw`^((?:[\s\u0085\p{Default_Ignorable_Code_Point}]|${COLOUR_CODE})*):(${INVISIBLE}):`, 'u');
const LEGACY_COMMAND = new RegExp(String.raw`#(${INVISIBLE})#(${INVISIBLE})\[`, 'gu');

/** Keeps a line from being read as a workflow command: a leading "::" becomes "%3A:", every "##[" becomes "##%5B". */
function notWorkflowCommand(line: string): string {
  return line.replace(COMMAND_START, '$1%3A$2:').replace(LEGACY_COMMAND, '#$1#$2%5B');
}

/**
 * A line for a terminal or a CI log (messages, notes, file names): sanitized, its line breaks turned into
 * spaces so it stays one line, and never read by GitHub Actions as a workflow command.
 */
export function terminalLine(text: unknown): string {
  return notWorkflowCommand(sanitizeForTerminal(text).replace(/\n/g, ' '));
}

/** Text of several lines for a terminal or a CI log: sanitized, and no line read as a workflow command. */
export function terminalText(text: unknown): string {
  return withoutWorkflowCommands(sanitizeForTerminal(text));
}

/**
 * Text our reporters already sanitized (and may have coloured): only no line of it may be read as a workflow
 * command, also where our colour codes sit before or inside the marks.
 */
export function withoutWorkflowCommands(text: string): string {
  return text.split('\n').map(notWorkflowCommand).join('\n');
}

// What JSON.stringify leaves raw in a string that a terminal acts on: DEL, C1, bidi controls, line separators.
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text for a terminal or a CI log. No line of it can start with "::" (every line starts with blanks and a
 * quote or a bracket), but a string in it can hold "##[" or a character a terminal acts on: those are written
 * as \u escapes ("##\u005b", "\u202e"), the same value to every JSON reader, and nothing to a terminal or to
 * GitHub Actions. (Such characters can only be inside strings, so the replacement is always an escape there.)
 */
export function jsonForLog(json: string): string {
  return json
    .replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(LEGACY_COMMAND, '#$1#$2\\u005b');
}

// Made on first use: building ICU's grapheme segmenter costs about 8 ms of CPU, which every CLI command
// (and `aispec --version`) would otherwise pay at start-up just for importing this module.
let segmenter: Intl.Segmenter | undefined;

export function graphemeSegmenter(): Intl.Segmenter {
  return (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));
}

// Text made only of these characters is split into graphemes one character each: none of them joins the
// character before or after it (no line break, combining mark, joiner, Hangul jamo, regional indicator or
// surrogate), which the grapheme tests check against ICU for every character and pair. Nearly every line a
// reporter measures (ASCII, Latin letters, the summary's "·", "✓", "–", "≥", "…") is such text, so the
// segmenter, whose ICU data costs ~10 ms of CPU and ~2.5 MB of memory to set up, is made only for the rest.
export const SINGLE_UNIT_GRAPHEME_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x2ff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x2190, 0x23ff],
  [0x2500, 0x27bf],
];
const SINGLE_UNIT_GRAPHEMES = new RegExp(
  `^[${SINGLE_UNIT_GRAPHEME_RANGES.map(([from, to]) => `\\u${from.toString(16).padStart(4, '0')}-\\u${to.toString(16).padStart(4, '0')}`).join('')}]*$`,
);

export function graphemes(text: string): string[] {
  if (SINGLE_UNIT_GRAPHEMES.test(text)) return Array.from(text);
  return Array.from(graphemeSegmenter().segment(text), (s) => s.segment);
}

// Combining marks, variation selectors (Mn) and format characters such as ZWJ and ZWSP (Cf).
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]+$/u;
const EMOJI = /\p{Emoji_Presentation}|\ufe0f/u;

function isWideCodePoint(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function graphemeWidth(g: string): number {
  if (ZERO_WIDTH.test(g)) return 0;
  if (EMOJI.test(g)) return 2;
  return isWideCodePoint(g.codePointAt(0) ?? 0) ? 2 : 1;
}

/** Columns the text occupies on a terminal (after removing escape sequences, which occupy none). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const g of graphemes(stripAnsi(text))) width += graphemeWidth(g);
  return width;
}

/**
 * Cuts plain (uncoloured) text to at most `width` columns, ending with "…" when it was cut. It walks the
 * graphemes lazily and stops one column past the width, so a 90,000-character model output costs no more
 * than a short one (splitting the whole text first made a summary of long outputs take minutes).
 */
export function truncateToWidth(text: string, width: number): string {
  if (text.includes('\u001b')) return truncateColoured(text, width);
  let kept = '';
  let used = 0;
  for (const segment of SINGLE_UNIT_GRAPHEMES.test(text) ? text : segmentsOf(text)) {
    used += graphemeWidth(segment);
    if (used > width) return width <= 0 ? '' : `${kept.trimEnd()}…`;
    if (used <= width - 1) kept += segment;
  }
  return text;
}

/** The graphemes of a text one at a time, as the segmenter finds them (never all at once). */
function* segmentsOf(text: string): Generator<string> {
  for (const { segment } of graphemeSegmenter().segment(text)) yield segment;
}

/** The same for text with escape sequences, whose width is measured without them (rare: whole-text walk). */
function truncateColoured(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const w = graphemeWidth(g);
    if (used + w > width - 1) break;
    out += g;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

/** Pads to `width` columns on the right (align left) or the left (align right), by display width. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
export type Tone = keyof typeof CODES;

export interface Painter {
  (tone: Tone, text: string): string;
}

/** Colours text when `color` is true and returns it untouched otherwise. */
export function painter(color: boolean): Painter {
  return (tone, text) => (color && text !== '' ? `\u001b[${CODES[tone]}m${text}\u001b[${tone === 'dim' || tone === 'bold' ? 22 : 39}m` : text);
}
