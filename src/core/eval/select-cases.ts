// Which cases a run covers: --tag, --case, re-run of failed cases, and --shard i/n for splitting a large
// eval across CI machines (round-robin by position, so shards are balanced and `aispec merge` restores order).
import { didYouMean } from '../spec/did-you-mean.js';
import type { Case } from '../spec/types.js';
import type { RunInfo } from '../../shared/results.js';

export interface CaseSelection {
  tags?: readonly string[];
  caseIds?: readonly string[];
  shard?: { index: number; count: number };
}

export function selectCases(cases: readonly Case[], selection: CaseSelection): Case[] {
  // The whole spec: one copy of the right size, where filter's list grows as it goes (31 MB of large arrays
  // made and dropped for a million cases).
  if (!isSubset(selection)) return cases.slice();
  const tags = selection.tags && selection.tags.length > 0 ? new Set(selection.tags) : undefined;
  const ids = selection.caseIds && selection.caseIds.length > 0 ? new Set(selection.caseIds) : undefined;
  return cases.filter((c, position) => {
    if (tags && !c.tags.some((t) => tags.has(t))) return false;
    if (ids && !ids.has(c.id)) return false;
    if (selection.shard && position % selection.shard.count !== selection.shard.index - 1) return false;
    return true;
  });
}

/**
 * What is wrong with a selection before anything runs: a --case id the spec does not have, or a --tag no
 * case carries (a typo would otherwise run zero cases and look like success). One message per problem,
 * with a did-you-mean when a close name exists.
 */
export function selectionProblems(cases: readonly Case[], filter: CaseSelection): string[] {
  const problems: string[] = [];
  // The sets are made only for a filter that names something: a run of the whole spec has nothing to look up
  // (a set of 100,000 ids and a list of every tag cost ~85 ms before each such run).
  if (!filter.caseIds?.length && !filter.tags?.length) return problems;
  const ids = new Set(cases.map((c) => c.id));
  for (const id of filter.caseIds ?? []) {
    if (ids.has(id)) continue;
    const near = didYouMean(id, ids);
    problems.push(`no case with id "${id}"${near ? ` (did you mean "${near}"?)` : ''}`);
  }
  const tags = new Set<string>();
  for (const c of cases) for (const tag of c.tags) tags.add(tag);
  for (const tag of filter.tags ?? []) {
    if (tags.has(tag)) continue;
    const near = didYouMean(tag, tags);
    const known = [...tags].sort();
    problems.push(`no case is tagged "${tag}"${near ? ` (did you mean "${near}"?)` : known.length ? ` (tags in this spec: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''})` : ' (no case in this spec has a tag)'}`);
  }
  return problems;
}

/** Whether a selection leaves out some of the spec's cases, so its run cannot decide the spec's gates. */
export function isSubset(filter: CaseSelection | undefined): boolean {
  return Boolean(filter?.tags?.length || filter?.caseIds?.length || filter?.shard);
}

/** Whether saved results are of a subset run (as `run.filter` and `run.shard` record the selection). */
export function isSubsetRun(results: { run?: Pick<RunInfo, 'filter' | 'shard'> }): boolean {
  const f = results.run?.filter;
  return Boolean(results.run?.shard || f?.tags?.length || f?.case_ids?.length || f?.only_failed_from);
}

/** Parses "i/n" (1-based) as given to --shard. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}
