// The palette commands that run evals and show their results, all under "aispec:" (the ones that write or
// check specs are authoring/commands.ts). Each takes optional arguments (a spec Uri, case ids, a tag…) so
// CodeLens, menus, the walkthrough and tests can call them without a prompt; without them they ask. Each
// returns what it did (a run outcome, a Uri…) for tests and other commands.
import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { comparesTargets, specConfig, specTargets } from '../../core/index.js';
import { projectRoot } from '../../node/project-paths.js';
import type { Services } from '../services.js';
import { resolveSpecUri } from '../spec-files.js';
import { compareWithBaseline } from './compare.js';
import { plural } from './format.js';
import type { ResultsState, SpecRunState } from './results-state.js';
import { hasCommand, SHOW_RESULTS_COMMAND, type RunManager, type RunOutcome } from './run-manager.js';
import { keyNamesUsed } from './key-names.js';
import { setApiKeyCommand, type EditorSecrets } from './secrets.js';

export interface CommandDeps {
  services: Services;
  manager: RunManager;
  state: ResultsState;
  secrets: EditorSecrets;
}

export function registerCommands({ services, manager, state, secrets }: CommandDeps): vscode.Disposable[] {
  const register = (id: string, handler: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, handler);

  /** With `targetsArg` (names under the spec's `targets:`), only those targets of a compared spec run. */
  const runEval = async (arg?: unknown, targetsArg?: unknown): Promise<RunOutcome | undefined> => {
    const uri = await resolveSpecUri(arg, 'Run Eval');
    const targets = Array.isArray(targetsArg) ? targetsArg.filter((t): t is string => typeof t === 'string') : [];
    if (!uri) return undefined;
    const label = targets.length === 0 ? 'Run eval' : `Run eval: ${targets.join(', ')}`;
    return manager.run({ uri, label, showResults: true, ...(targets.length ? { targets } : {}) });
  };

  const runCases = async (arg?: unknown, ids?: unknown, label?: unknown): Promise<RunOutcome | undefined> => {
    const uri = await resolveSpecUri(arg, 'Run Cases');
    const caseIds = Array.isArray(ids) ? ids.filter((i): i is string => typeof i === 'string') : [];
    if (!uri || caseIds.length === 0) return undefined;
    return manager.run({
      uri,
      filter: { caseIds },
      label: typeof label === 'string' ? label : caseIds.length === 1 ? `Run case ${caseIds[0]}` : `Run ${plural(caseIds.length, 'case')}`,
      showResults: caseIds.length > 1,
    });
  };

  const runForTag = async (arg?: unknown, tagArg?: unknown): Promise<RunOutcome | undefined> => {
    const uri = await resolveSpecUri(arg, 'Run Eval for Tag');
    if (!uri) return undefined;
    let tags = typeof tagArg === 'string' ? [tagArg] : Array.isArray(tagArg) ? tagArg.filter((t): t is string => typeof t === 'string') : [];
    if (tags.length === 0) {
      const { spec } = await services.specs.check(uri);
      const counts = new Map<string, number>();
      for (const c of spec.cases) for (const t of c.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
      if (counts.size === 0) {
        void vscode.window.showInformationMessage('aispec: no case in this spec has tags. Add `tags: [edge]` to cases to run them by tag.');
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag, n]) => ({ label: tag, description: plural(n, 'case') })),
        { title: 'aispec: Run Eval for Tag', placeHolder: 'Cases with any of these tags', canPickMany: true },
      );
      tags = (picked ?? []).map((p) => p.label);
    }
    if (tags.length === 0) return undefined;
    return manager.run({ uri, filter: { tags }, label: `Run tag ${tags.join(', ')}`, showResults: true });
  };

  const rerunFailed = async (arg?: unknown): Promise<RunOutcome | undefined> => {
    const uri = await resolveSpecUri(arg, 'Re-run Failed Cases');
    if (!uri) return undefined;
    const states = await lastResults(uri);
    const [known] = states;
    if (!known) {
      void vscode.window.showInformationMessage('aispec: this spec has not run yet, so no case has failed. Run the eval first.', 'Run Eval').then((c) => c && runEval(uri));
      return undefined;
    }
    // Of a spec that compares several targets: the cases that failed on any target, run again on every target
    // so the comparison stays paired (the same cases on each).
    const failed = [...new Set(states.flatMap((s) => [...s.cases.values()].filter((c) => c.status !== 'pass').map((c) => c.id)))];
    if (failed.length === 0) {
      void vscode.window.showInformationMessage('aispec: every case passed in the latest run; nothing to re-run.');
      return undefined;
    }
    const from = known.latestPath && known.target === undefined ? relative(projectRoot(uri.fsPath), known.latestPath).split(sep).join('/') : undefined;
    return manager.run({ uri, filter: { caseIds: failed }, ...(from ? { onlyFailedFrom: from } : {}), label: `Re-run ${plural(failed.length, 'failed case')}`, showResults: true });
  };

  const cancelRun = (arg?: unknown): number => {
    const uri = arg instanceof vscode.Uri ? arg : undefined;
    const count = manager.cancel(uri);
    if (count === 0) void vscode.window.showInformationMessage('aispec: no run in progress.');
    return count;
  };

  const setApiKey = async (name?: unknown, value?: unknown) => {
    const frontmatters = (await services.specs.all().catch(() => [])).map((c) => c.result.spec.frontmatter?.data);
    return setApiKeyCommand(secrets, keyNamesUsed(frontmatters), services.log, name, value);
  };

  return [
    register('aispec.runEval', runEval),
    register('aispec.runCases', runCases),
    register('aispec.runEvalForTag', runForTag),
    register('aispec.rerunFailed', rerunFailed),
    register('aispec.cancelRun', cancelRun),
    register('aispec.compareWithBaseline', async (arg?: unknown, basePath?: unknown, target?: unknown) => {
      const uri = await resolveSpecUri(arg, 'Compare with Baseline');
      return uri && compareWithBaseline(services, uri, typeof basePath === 'string' ? basePath : undefined, typeof target === 'string' ? target : undefined);
    }),
    register('aispec.setApiKey', setApiKey),
    register('aispec.openLastResults', async (arg?: unknown) => {
      const uri = await resolveSpecUri(arg, 'Show Results');
      if (!uri) return;
      const [known] = await lastResults(uri);
      await showResults(uri, known?.latestPath);
    }),
  ];

  /** What is known of a spec's last runs: its own, or each of its targets' (in the spec's order) when it compares several. */
  async function lastResults(uri: vscode.Uri): Promise<SpecRunState[]> {
    const config = specConfig((await services.specs.check(uri)).spec);
    const id = config.id;
    if (typeof id !== 'string') return [];
    if (comparesTargets(config)) return state.ensureTargets(uri.fsPath, id, specTargets(config).map((t) => t.name));
    const known = await state.ensure(uri.fsPath, id);
    return known ? [known] : [];
  }
}

/**
 * Opens the results of a spec: the results panel's command when it is there, else the saved latest.json.
 * (The panel registers aispec.showResults itself; this is only the fallback the run notifications use.)
 */
export async function showResults(uri: vscode.Uri, latestPath?: string): Promise<void> {
  if (await hasCommand(SHOW_RESULTS_COMMAND)) await vscode.commands.executeCommand(SHOW_RESULTS_COMMAND, uri);
  else if (latestPath) await vscode.window.showTextDocument(vscode.Uri.file(latestPath), { preview: true });
}
