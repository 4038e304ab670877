// `{{...}}` templating of prompts, inputs and request bodies with a case's values. Known names are `input`,
// `id`, `messages` and `vars.NAME` (a dotted path into the case's vars); anything else between braces is left
// as written, so prompts that show other template syntax survive. A known name without a value is an error
// (a silently empty prompt would grade the wrong thing).
import type { Case } from '../../spec/types.js';
import { CaseError } from '../types.js';

export type TemplateContext = Pick<Case, 'id' | 'input' | 'messages' | 'vars'>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}$/;

const MISSING = Symbol('missing');
const UNKNOWN = Symbol('unknown');

function lookup(name: string, ctx: TemplateContext): unknown {
  if (name === 'input') return ctx.input ?? MISSING;
  if (name === 'id') return ctx.id;
  if (name === 'messages') return ctx.messages ?? MISSING;
  if (!name.startsWith('vars.')) return UNKNOWN;
  let value: unknown = ctx.vars;
  for (const part of name.slice('vars.'.length).split('.')) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, part)) return MISSING;
    value = (value as Record<string, unknown>)[part];
  }
  return value === undefined ? MISSING : value;
}

function missing(name: string, ctx: TemplateContext, where: string): CaseError {
  const what =
    name === 'input'
      ? `case "${ctx.id}" has no "input"${ctx.messages ? ' (it has "messages": use {{messages}} or refer to vars)' : ''}`
      : name === 'messages'
        ? `case "${ctx.id}" has no "messages"`
        : `case "${ctx.id}" has no var "${name.slice('vars.'.length)}"${Object.keys(ctx.vars).length ? ` (its vars: ${Object.keys(ctx.vars).join(', ')})` : ''}`;
  return new CaseError(`${where}: {{${name}}} has no value: ${what}.`);
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Replaces `{{input}}`, `{{id}}`, `{{messages}}` and `{{vars.NAME}}` in `text`. `where` names the text in errors;
 * `encode` (e.g. encodeURIComponent for URLs) is applied to each substituted value.
 */
export function renderTemplate(text: string, ctx: TemplateContext, where: string, encode?: (value: string) => string): string {
  if (!text.includes('{{')) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = lookup(name, ctx);
    if (value === UNKNOWN) return whole;
    if (value === MISSING) throw missing(name, ctx, where);
    return encode ? encode(asText(value)) : asText(value);
  });
}

/**
 * Templates every string leaf of a JSON value. A leaf that is exactly one placeholder takes the value itself
 * (a number stays a number, `{{messages}}` becomes the list); other strings are rendered as text.
 */
export function renderJson(value: unknown, ctx: TemplateContext, where: string): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) {
      const name = whole[1]!;
      const found = lookup(name, ctx);
      if (found === MISSING) throw missing(name, ctx, where);
      if (found !== UNKNOWN) return found;
    }
    return renderTemplate(value, ctx, where);
  }
  if (Array.isArray(value)) return value.map((item, i) => renderJson(item, ctx, `${where}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = renderJson(item, ctx, `${where}.${key}`);
    return out;
  }
  return value;
}
