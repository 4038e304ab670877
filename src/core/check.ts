// `aispec check` in one call: parse (with external case files), validate against the schema, lint. The
// CLI, the editor's live diagnostics and CI all come through here, so they always agree.
import { prepareLint, type LastRunRates, type SeverityOverrides } from './lint/index.js';
import { specConfig } from './spec/config.js';
import { loadSpec } from './spec/load.js';
import type { SpecHost } from './host.js';
import type { Diagnostic, ParsedSpec } from './spec/types.js';
import { validateSpec } from './spec/validate.js';
import type { YamlListMemo } from './spec/yaml-list-memo.js';

export interface CheckOptions {
  /** Unsaved editor text, used instead of reading the file. */
  text?: string;
  /** Rule severities from the workspace configuration; the spec's own `lint:` map overrides them. */
  severities?: SeverityOverrides;
  /**
   * The rates of the spec's latest saved run, by its id (the id is known only once the spec is parsed): lint
   * sizes rate gates by them (gate-power). Undefined, or a spec that never ran, leaves that part out.
   */
  lastRun?: (specId: string) => Promise<LastRunRates | undefined>;
  /**
   * Lint with only the rules whose severity is `error`, for a host that acts on errors alone (`aispec eval`):
   * the other rules' work, and reading the latest run for them, is skipped. Parse and schema problems are all kept.
   */
  errorsOnly?: boolean;
  /**
   * The items of this spec's cases and rubric blocks read by earlier checks (yaml-list-memo.ts), for a host that
   * checks the spec at every pause in typing: only the items an edit changed are read again. Same result.
   */
  memo?: YamlListMemo;
}

export interface SpecCheckResult {
  spec: ParsedSpec;
  diagnostics: Diagnostic[];
}

export async function checkSpec(file: string, host: SpecHost, options: CheckOptions = {}): Promise<SpecCheckResult> {
  const spec = await loadSpec(file, host, options.text, options.memo);
  const { id } = specConfig(spec);
  const lint = prepareLint(spec, { severities: options.severities, errorsOnly: options.errorsOnly });
  // The latest run is read only when a rule that sizes gates by it will run (not for `aispec eval`, by default).
  if (lint.needsLastRun && options.lastRun && typeof id === 'string' && id !== '') {
    const lastRun = await options.lastRun(id);
    if (lastRun) lint.context.lastRun = lastRun;
  }
  const diagnostics = [...spec.diagnostics, ...validateSpec(spec), ...lint.run()];
  return { spec, diagnostics: sortDiagnostics(diagnostics) };
}

/** Spec file first, then case files; by position; errors before warnings at the same place. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...diagnostics].sort(
    (a, b) =>
      (a.range.file === b.range.file ? 0 : a.range.file < b.range.file ? -1 : 1) ||
      a.range.start - b.range.start ||
      rank[a.severity] - rank[b.severity],
  );
}
