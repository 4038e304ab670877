// The Spec change view's source for one spec against one base revision: the core's spec diff of the two
// versions and the run comparison of a saved run of each (read as `aispec review` reads them: spec-versions.ts,
// review-runs.ts), where each gate and case of the view is found again to reveal its line, and the way to a
// missing run. git runs only in a trusted workspace; the base commit is resolved again on every load, so a
// fetch that moved the branch shows in the next refresh.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { gatePosition } from '../../core/index.js';
import { changeBase, gitRoot, repositoryPath } from '../../node/git-file.js';
import { savedRunsDiff } from '../../node/review-runs.js';
import { readSavedRun } from '../../node/run-store.js';
import { readSpecVersions, type SpecVersions } from '../../node/spec-versions.js';
import type { ChangeKind } from '../../shared/messages.js';
import type { ChangeSide, SpecChangeData, SpecChangeRuns } from '../../shared/spec-change.js';
import type { SpecChangeSource } from '../results-panel/index.js';
import type { RunManager } from '../running/run-manager.js';
import type { Trust } from '../running/trust.js';
import type { Services } from '../services.js';
import { baseUri } from './base-documents.js';

export const UNTRUSTED_GIT_MESSAGE = 'aispec reads other versions of a spec with git only in a trusted workspace. Trust this workspace to compare with the base branch.';

export interface BaseBranchDeps {
  services: Services;
  trust: Trust;
  manager: RunManager;
}

interface Loaded {
  root: string;
  commit: string;
  versions: SpecVersions;
}

export class BaseBranchChange implements SpecChangeSource {
  private loaded: Loaded | null = null;
  /** A base run the user chose (a results file), when no saved run of the base version was found. */
  private baseRunPath: string | null = null;

  constructor(
    private readonly deps: BaseBranchDeps,
    readonly specFile: string,
    readonly baseRevision: string,
  ) {}

  async load(): Promise<SpecChangeData> {
    if (!this.deps.trust.trusted) throw new Error(UNTRUSTED_GIT_MESSAGE);
    const root = await gitRoot(dirname(this.specFile));
    const { commit } = await changeBase(root, this.baseRevision);
    const path = repositoryPath(root, this.specFile);
    const versions = await readSpecVersions(root, commit, this.baseRevision, path);
    this.loaded = { root, commit, versions };
    return { format: 'aispec-spec-change', base: { revision: this.baseRevision, commit }, path, spec: versions.spec, runs: await this.runs(versions) };
  }

  private async runs({ file, base, head }: SpecVersions): Promise<SpecChangeRuns> {
    if (this.baseRunPath) {
      // The file chosen is checked as a saved run (its size and shape) before it is compared a case at a time.
      try {
        await readSavedRun(this.baseRunPath);
      } catch (error) {
        return { missing: `The base run chosen cannot be read (${error instanceof Error ? error.message : String(error)}).`, side: 'base' };
      }
    }
    return await savedRunsDiff(file, base, head, this.baseRunPath ?? undefined);
  }

  /** The diff editor: the base version (read-only) against the working file, at `line` of the working file. */
  async openDiff(line?: number): Promise<void> {
    const loaded = this.loaded ?? (await this.load().then(() => this.loaded));
    if (!loaded) return;
    const position = line === undefined ? undefined : new vscode.Position(Math.max(0, line - 1), 0);
    await vscode.commands.executeCommand('vscode.diff', baseUri(loaded.root, loaded.commit, this.specFile), vscode.Uri.file(this.specFile), `${basename(this.specFile)} (${this.baseRevision}) ↔ working file`, {
      preview: false,
      viewColumn: vscode.ViewColumn.One,
      ...(position ? { selection: new vscode.Range(position, position) } : {}),
    });
  }

  async reveal(kind: ChangeKind, id: string, side: ChangeSide): Promise<void> {
    const loaded = this.loaded;
    if (!loaded) return;
    const version = side === 'base' ? loaded.versions.base : loaded.versions.head;
    let file = this.specFile;
    let line: number | undefined;
    if (kind === 'gate') {
      line = gatePosition(version.spec, id)?.line;
    } else {
      const found = version.spec.cases.find((c) => c.id === id);
      if (found) ({ file, line } = { file: found.range.file, line: found.line });
    }
    if (line === undefined) {
      void vscode.window.showInformationMessage(`aispec: ${kind} ${id} is not in the ${side === 'base' ? `version at ${this.baseRevision}` : 'working file'}.`);
      return;
    }
    // The working spec opens in the diff editor, so the line is seen with what changed around it.
    if (side === 'head' && file === this.specFile) return this.openDiff(line);
    const uri = side === 'head' ? vscode.Uri.file(file) : baseUri(loaded.root, loaded.commit, file);
    const position = new vscode.Position(Math.max(0, line - 1), 0);
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: true, selection: new vscode.Range(position, position) });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  async provideRun(side: ChangeSide): Promise<boolean> {
    if (side === 'head') {
      // The run's results are saved as latest.json; the panel reloads on that by itself.
      const outcome = await this.deps.manager.run({ uri: vscode.Uri.file(this.specFile), label: 'Run eval', showResults: false });
      return outcome?.kind === 'ran';
    }
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'aispec results': ['json'] },
      openLabel: 'Use as base run',
      title: `aispec: a run of the spec as it is at ${this.baseRevision}`,
      defaultUri: vscode.Uri.file(dirname(this.specFile)),
    });
    const path = picked?.[0]?.fsPath;
    if (!path) return false;
    this.baseRunPath = path;
    return true;
  }
}
