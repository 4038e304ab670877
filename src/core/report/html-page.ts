// What every HTML page aispec writes starts with: the doctype, the language, UTF-8, its
// Content-Security-Policy and the viewport, in that order (the policy before anything it governs). The CLI's
// self-contained report (results-html.ts) and the editor's results panel (src/extension/results-panel/html.ts)
// both open with it.

/** Text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The page's first lines, up to the viewport inside <head>; the caller adds the rest of the head. */
export function htmlPageStart(csp: string): string[] {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
  ];
}
