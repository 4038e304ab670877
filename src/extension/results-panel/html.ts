// The results panel's HTML, built in one place: a fresh 128-bit nonce per page, a Content-Security-Policy
// that allows nothing by default (the one script by its nonce, styles and images only from the extension's
// own webview resource origin, no inline handlers, no frames, no forms), and the boot data (title, the state
// to restore) in an HTML-escaped data attribute. The results themselves never go into the HTML: they arrive
// by postMessage after the webview says it is ready. No vscode import, so the unit tests can check it.
import { randomBytes } from 'node:crypto';
import { escapeHtml, htmlPageStart } from '../../core/index.js';
import type { BootData } from '../../shared/messages.js';

/** 16 random bytes (128 bits), base64: a CSP nonce that cannot be guessed. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export interface PanelHtmlOptions {
  /** webview.cspSource: the origin VS Code serves localResourceRoots from. */
  cspSource: string;
  /** webview.asWebviewUri(dist/webview.js) */
  scriptUri: string;
  /** webview.asWebviewUri(media/results.css) */
  styleUri: string;
  nonce: string;
  boot: BootData;
}

export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

export function panelHtml(o: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/]{20,}={0,2}$/.test(o.nonce)) throw new Error('the nonce must be base64 of at least 128 bits');
  const title = o.boot.title || 'aispec results';
  return [
    ...htmlPageStart(panelCsp(o.cspSource, o.nonce)),
    `<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">`,
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body>',
    `<div id="aispec-root" aria-busy="true" data-boot="${escapeHtml(JSON.stringify(o.boot))}"></div>`,
    `<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
