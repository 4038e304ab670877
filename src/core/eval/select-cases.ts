// Which cases a run covers: --tag, --case, re-run of failed cases, and --shard i/n for splitting a large
// eval across CI machines (round-robin by position, so shards are balanced and `aispec merge` restores order).
import type { Case } from '../spec/types.js';

export interface CaseSelection {
  tags?: readonly string[];
  caseIds?: readonly string[];
  shard?: { index: number; count: number };
}

export function selectCases(cases: readonly Case[], selection: CaseSelection): Case[] {
  const tags = selection.tags && selection.tags.length > 0 ? new Set(selection.tags) : undefined;
  const ids = selection.caseIds && selection.caseIds.length > 0 ? new Set(selection.caseIds) : undefined;
  return cases.filter((c, position) => {
    if (tags && !c.tags.some((t) => tags.has(t))) return false;
    if (ids && !ids.has(c.id)) return false;
    if (selection.shard && position % selection.shard.count !== selection.shard.index - 1) return false;
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
