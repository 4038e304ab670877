// The words a spec defines for itself, which completion offers where the schema only says "a string": the
// labels (for `expect`, `classify` and the recall/precision/f1 gates), the tags its cases use (for `tags` and
// `per_tag`), the rubric's criterion ids (for `per_criterion`).
import { parseDocument } from 'yaml';
import type { ParsedSpec } from '../spec/types.js';
import type { DocumentLayout } from './regions.js';
import { isRecord } from '../util/is-record.js';

/** The tags lint's missing-coverage rule looks for: always offered. */
export const COVERAGE_TAGS = ['edge', 'adversarial', 'regression'] as const;

export interface Vocabulary {
  labels: string[];
  /** Tags in use, most used first, then the coverage tags not yet used. */
  tags: string[];
  /** How many cases carry each tag in use. */
  tagCounts: Map<string, number>;
  criteria: string[];
}

function frontmatterData(text: string, layout: DocumentLayout, spec: ParsedSpec | undefined): Record<string, unknown> {
  const parsed = spec?.frontmatter?.data;
  if (isRecord(parsed)) return parsed;
  // The frontmatter does not parse (it is being typed): read what yaml recovers.
  if (!layout.frontmatter) return {};
  try {
    const data: unknown = parseDocument(text.slice(layout.frontmatter.contentStart, layout.frontmatter.contentEnd), { uniqueKeys: false, logLevel: 'error' }).toJS({ maxAliasCount: 100 });
    return isRecord(data) ? data : {};
  } catch {
    return {};
  }
}

export function vocabularyOf(text: string, layout: DocumentLayout, spec: ParsedSpec | undefined): Vocabulary {
  const data = frontmatterData(text, layout, spec);
  const labels = Array.isArray(data.labels) ? [...new Set(data.labels.filter((l): l is string => typeof l === 'string' && l !== ''))] : [];
  const tagCounts = new Map<string, number>();
  for (const c of spec?.cases ?? []) for (const tag of new Set(c.tags)) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  const tags = [...tagCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
  for (const tag of COVERAGE_TAGS) if (!tagCounts.has(tag)) tags.push(tag);
  const criteria = [...new Set((spec?.rubric ?? []).filter((c) => isRecord(c.raw) && typeof c.raw.id === 'string').map((c) => c.id))];
  return { labels, tags, tagCounts, criteria };
}
