// Hovers in a spec's YAML: a key shows what the schema says of it (description, type, range, default,
// allowed values, an example); an enum value shows its meaning; a lint rule id under `lint:` its docs; a
// label or tag how many cases use it.
import { findLintRule } from '../lint/index.js';
import type { ParsedSpec } from '../spec/types.js';
import { regionAt, scanLayout } from './regions.js';
import { schemaMarkdown } from './schema-docs.js';
import { keysOf, schemasAt, valuesOf } from './schema-nav.js';
import { nodeAt, type YamlPath } from './yaml-context.js';

export interface HoverResult {
  markdown: string;
  /** Document offsets of the hovered key or value. */
  range: { start: number; end: number };
}

const dotted = (path: YamlPath): string => path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

export function ruleMarkdown(id: string): string | undefined {
  const rule = findLintRule(id);
  if (!rule) return undefined;
  return [`**${rule.id}** · lint rule · default ${rule.defaultSeverity}`, rule.description, rule.docs].join('\n\n');
}

export function hoverAt(text: string, offset: number, spec?: ParsedSpec): HoverResult | undefined {
  const layout = scanLayout(text);
  const region = regionAt(layout, offset);
  if (!region) return undefined;
  const source = text.slice(region.contentStart, region.contentEnd);
  const hit = nodeAt(source, offset - region.contentStart);
  if (!hit) return undefined;
  const range = { start: region.contentStart + hit.range.start, end: region.contentStart + hit.range.end };
  const keyPath = hit.path;
  // Inside a case or criterion the list index is not part of the name: `checks[0].regex`.
  const shown = region.kind === 'frontmatter' ? keyPath : keyPath.slice(1);
  const owner = region.kind === 'frontmatter' ? '' : ownerName(hit.data, keyPath, region.kind);

  if (region.kind === 'frontmatter' && keyPath[0] === 'lint' && keyPath.length === 2 && hit.role === 'key') {
    const doc = ruleMarkdown(String(keyPath[1]));
    return doc ? { markdown: doc, range } : undefined;
  }
  const nodes = schemasAt(region.kind, hit.data, keyPath);
  if (!nodes.length) return undefined;
  const last = keyPath[keyPath.length - 1];
  const parentKeys = keysOf(schemasAt(region.kind, hit.data, keyPath.slice(0, -1)));
  const required = typeof last === 'string' && parentKeys.some((k) => k.name === last && k.required);
  const parts: string[] = [];
  if (hit.role === 'value') {
    const value = valuesOf(nodes).find((v) => v.value === hit.value && v.description);
    if (value) parts.push(`\`${String(value.value)}\`: ${value.description}`);
    const usage = usageOf(spec, region.kind, keyPath, hit.value);
    if (usage) parts.push(usage);
  } else if (region.kind === 'frontmatter' && keyPath.length === 3 && keyPath[0] === 'gates') {
    const usage = usageOf(spec, region.kind, keyPath, last);
    if (usage) parts.push(usage);
  }
  parts.push(schemaMarkdown(nodes, { title: dotted(shown), context: owner, ...(typeof last === 'string' ? { key: last } : {}), required }));
  return { markdown: parts.join('\n\n---\n\n'), range };
}

function ownerName(data: unknown, path: YamlPath, kind: 'cases' | 'rubric'): string {
  const index = path[0];
  if (typeof index !== 'number' || !Array.isArray(data)) return '';
  const item = data[index] as Record<string, unknown> | undefined;
  const id = item && typeof item === 'object' ? item.id : undefined;
  return id === undefined ? '' : ` (${kind === 'cases' ? 'case' : 'criterion'} \`${String(id)}\`)`;
}

/** How many cases use a label or tag written at `path`. */
function usageOf(spec: ParsedSpec | undefined, kind: string, path: YamlPath, value: unknown): string | undefined {
  if (!spec || typeof value !== 'string') return undefined;
  const cases = spec.cases;
  const isLabel = (kind === 'cases' && path[1] === 'expect') || (kind === 'frontmatter' && (path[0] === 'labels' || (path[0] === 'gates' && ['recall', 'precision', 'f1'].includes(String(path[1])))));
  const isTag = (kind === 'cases' && path[1] === 'tags') || (kind === 'frontmatter' && path[0] === 'gates' && path[1] === 'per_tag');
  if (isLabel) {
    const n = cases.filter((c) => c.expect === value).length;
    return `Label \`${value}\`: ${n} of ${cases.length} cases expect it.`;
  }
  if (isTag) {
    const n = cases.filter((c) => c.tags.includes(value)).length;
    return `Tag \`${value}\`: ${n} of ${cases.length} cases carry it.`;
  }
  return undefined;
}
