// The only way the panel builds DOM: elements by name, attributes by name, and text as text nodes. There is
// no innerHTML anywhere in the webview, so a model output can never become markup, and event handlers cannot
// come in as attributes (names starting with "on" are refused, as are style and href-like attributes, which
// a CSP without 'unsafe-inline' would block anyway). Layout values go through the CSSOM (el.style), which
// the CSP allows.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Plain attributes; values become strings. */
  attrs?: Record<string, string | number | boolean | null | undefined>;
  text?: string;
  /** Event listeners, attached with addEventListener. */
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

const FORBIDDEN = /^(on|style$|href$|src$|srcdoc$|action$|formaction$|xlink:href$)/i;

function setAttrs(el: Element, attrs: Props['attrs']): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (FORBIDDEN.test(name)) throw new Error(`refusing to set attribute ${name}`);
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(el: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    if (props.class) el.className = props.class;
    setAttrs(el, props.attrs);
    if (props.text !== undefined) el.textContent = props.text;
    if (props.on) for (const [type, listener] of Object.entries(props.on)) el.addEventListener(type, listener as EventListener);
  }
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number | null | undefined> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (FORBIDDEN.test(name)) throw new Error(`refusing to set attribute ${name}`);
    if (value === null || value === undefined) continue;
    el.setAttribute(name, typeof value === 'number' ? String(Math.round(value * 100) / 100) : value);
  }
  append(el, children);
  return el;
}

/** An SVG `<title>`: the tooltip and accessible name of a mark. */
export function tip(text: string): SVGTitleElement {
  return s('title', {}, text);
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/** A unique id for aria-labelledby / aria-controls within this document. */
let nextId = 0;
export function uid(prefix: string): string {
  return `${prefix}-${++nextId}`;
}

// Bidirectional formatting characters (U+202A–U+202E, U+2066–U+2069) and other invisible controls can make a
// model's output read differently from what it is ("Trojan Source"). Case text is shown with them made
// visible, and each text block is isolated so it cannot reorder the panel's own labels around it.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u061c\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text);
}

const RUN = 64;

/**
 * Appends text with a line-break opportunity (<wbr>) after every 64 characters of a run without spaces.
 * A browser breaking one 50,000-character "word" anywhere re-measures the rest of it for every line
 * (seconds of layout); short runs wrap in linear time. <wbr> adds nothing to textContent.
 */
export function appendBreakable(parent: Node, text: string): void {
  let run = 0;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d) {
      run = 0;
      continue;
    }
    // Never between the halves of a surrogate pair.
    if (++run >= RUN && !(code >= 0xd800 && code <= 0xdbff)) {
      parent.appendChild(document.createTextNode(text.slice(last, i + 1)));
      parent.appendChild(document.createElement('wbr'));
      last = i + 1;
      run = 0;
    }
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

/**
 * Case-derived text of any length: cut at `max` characters, wrapping cheaply (see {@link appendBreakable}),
 * with invisible and bidi control characters shown as marks (see {@link revealedText}), direction isolated.
 */
export function longText(text: string, max = 4000): HTMLElement {
  const el = h('bdi', { class: 'long' });
  el.appendChild(revealedText(text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text));
  return el;
}

/** Text with invisible and bidi control characters shown as visible ⟨U+202E⟩ marks (spans, not markup). */
export function revealedText(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let last = 0;
  INVISIBLE.lastIndex = 0;
  for (let m = INVISIBLE.exec(text); m !== null; m = INVISIBLE.exec(text)) {
    if (m.index > last) appendBreakable(fragment, text.slice(last, m.index));
    const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    fragment.appendChild(h('span', { class: 'ctrl', attrs: { title: `invisible control character U+${code}` } }, `U+${code}`));
    last = m.index + m[0].length;
  }
  if (last < text.length) appendBreakable(fragment, text.slice(last));
  return fragment;
}

/** A short piece of case text for a table cell, isolated from the surrounding layout direction. */
export function cellText(text: string, max = 300): HTMLElement {
  const flat = text.length > max ? `${text.slice(0, max)}…` : text;
  // Strip bidi controls in the one-line preview (the detail view shows them); keep the rest as is.
  INVISIBLE.lastIndex = 0;
  return h('bdi', null, flat.replace(INVISIBLE, '�').replace(/\s+/g, ' '));
}
