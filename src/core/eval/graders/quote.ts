// Short, one-line renderings of text for verdict reasons: a reason must fit on one line of a terminal or a
// table cell, whatever the model wrote.

/** `"text"` on one line (newlines and tabs escaped), cut to `max` characters with an ellipsis. */
export function quote(text: string, max = 60): string {
  const oneLine = text.replace(/\r?\n/g, '\\n').replace(/\t/g, '\\t');
  const chars = [...oneLine];
  const cut = chars.length > max ? chars.slice(0, max - 1).join('') + '…' : oneLine;
  return `"${cut}"`;
}

/** `/pattern/flags`, as the user wrote it in the spec. */
export function showRegex(pattern: string, flags: string): string {
  return `/${pattern}/${flags}`;
}
