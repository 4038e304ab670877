// One side of a spec comparison: the spec loaded with its case file, plus the text of its target's system
// prompt (inline, or the content of `system_file`), all read through the host, so a git revision's files come
// from that revision and a working tree's from disk. A side that does not exist (a spec added or deleted in the
// change) is an empty spec, against which everything reads as added or removed.
import type { SpecHost } from '../host.js';
import { loadSpec } from '../spec/load.js';
import { parseSpec } from '../spec/parse.js';
import type { ParsedSpec } from '../spec/types.js';
import { isRecord } from '../util/is-record.js';

export interface SpecSide {
  /** The file as the user named it, for reports (`main:specs/a.aispec.md`). */
  label: string;
  spec: ParsedSpec;
  exists: boolean;
  /** The target's system prompt as sent (inline `system` or `system_file`'s content); null when it has none. */
  systemPrompt: string | null;
  /** The version's digest as a run records it (spec-digest.ts), when the host that loaded it computed one. */
  digest?: string;
  /** Problems reading the side (besides the spec's own diagnostics). */
  problems: string[];
}

/**
 * The files a spec names (its case file, human labels, every target's system_file, a recorded target's
 * outputs, a recorded judge's verdicts), as written, relative to the spec: a change to one of them changes
 * what the spec measures even when the spec's own text did not change, so `aispec review` reviews the spec
 * then too.
 */
export function filesNamedBySpec(text: string, file: string): string[] {
  return filesNamedByFrontmatter(parseSpec(text, file).frontmatter?.data);
}

/** filesNamedBySpec of a spec already parsed: from its frontmatter's data, without parsing the text again. */
export function filesNamedByFrontmatter(data: unknown): string[] {
  if (!isRecord(data)) return [];
  const targets = [data.target, ...(isRecord(data.targets) ? Object.values(data.targets) : [])].filter(isRecord);
  const judge = isRecord(data.judge) ? data.judge : {};
  const recordedPath = (t: Record<string, unknown>) => (t.provider === 'recorded' ? t.path : undefined);
  return [data.cases, data.human_labels, recordedPath(judge), ...targets.flatMap((t) => [t.system_file, recordedPath(t)])].filter((v): v is string => typeof v === 'string');
}

export function missingSpecSide(file: string, label: string): SpecSide {
  return { label, spec: parseSpec('', file), exists: false, systemPrompt: null, problems: [] };
}

export async function loadSpecSide(file: string, label: string, host: SpecHost): Promise<SpecSide> {
  const spec = await loadSpec(file, host);
  const side: SpecSide = { label, spec, exists: true, systemPrompt: null, problems: [] };
  const target = isRecord(spec.frontmatter?.data) ? spec.frontmatter.data.target : undefined;
  if (!isRecord(target)) return side;
  if (typeof target.system === 'string') side.systemPrompt = target.system;
  else if (typeof target.system_file === 'string') {
    try {
      side.systemPrompt = await host.readFile(host.resolve(file, target.system_file));
    } catch (error) {
      side.problems.push(`cannot read target.system_file "${target.system_file}": ${(error as Error).message}`);
    }
  }
  return side;
}
