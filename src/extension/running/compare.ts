// "aispec: Compare with Baseline…": the spec's latest run against an earlier one (picked from its saved
// runs, or any results JSON), compared by the core's diffRuns (flipped cases, an exact McNemar test, per-class
// and gate changes) and shown as the same text `aispec diff` prints, in a read-only document. For a spec that
// compares several targets it is one target's latest run against an earlier run of the same target (asked
// for, or the `target` argument): runs of different targets are a comparison, not a baseline.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { comparesTargets, diffRuns, diffText, formatTarget, specConfig, specTargets } from '../../core/index.js';
import { latestRunFile, listRuns, readSavedRun } from '../../node/run-store.js';
import type { RunResults } from '../../shared/results.js';
import type { Services } from '../services.js';
import { summaryTitle } from './format.js';

export async function compareWithBaseline(services: Services, uri: vscode.Uri, basePath?: string, targetArg?: string): Promise<{ text: string; document: vscode.TextDocument } | undefined> {
  const config = specConfig((await services.specs.check(uri)).spec);
  const id = config.id;
  if (typeof id !== 'string') {
    void vscode.window.showErrorMessage('aispec: the spec has no id in its frontmatter, so it has no saved runs to compare.');
    return undefined;
  }
  let target: string | undefined;
  if (comparesTargets(config)) {
    target = await pickTarget(specTargets(config).map((t) => t.name), targetArg);
    if (target === undefined) return undefined;
  }
  const head = target === undefined ? await services.runs.latest(uri.fsPath, id) : await latestOfTarget(uri.fsPath, id, target);
  if (!head) {
    void vscode.window.showInformationMessage('aispec: run the eval first; the comparison is between its latest run and a baseline.', 'Run Eval').then((c) => c && vscode.commands.executeCommand('aispec.runEval', uri));
    return undefined;
  }
  let path = basePath;
  if (!path) {
    type Item = vscode.QuickPickItem & { path?: string; browse?: true };
    const items: Item[] = [];
    for (const p of (await listRuns(uri.fsPath, id)).reverse()) {
      let run: RunResults;
      try {
        run = await readSavedRun(p);
      } catch {
        continue;
      }
      if (run.run.id === head.results.run.id || run.run.target?.name !== target) continue;
      items.push({ label: run.run.started_at.replace('T', ' ').slice(0, 19), description: summaryTitle(run), detail: `${run.cases.length} cases · ${formatTarget(run.run.target)} · ${basename(p)}`, path: p });
    }
    items.push({ label: '$(folder-opened) Choose a results JSON file…', browse: true });
    const choice = await vscode.window.showQuickPick(items, { title: `aispec: Compare the latest run (${summaryTitle(head.results)}) with…`, placeHolder: 'The baseline run' });
    if (!choice) return undefined;
    if (choice.browse) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'aispec results': ['json'] }, openLabel: 'Compare', defaultUri: vscode.Uri.file(head.path ?? uri.fsPath) });
      path = picked?.[0]?.fsPath;
    } else {
      path = choice.path;
    }
    if (!path) return undefined;
  }
  let base: RunResults;
  try {
    base = await readSavedRun(path);
  } catch (error) {
    void vscode.window.showErrorMessage(`aispec: cannot read the baseline: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const text = `aispec diff ${vscode.workspace.asRelativePath(path, false)} → latest run of ${vscode.workspace.asRelativePath(uri, false)}${target === undefined ? '' : ` on ${target}`}\n\n${diffText(diffRuns(base, head.results), { color: false, width: 100 })}\n`;
  services.log.info(`compared ${vscode.workspace.asRelativePath(uri, false)} with ${vscode.workspace.asRelativePath(path, false)}`);
  const document = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
  await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  return { text, document };
}

/** A target's latest run (latest.<target>.json), when it has one that reads as a run. */
async function latestOfTarget(specFile: string, specId: string, target: string): Promise<{ results: RunResults; path: string } | undefined> {
  const path = latestRunFile(specFile, specId, target);
  try {
    return { results: await readSavedRun(path), path };
  } catch {
    return undefined;
  }
}

/** The target named by the command's argument, the only one, or the one the user picks (undefined: cancelled). */
async function pickTarget(names: string[], named: string | undefined): Promise<string | undefined> {
  if (named !== undefined && names.includes(named)) return named;
  if (names.length === 1) return names[0];
  return vscode.window.showQuickPick(names, { title: 'aispec: Compare with Baseline', placeHolder: 'The target whose latest run to compare' });
}
