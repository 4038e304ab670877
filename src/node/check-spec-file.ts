// Checking one spec file from Node, the one way every host does it: `aispec check`, `aispec eval` (through
// run-spec.ts), the editor's live diagnostics, its Check All and its running features. The nearest
// aispec.config.json gives the rule severities, the core checks the spec, and the configuration's own problems
// come back beside the spec's (located in that file), so no host can apply one configuration and drop its
// problems, and the editor and CI cannot disagree.
import { checkSpec, textOfFile, type SpecCheckResult, type SpecHost, type YamlListMemo } from '../core/index.js';
import { readLastRunRates } from './last-run-rates.js';
import { nodeSpecHost } from './spec-host.js';
import { workspaceConfigFor, type WorkspaceConfig } from './workspace-config.js';

export interface SpecFileCheckOptions {
  /** Unsaved editor text of the spec, used instead of reading the file. */
  text?: string;
  /** Where case files and the configuration are read (default: the disk). The editor reads open documents first. */
  host?: SpecHost;
  /**
   * Reuse a configuration read before (default true: a CLI run reads each aispec.config.json once). The editor
   * passes false, so an edit to aispec.config.json counts at the next check.
   */
  configCache?: boolean;
  /** Lint only with the rules whose severity is `error` (see CheckOptions.errorsOnly): for running, not reviewing, a spec. */
  errorsOnly?: boolean;
  /** See CheckOptions.memo: the editor's check worker keeps one per open spec. */
  memo?: YamlListMemo;
}

export interface SpecFileCheck extends SpecCheckResult {
  /** The workspace configuration applied, with its problems (diagnostics in its own file, not in `diagnostics`). */
  config: WorkspaceConfig;
}

export async function checkSpecFile(file: string, options: SpecFileCheckOptions = {}): Promise<SpecFileCheck> {
  const host = options.host ?? nodeSpecHost;
  const config = await workspaceConfigFor(file, { host, useCache: options.configCache });
  // The latest saved run sizes the rate gates (gate-power); it is read from disk, as saved runs only exist there.
  const check = await checkSpec(file, host, { text: options.text, severities: config.lint, lastRun: (id) => readLastRunRates(file, id), errorsOnly: options.errorsOnly, memo: options.memo });
  return { ...check, config };
}

/** The text any diagnostic of the check points into: the spec, one of its case files, or the configuration. */
export function textOfCheckedFile(check: SpecFileCheck, file: string): string | undefined {
  return file === check.config.path ? check.config.text : textOfFile(check.spec, file);
}
