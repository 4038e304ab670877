// Completion inside a spec's YAML: keys and values from the JSON schema at the exact path of the cursor
// (frontmatter, cases, rubric criteria, checks), the spec's own words where the schema says "a string"
// (labels for `expect` and the label gates, tags for `tags` and `per_tag`, criterion ids for
// `per_criterion`), lint rule ids under `lint:`, and the YAML snippets that fit the place. Pure: text and
// offsets in, candidates out; the editor turns them into CompletionItems.
import { lintRules } from '../lint/index.js';
import { RULE_SEVERITIES } from '../lint/types.js';
import { aispecSchema } from '../spec/schema-validators.js';
import type { ParsedSpec } from '../spec/types.js';
import { regionAt, scanLayout, type RegionKind } from './regions.js';
import { schemaMarkdown, typeSummary } from './schema-docs.js';
import { applicable, itemSchemas, keysOf, schemasAt, typesOf, valuesOf, type KeyInfo, type SchemaNode } from './schema-nav.js';
import { escapeSnippet, snippetKeys, type SpecSnippet } from './snippets.js';
import { vocabularyOf, type Vocabulary } from './vocabulary.js';
import { completionSite, type CompletionSite, type YamlPath } from './yaml-context.js';

export type CompletionKind = 'key' | 'value' | 'label' | 'tag' | 'criterion' | 'rule' | 'snippet';

export interface CompletionCandidate {
  label: string;
  kind: CompletionKind;
  /** One line shown beside the label: the type, `label · 12 cases`, a rule's default severity. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** VS Code snippet syntax. Lines after the first are relative to the indentation of the cursor's line. */
  insertText: string;
  /** Document offsets of the text the candidate replaces. */
  replace: { start: number; end: number };
  sortText: string;
  /** Pre-select this candidate (the first required key still missing). */
  preselect?: boolean;
  /** Ask for completion again after inserting (the value has its own candidates). */
  retrigger?: boolean;
}

export interface CompletionRequest {
  text: string;
  offset: number;
  /** The check of this text, for the labels, tags and criteria the spec uses (optional). */
  spec?: ParsedSpec;
  snippets?: readonly SpecSnippet[];
}

const LABEL_GATES = new Set(['recall', 'precision', 'f1']);

/** YAML words that do not stay strings when written plain. */
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

/** A scalar as YAML writes it: plain when it reads back as the same string, else double-quoted. */
export function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (/^[\p{L}_][\p{L}\p{N}_ ./@-]*$/u.test(value) && !RESERVED.test(value) && !/\s$/.test(value) && !/ #/.test(value)) return value;
  return JSON.stringify(value);
}

const choiceEscape = (text: string): string => text.replace(/[,|\\$}]/g, '\\$&');

const pad = (n: number): string => String(n).padStart(4, '0');

const dotted = (path: YamlPath): string =>
  path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

interface Place {
  region: RegionKind;
  site: CompletionSite;
  /** Document offset where the region's text starts. */
  base: number;
  /** Spaces that lines added below the cursor's line need (relative to that line's indentation) to sit under the key. */
  rel: number;
  vocab: Vocabulary;
  spec: ParsedSpec | undefined;
}

export function completionsAt(request: CompletionRequest): CompletionCandidate[] {
  const { text, offset } = request;
  const layout = scanLayout(text);
  const region = regionAt(layout, offset);
  if (!region) return [];
  const source = text.slice(region.contentStart, region.contentEnd);
  const local = offset - region.contentStart;
  const base = region.contentStart;
  const vocab = vocabularyOf(text, layout, request.spec);
  const lineStart = source.lastIndexOf('\n', local - 1) + 1;
  const lineIndent = /^ */.exec(source.slice(lineStart))![0].length;
  const site = completionSite(source, local);
  const out: CompletionCandidate[] = [];

  if (region.kind === 'cases' || region.kind === 'rubric') out.push(...itemSnippets(request, region.kind, source, local, lineStart, base, vocab));
  if (!site) return out;

  const place: Place = { region: region.kind, site, base, rel: Math.max(0, site.column - lineIndent), vocab, spec: request.spec };
  const nodes = schemasAt(region.kind, site.data, site.path);
  const becomesObject =
    site.role === 'value' && (site.item || !site.inline) && !site.quoted && typesOf(nodes).has('object') && valuesOf(nodes).length === 0;
  if (site.role === 'key' || becomesObject) {
    const siblings = site.role === 'key' ? site.siblings : [];
    out.push(...dynamicKeys(place, siblings));
    out.push(...schemaKeys(place, nodes, siblings));
    if (region.kind === 'frontmatter' && site.path.length === 0 && !site.flow) out.push(...frontmatterSnippets(request, place, siblings));
  } else {
    out.push(...dynamicValues(place));
    out.push(...schemaValues(place, nodes));
  }
  return out;
}

