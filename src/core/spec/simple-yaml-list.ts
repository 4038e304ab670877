// The fastest reading of a YAML list, for the shape nearly every cases block has: items that are flat maps
// of keys to one-line values, as in
//
//   - id: refund-01
//     input: "Can I get a refund after 30 days?"
//     expect: refuse
//     tags: [billing, edge]
//
// A spec with thousands of inline cases spent most of its parse (and of the time before `aispec eval` sent its
// first request) in js-yaml; this reads that shape in one pass over the lines. It accepts only text whose
// meaning under the YAML core schema is beyond doubt, and gives up on anything else (a comment, a number, an
// escape, a nested value, a non-ASCII character, a tab, CR line ends, a repeated key...), so the caller reads
// that with js-yaml as before. What it returns is what js-yaml returns for the same text: the same values,
// and for each item the span js-yaml's listener reports (from its first key to where the next item's "-"
// line starts); the tests compare the two on every shape accepted here.

/** A key as written at the start of a line: a letter, then letters, digits, "_" or "-". */
const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;
/**
 * A plain scalar that the core schema reads as the string it is, anywhere: it starts with a letter (so it is
 * no number, .inf or ~), holds no YAML indicator (no ":", "#", ",", brackets, quotes...), no double or trailing
 * space. An item of a flow list (`tags: [a, b]`) must be one.
 */
const PLAIN = /^[A-Za-z][A-Za-z0-9_./+-]*(?: [A-Za-z0-9_./+-]+)*$/;
/**
 * Characters beyond ASCII that YAML and js-yaml read as text, the same in every scalar: the printable ones
 * from U+00A0 on (so no C1 control and no NEL, a line break in YAML 1.1), without U+FEFF (a byte order mark
 * where js-yaml starts reading) and without surrogates, which count only in pairs (an astral character).
 */
const WIDE = String.raw`\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd`;
const PAIR = String.raw`[\ud800-\udbff][\udc00-\udfff]`;
/**
 * A one-line plain scalar of a block value (`input: How much should I take?`), as people write cases: it
 * starts with a letter or a character beyond ASCII (but a no-break space: none is a YAML indicator or starts
 * a number), then any printable text but what would end it or make it something else there: ": " or a ":" at
 * its end (a mapping key), " #" (a comment), and, to stay sure, no double or trailing space. In a block value
 * (not in a flow list) ",", "?", quotes, brackets, "&", "*", "!", "%" and "@" after the first character are
 * text (YAML 1.2, 7.3.3; js-yaml's readPlainScalar stops at flow indicators only inside a flow collection).
 */
const BLOCK_PLAIN = new RegExp(String.raw`^(?:[A-Za-z\xa1-\ud7ff\ue000-\ufefe\uff00-\ufffd]|${PAIR})(?:[\x21-\x7e${WIDE}]|${PAIR}| (?! |#|$))*$`);
/** Plain scalars that the core schema reads as null or a boolean, not as a string. */
const NOT_STRINGS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** The text of a one-line double-quoted scalar without escapes: printable text except '"' and '\'. */
const QUOTED = new RegExp(String.raw`^"((?:[\x20\x21\x23-\x5b\x5d-\x7e${WIDE}]|${PAIR})*)"$`);
/** A text js-yaml would read differently from lines of printable text: anything else gives up. */
const UNUSUAL = new RegExp(String.raw`[^\x20-\x7e\n${WIDE}\ud800-\udfff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`);

export interface SimpleYamlList {
  values: Array<Record<string, unknown>>;
  /** Per item: its first key's offset, and where the next item's line starts (or the end of the text, see below). */
  spans: Array<[number, number]>;
}

/** The list, or undefined when the text is not of the simple shape (then js-yaml reads it). */
export function readSimpleYamlList(source: string): SimpleYamlList | undefined {
  if (UNUSUAL.test(source)) return undefined;
  const values: Array<Record<string, unknown>> = [];
  const spans: Array<[number, number]> = [];
  let item: Record<string, unknown> | undefined;
  // js-yaml reads a text that does not end with a line break as if it did: its last item ends one past the text.
  const endOfText = source.endsWith('\n') ? source.length : source.length + 1;
  let lineStart = 0;
  while (lineStart < source.length) {
    const newline = source.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? source.length : newline;
    if (lineEnd > lineStart) {
      let entryStart: number;
      if (source.startsWith('- ', lineStart)) {
        if (item) spans[spans.length - 1]![1] = lineStart;
        item = {};
        values.push(item);
        entryStart = lineStart + 2;
        spans.push([entryStart, endOfText]);
      } else if (item && source.startsWith('  ', lineStart)) {
        entryStart = lineStart + 2;
      } else {
        return undefined;
      }
      if (!readEntry(source.slice(entryStart, lineEnd), item)) return undefined;
    }
    lineStart = lineEnd + 1;
  }
  // No item at all (empty, or blank lines) is js-yaml's to say: it reads that as no document.
  return values.length > 0 ? { values, spans } : undefined;
}

/** Adds one `key: value` line to `item`; false when the line is not of the simple shape. */
function readEntry(line: string, item: Record<string, unknown>): boolean {
  const colon = line.indexOf(': ');
  if (colon <= 0) return false;
  const key = line.slice(0, colon);
  if (!KEY.test(key) || Object.hasOwn(item, key)) return false;
  const value = scalarOrList(line.slice(colon + 2));
  if (value === undefined) return false;
  item[key] = value;
  return true;
}

function scalarOrList(text: string): string | string[] | undefined {
  const quoted = QUOTED.exec(text);
  if (quoted) return quoted[1]!;
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1);
    if (inner === '') return [];
    const items = inner.split(', ');
    return items.every(isPlainString) ? items : undefined;
  }
  return isBlockPlainString(text) ? text : undefined;
}

const isPlainString = (text: string): boolean => PLAIN.test(text) && !NOT_STRINGS.has(text);
const isBlockPlainString = (text: string): boolean => BLOCK_PLAIN.test(text) && !text.includes(': ') && !text.endsWith(':') && !NOT_STRINGS.has(text);
