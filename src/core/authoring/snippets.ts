// The snippets of snippets/aispec.code-snippets, read as data: VS Code offers them in the Markdown of a spec,
// and completion offers the YAML ones inside the frontmatter and the cases and rubric blocks (where VS Code
// looks up snippets of the embedded language, YAML, not ours). Also a small expander of VS Code's snippet
// syntax, so the tests can check that every snippet, expanded with its defaults, makes a valid spec.
import { isRecord } from '../util/is-record.js';

/** Where a snippet belongs: the whole document, the Markdown body, a frontmatter key, a case, a criterion. */
export type SnippetContext = 'document' | 'body' | 'frontmatter' | 'cases' | 'rubric';

export interface SpecSnippet {
  name: string;
  prefix: string;
  description: string;
  /** Snippet syntax, lines joined with \n. */
  body: string;
  context: SnippetContext;
}

/** Every snippet's context, by name. A snippet missing here is a test failure, not a guess. */
export const SNIPPET_CONTEXTS: Readonly<Record<string, SnippetContext>> = {
  Spec: 'document',
  'Rubric criterion': 'rubric',
  'Rubric criterion graded by the judge': 'rubric',
  'Rubric block': 'body',
  'Anti-pattern': 'body',
  'Pass example': 'body',
  'Fail example': 'body',
  'Cases block': 'body',
  Case: 'cases',
  'Classification case': 'cases',
  'Conversation case': 'cases',
  Gates: 'frontmatter',
  'Labels and classify': 'frontmatter',
  Judge: 'frontmatter',
  'Target: openai': 'frontmatter',
  'Target: anthropic': 'frontmatter',
  'Target: http': 'frontmatter',
  'Target: command': 'frontmatter',
  'Target: recorded': 'frontmatter',
};

/** Reads a parsed .code-snippets file. Entries without a known context are skipped. */
export function readSnippets(json: unknown): SpecSnippet[] {
  if (!isRecord(json)) return [];
  const out: SpecSnippet[] = [];
  for (const [name, entry] of Object.entries(json)) {
    const context = SNIPPET_CONTEXTS[name];
    if (!context || !isRecord(entry)) continue;
    const prefix = Array.isArray(entry.prefix) ? String(entry.prefix[0] ?? '') : String(entry.prefix ?? '');
    const body = Array.isArray(entry.body) ? entry.body.map(String).join('\n') : String(entry.body ?? '');
    out.push({ name, prefix, description: typeof entry.description === 'string' ? entry.description : name, body, context });
  }
  return out;
}

/** The top-level key a frontmatter snippet writes (`target`, `gates`): not offered when the key is there. */
export function snippetKeys(snippet: SpecSnippet): string[] {
  if (snippet.context !== 'frontmatter') return [];
  return [...snippet.body.matchAll(/^([a-z_]+):/gm)].map((m) => m[1]!);
}

/** Escapes text for use inside a snippet (`$`, `}` and `\` are special). */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

// ---- expansion -------------------------------------------------------------------------------------------

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; children?: Part[]; choices?: string[]; transform?: Transform }
  | { kind: 'variable'; name: string; children?: Part[]; transform?: Transform };

interface Transform {
  regex: RegExp;
  format: string;
}

class SnippetParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(stopAt?: string): Part[] {
    const parts: Part[] = [];
    let text = '';
    const flush = (): void => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos]!;
      if (stopAt && ch === stopAt) break;
      if (ch === '\\' && /[$}\\]/.test(this.src[this.pos + 1] ?? '')) {
        text += this.src[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (ch === '$') {
        const part = this.dollar();
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
      }
      text += ch;
      this.pos++;
    }
    flush();
    return parts;
  }

  private dollar(): Part | undefined {
    const start = this.pos;
    const rest = this.src.slice(this.pos + 1);
    let m = /^\d+/.exec(rest);
    if (m) {
      this.pos += 1 + m[0].length;
      return { kind: 'tabstop', index: Number(m[0]) };
    }
    m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (m) {
      this.pos += 1 + m[0].length;
      return { kind: 'variable', name: m[0] };
    }
    m = /^\{(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (!m) return undefined;
    this.pos += 1 + m[0].length;
    const id = m[1]!;
    const numeric = /^\d+$/.test(id);
    const next = this.src[this.pos];
    if (next === '}') {
      this.pos++;
      return numeric ? { kind: 'tabstop', index: Number(id) } : { kind: 'variable', name: id };
    }
    if (next === ':') {
      this.pos++;
      const children = this.parse('}');
      this.pos++; // }
      return numeric ? { kind: 'tabstop', index: Number(id), children } : { kind: 'variable', name: id, children };
    }
    if (next === '|' && numeric) {
      const close = this.src.indexOf('|}', this.pos + 1);
      const raw = this.src.slice(this.pos + 1, close);
      this.pos = close + 2;
      const choices = raw.split(/(?<!\\),/).map((c) => c.replace(/\\([,|\\])/g, '$1'));
      return { kind: 'tabstop', index: Number(id), choices };
    }
    if (next === '/') {
      const regex = this.until('/');
      const format = this.until('/');
      const flagsEnd = this.src.indexOf('}', this.pos);
      const flags = this.src.slice(this.pos + 1, flagsEnd);
      this.pos = flagsEnd + 1;
      const transform = { regex: new RegExp(regex, flags), format };
      return numeric ? { kind: 'tabstop', index: Number(id), transform } : { kind: 'variable', name: id, transform };
    }
    this.pos = start;
    return undefined;
  }

  /** Reads after the current character up to an unescaped `end` outside `${...}` (a format's `${1:/downcase}`). */
  private until(end: string): string {
    this.pos++;
    let out = '';
    let depth = 0;
    while (this.pos < this.src.length && (depth > 0 || this.src[this.pos] !== end)) {
      const ch = this.src[this.pos]!;
      if (ch === '\\' && this.src[this.pos + 1] === end) {
        out += end;
        this.pos += 2;
        continue;
      }
      if (ch === '$' && this.src[this.pos + 1] === '{') depth++;
      else if (ch === '}' && depth > 0) depth--;
      out += ch;
      this.pos++;
    }
    return out;
  }
}

/** A transform's format: `$n`, `${n}`, `${n:/upcase|/downcase|/capitalize}`, `${n:+if}`, `${n:-else}`, `${n:?if:else}`. */
function applyTransform(value: string, t: Transform): string {
  return value.replace(t.regex, (...args: unknown[]) => {
    const end = args.findIndex((a) => typeof a === 'number');
    const groups = args.slice(0, end).map((g) => (typeof g === 'string' ? g : ''));
    return t.format.replace(/\$(\d+)|\$\{(\d+)(?::([^}]*))?\}/g, (_m, a: string | undefined, b: string | undefined, how: string | undefined) => {
      const g = groups[Number(a ?? b)] ?? '';
      if (how === undefined) return g;
      if (how === '/upcase') return g.toUpperCase();
      if (how === '/downcase') return g.toLowerCase();
      if (how === '/capitalize') return g.charAt(0).toUpperCase() + g.slice(1);
      if (how.startsWith('+')) return g ? how.slice(1) : '';
      if (how.startsWith('?')) {
        const [yes = '', no = ''] = how.slice(1).split(':');
        return g ? yes : no;
      }
      return g || (how.startsWith('-') ? how.slice(1) : how);
    });
  });
}

export interface ExpandOptions {
  /** Values of snippet variables (TM_FILENAME_BASE, ...). Unknown variables expand to their name, as in VS Code. */
  variables?: Record<string, string>;
  /** Picks a choice; default: the first. */
  choose?: (index: number, choices: string[]) => string;
}

/** The text a snippet inserts when every placeholder keeps its default and every choice its first option. */
export function expandSnippet(body: string, options: ExpandOptions = {}): string {
  const parts = new SnippetParser(body).parse();
  const values = new Map<number, string>();
  const render = (list: Part[]): string => list.map(renderPart).join('');
  const renderPart = (part: Part): string => {
    if (part.kind === 'text') return part.text;
    if (part.kind === 'variable') {
      const known = options.variables?.[part.name];
      const value = known ?? (part.children ? render(part.children) : part.name);
      return part.transform ? applyTransform(value, part.transform) : value;
    }
    let value: string;
    if (part.choices) value = options.choose?.(part.index, part.choices) ?? part.choices[0] ?? '';
    else if (part.children) value = render(part.children);
    else value = values.get(part.index) ?? '';
    if (part.transform) return applyTransform(value, part.transform);
    if (!values.has(part.index) && (part.choices || part.children)) values.set(part.index, value);
    return value;
  };
  // Two passes: a mirror (`${1}`) may come before the placeholder that gives its text.
  render(parts);
  return render(parts);
}