// ---- keys ------------------------------------------------------------------------------------------------

function replaceRange(place: Place): { start: number; end: number } {
  return { start: place.base + place.site.replace.start, end: place.base + place.site.replace.end };
}

function schemaKeys(place: Place, nodes: SchemaNode[], siblings: string[]): CompletionCandidate[] {
  const keys = keysOf(nodes).filter((k) => !siblings.includes(k.name) && allowedBeside(nodes, k.name, siblings));
  // The first required key still missing is pre-selected.
  const firstMissingRequired = keys.find((k) => k.required)?.name;
  return keys.map((key) => {
    const { text, retrigger } = keyInsertText(key, place);
    const candidate: CompletionCandidate = {
      label: key.name,
      kind: 'key',
      detail: `${key.required ? 'required · ' : ''}${typeSummary(key.schemas)}`,
      documentation: schemaMarkdown(key.schemas, { title: dotted([...place.site.path.filter((s) => typeof s === 'string'), key.name]), key: key.name, required: key.required }),
      insertText: text,
      replace: replaceRange(place),
      sortText: `a${key.required ? 0 : 1}${pad(key.order)}`,
    };
    if (key.name === firstMissingRequired) candidate.preselect = true;
    if (retrigger) candidate.retrigger = true;
    return candidate;
  });
}

/**
 * Whether a key may join `siblings`: a check or classify rule has exactly one kind key (`oneOf` of single
 * `required`s), and `flags` only goes beside `regex` / `not-regex` (`dependentSchemas`).
 */
function allowedBeside(nodes: SchemaNode[], key: string, siblings: string[]): boolean {
  for (const node of nodes) {
    if (Array.isArray(node.oneOf)) {
      const kinds = node.oneOf.flatMap((b) => (b && typeof b === 'object' && Array.isArray((b as SchemaNode).required) ? ((b as SchemaNode).required as string[]) : []));
      if (kinds.includes(key) && siblings.some((s) => kinds.includes(s))) return false;
    }
    const dependent = (node.dependentSchemas as Record<string, SchemaNode> | undefined)?.[key];
    if (dependent) {
      const options = Array.isArray(dependent.anyOf) ? (dependent.anyOf as SchemaNode[]) : [dependent];
      const needs = options.map((o) => (Array.isArray(o.required) ? (o.required as string[]) : []));
      if (!needs.some((req) => req.every((r) => siblings.includes(r)))) return false;
    }
  }
  return true;
}

/** Keys whose value takes the spec's own words (labels, tags) get them offered right after insertion. */
function hasDynamicValues(place: Place, key: string): boolean {
  return (place.region === 'cases' && (key === 'expect' || key === 'tags') && place.site.path.length <= 1) || (place.region === 'frontmatter' && key === 'labels');
}

function keyInsertText(key: KeyInfo, place: Place): { text: string; retrigger: boolean } {
  const { name, schemas } = key;
  const values = valuesOf(schemas);
  const types = typesOf(schemas);
  const indent = ' '.repeat(place.rel + 2);
  const dynamic = hasDynamicValues(place, name);
  if (values.length === 1 && schemas.some((n) => 'const' in n)) return { text: `${name}: ${escapeSnippet(yamlScalar(values[0]!.value))}`, retrigger: false };
  if (values.length > 1) return { text: `${name}: \${1|${values.map((v) => choiceEscape(yamlScalar(v.value))).join(',')}|}`, retrigger: false };
  if (place.site.flow) return { text: `${name}: $0`, retrigger: dynamic };
  if (types.size === 1 && types.has('object')) {
    const required = keysOf(schemas.flatMap((s) => applicable(s, {}))).filter((k) => k.required);
    if (!required.length) return { text: `${name}:\n${indent}$0`, retrigger: true };
    const lines = required.map((k, i) => {
      const choices = valuesOf(k.schemas);
      if (choices.length === 1 && k.schemas.some((n) => 'const' in n)) return `${k.name}: ${escapeSnippet(yamlScalar(choices[0]!.value))}`;
      if (choices.length > 1) return `${k.name}: \${${i + 1}|${choices.map((v) => choiceEscape(yamlScalar(v.value))).join(',')}|}`;
      return `${k.name}: $${i + 1}`;
    });
    return { text: `${name}:\n${indent}${lines.join(`\n${indent}`)}$0`, retrigger: false };
  }
  if (types.size === 1 && types.has('array')) {
    if (typesOf(itemSchemas(schemas)).has('object')) return { text: `${name}:\n${indent}- $0`, retrigger: true };
    return { text: `${name}: [$0]`, retrigger: dynamic };
  }
  const def = schemas.find((n) => n.default !== undefined)?.default;
  if (typeof def === 'number' || (typeof def === 'string' && !/^https?:/.test(def))) return { text: `${name}: \${1:${escapeSnippet(String(def))}}`, retrigger: false };
  return { text: `${name}: $0`, retrigger: dynamic };
}

