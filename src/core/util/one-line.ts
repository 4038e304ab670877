// Text shown where one line is all there is room for (a verdict reason, a CodeLens title, a table cell),
// whatever line breaks the model or the spec put in it.

/**
 * `text` with every run of whitespace (line breaks included) collapsed to one space and the ends trimmed;
 * longer than `max` characters (code points, so no surrogate pair is split), it is cut to `max` with "…".
 */
export function oneLine(text: string, max = Infinity): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}
