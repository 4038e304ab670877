// Which cases a run covers: --tag, --case, re-run of failed cases, and --shard i/n for splitting a large
// eval across CI machines (round-robin by position, so shards are balanced and `aispec merge` restores order).
import type { Case } from '../spec/types.js';

export interface CaseFilter {
  tags?: readonly string[];
  caseIds?: readonly string[];
  shard?: { index: number; count: number };
}

export function selectCases(cases: readonly Case[], filter: CaseFilter): Case[] {
  const tags = filter.tags && filter.tags.length > 0 ? new Set(filter.tags) : undefined;
  const ids = filter.caseIds && filter.caseIds.length > 0 ? new Set(filter.caseIds) : undefined;
  return cases.filter((c, position) => {
    if (tags && !c.tags.some((t) => tags.has(t))) return false;
    if (ids && !ids.has(c.id)) return false;
    if (filter.shard && position % filter.shard.count !== filter.shard.index - 1) return false;
    return true;
  });
}

/** Parses "i/n" (1-based) as given to --shard. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}