/** Keys that are the spec's own words: classify labels, gate maps by tag, label and criterion, lint rule ids. */
function dynamicKeys(place: Place, siblings: string[]): CompletionCandidate[] {
  if (place.region !== 'frontmatter') return [];
  const path = place.site.path;
  const at = dotted(path);
  const replace = replaceRange(place);
  const fresh = (words: string[]): string[] => words.filter((w) => !siblings.includes(w));
  if (at === 'classify') {
    const labels = fresh(place.vocab.labels);
    const out = labels.map((label, i): CompletionCandidate => {
      const last = i === labels.length - 1 && siblings.length + labels.length === place.vocab.labels.length && siblings.length > 0;
      return {
        label,
        kind: 'label',
        detail: 'label · classify rule',
        documentation: `When an output gets the label \`${label}\`: \`{ regex, flags? }\`, \`{ contains }\`, \`{ icontains }\`, \`{ equals }\` or \`{ otherwise: true }\` (the fallback). Rules are tried in order.`,
        insertText: last ? `${escapeSnippet(yamlScalar(label))}: { otherwise: true }$0` : `${escapeSnippet(yamlScalar(label))}: { regex: '$1', flags: i }$0`,
        replace,
        sortText: `a0${pad(i)}`,
      };
    });
    if (!siblings.length) {
      const special = (aispecSchema.$defs.classify as { then: { properties: Record<string, SchemaNode> } }).then.properties;
      out.push(
        { label: 'json', kind: 'key', detail: 'classify form', documentation: schemaMarkdown([special.json!], { title: 'classify.json', key: 'json' }), insertText: 'json: $0', replace, sortText: 'a2000' },
        { label: 'judge', kind: 'key', detail: 'classify form', documentation: schemaMarkdown([special.judge!], { title: 'classify.judge', key: 'judge' }), insertText: 'judge: true', replace, sortText: 'a2001' },
      );
    }
    return out;
  }
  const minimum = (kind: CompletionKind, words: string[], describe: (w: string) => { detail: string; doc: string }, value: string): CompletionCandidate[] =>
    fresh(words).map((word, i) => {
      const { detail, doc } = describe(word);
      return { label: word, kind, detail, documentation: doc, insertText: `${escapeSnippet(yamlScalar(word))}: ${value}`, replace, sortText: `a0${pad(i)}` };
    });
  if (at === 'gates.per_tag') {
    return minimum('tag', place.vocab.tags, (t) => ({ detail: `tag · ${casesWord(place.vocab.tagCounts.get(t) ?? 0)}`, doc: `Minimum pass rate of the cases tagged \`${t}\`, 0..1.` }), '${1:0.9}');
  }
  if (path.length === 2 && path[0] === 'gates' && LABEL_GATES.has(String(path[1]))) {
    return minimum('label', place.vocab.labels, (l) => ({ detail: `label · ${casesWord(expectCount(place.spec, l))}`, doc: `Minimum ${String(path[1])} of the label \`${l}\`, 0..1.` }), '${1:0.9}');
  }
  if (at === 'gates.per_criterion') {
    return minimum('criterion', place.vocab.criteria, (c) => ({ detail: 'rubric criterion', doc: criterionText(place.spec, c) }), '${1:1}');
  }
  if (at === 'lint') {
    return fresh(lintRules.map((r) => r.id)).map((id, i) => {
      const rule = lintRules.find((r) => r.id === id)!;
      return {
        label: id,
        kind: 'rule' as const,
        detail: `lint rule · default ${rule.defaultSeverity}`,
        documentation: `${rule.description}\n\n${rule.docs}`,
        insertText: `${id}: \${1|${RULE_SEVERITIES.join(',')}|}`,
        replace,
        sortText: `a0${pad(i)}`,
      };
    });
  }
  return [];
}

const casesWord = (n: number): string => `${n} case${n === 1 ? '' : 's'}`;

function expectCount(spec: ParsedSpec | undefined, label: string): number {
  return (spec?.cases ?? []).filter((c) => c.expect === label).length;
}

function criterionText(spec: ParsedSpec | undefined, id: string): string {
  const c = spec?.rubric.find((r) => r.id === id);
  return c ? `Minimum pass rate of the criterion \`${id}\`: ${c.criterion}` : `Minimum pass rate of the criterion \`${id}\`.`;
}

// ---- values ----------------------------------------------------------------------------------------------

function valueInsert(place: Place, value: string | number | boolean): string {
  const written = place.site.quoted ? String(value) : yamlScalar(value);
  return `${place.site.needsSpace ? ' ' : ''}${escapeSnippet(written)}`;
}

function dynamicValues(place: Place): CompletionCandidate[] {
  const { site, region, vocab } = place;
  const path = site.path;
  const replace = replaceRange(place);
  const last = path[path.length - 1];
  const inCase = region === 'cases' && typeof path[0] === 'number';
  if (inCase && path.length === 2 && last === 'expect') {
    return vocab.labels.map((label, i) => ({
      label,
      kind: 'label',
      detail: `label · ${casesWord(expectCount(place.spec, label))}`,
      documentation: `The case expects the label \`${label}\` (one of the frontmatter \`labels\`).`,
      insertText: valueInsert(place, label),
      replace,
      sortText: `a0${pad(i)}`,
    }));
  }
  // A case's own tags, and the tags a criterion's `applies_to` selects cases by.
  const inAppliesTo = region === 'rubric' && typeof path[0] === 'number' && path[1] === 'applies_to';
  const tagItem = (inCase && path.length === 3 && path[1] === 'tags' && typeof last === 'number') || (inAppliesTo && path.length === 4 && path[2] === 'tags' && typeof last === 'number');
  const tagList = ((inCase && path.length === 2) || (inAppliesTo && path.length === 3)) && last === 'tags' && site.inline && !site.item;
  if (tagItem || tagList) {
    return vocab.tags
      .filter((t) => !site.siblings.includes(t))
      .map((tag, i) => ({
        label: tag,
        kind: 'tag',
        detail: `tag · ${casesWord(vocab.tagCounts.get(tag) ?? 0)}`,
        documentation: `Tag \`${tag}\`${(['edge', 'adversarial', 'regression'] as string[]).includes(tag) ? ': one of the coverage tags lint looks for' : ''}. Tags give per-tag pass rates (\`gates.per_tag\`) and filter runs (\`--tag\`).`,
        insertText: tagList ? `${site.needsSpace ? ' ' : ''}[${escapeSnippet(yamlScalar(tag))}$0]` : valueInsert(place, tag),
        replace,
        sortText: `a0${pad(i)}`,
      }));
  }
  return [];
}

function schemaValues(place: Place, nodes: SchemaNode[]): CompletionCandidate[] {
  const replace = replaceRange(place);
  return valuesOf(nodes).map((v, i) => {
    const candidate: CompletionCandidate = {
      label: String(v.value),
      kind: 'value',
      insertText: valueInsert(place, v.value),
      replace,
      sortText: `a1${pad(i)}`,
    };
    if (v.description) candidate.documentation = v.description;
    return candidate;
  });
}

// ---- snippets --------------------------------------------------------------------------------------------

function frontmatterSnippets(request: CompletionRequest, place: Place, siblings: string[]): CompletionCandidate[] {
  return (request.snippets ?? [])
    .filter((s) => s.context === 'frontmatter' && !snippetKeys(s).some((k) => siblings.includes(k)))
    .map((s, i) => ({
      label: s.prefix,
      kind: 'snippet' as const,
      detail: s.name,
      documentation: s.description,
      insertText: s.body,
      replace: replaceRange(place),
      sortText: `z${pad(i)}`,
    }));
}

/** Case and criterion snippets on a line of their own (`|` or `- |`) in a cases or rubric block. */
function itemSnippets(
  request: CompletionRequest,
  kind: 'cases' | 'rubric',
  source: string,
  local: number,
  lineStart: number,
  base: number,
  vocab: Vocabulary,
): CompletionCandidate[] {
  let start = local;
  while (start > lineStart && /[\p{L}\p{N}_-]/u.test(source.charAt(start - 1))) start--;
  let end = local;
  while (end < source.length && /[\p{L}\p{N}_-]/u.test(source.charAt(end))) end++;
  const before = source.slice(lineStart, start);
  const dash = /^- +$/.test(before);
  if (before !== '' && !dash) return [];
  return (request.snippets ?? [])
    .filter((s) => s.context === kind)
    .map((s, i) => {
      let body = s.body;
      if (vocab.labels.length) body = body.replace(/^(\s*expect: )\$\{(\d+):[^}]*\}/m, (_m, lead: string, n: string) => `${lead}\${${n}|${vocab.labels.map((l) => choiceEscape(yamlScalar(l))).join(',')}|}`);
      if (dash) body = body.replace(/^- /, '');
      return {
        label: s.prefix,
        kind: 'snippet' as const,
        detail: s.name,
        documentation: s.description,
        insertText: body,
        replace: { start: base + start, end: base + end },
        sortText: `z${pad(i)}`,
      };
    });
}

