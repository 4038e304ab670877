// After a run: a mark in the gutter on each case's first line (passed, failed, error: three icon shapes, not
// only three colours), the same colours in the overview ruler, and a hover over the case with its output,
// expected and predicted labels and every grader's reason. Cases in the spec are placed by the current parse
// (by id, so edits since the run move the marks with the case); cases in external case files by the line the
// results recorded. The current model (spec-documents.ts: made in the check worker) places them, so the main
// thread does not parse the spec for them. Hover text from the model is escaped (format.ts) in a MarkdownString that is not trusted.
// A case of a spec that compares several targets has a result per target: the mark shows the first target's
// (in the order of `targets:`, which is the one a reader compares the others with) and the hover every
// target's, each with its own reasons.
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { projectRoot } from '../../node/project-paths.js';
import type { CaseResult, CaseStatus } from '../../shared/results.js';
import { Disposable } from '../dispose.js';
import { caseFileAt, caseRangeAt } from '../editor-model.js';
import type { Services } from '../services.js';
import { CASE_FILE_SELECTOR, isSpecDocument, SPEC_SELECTOR } from '../spec-selector.js';
import { caseHoverMarkdown, caseTargetsLine, STATUS_WORD } from './format.js';
import type { ResultsState, SpecRunState } from './results-state.js';

export interface CaseMark {
  status: CaseStatus;
  /** The case's first line (where the gutter icon goes). */
  line: number;
  /** Where hovering shows the result (the whole case when known). */
  hoverRange: vscode.Range;
  result: CaseResult;
  state: SpecRunState;
  /** Of a spec that compares several targets: every target's result, the one shown first. */
  targets?: TargetResult[];
}

export interface TargetResult {
  target: string;
  result: CaseResult;
  state: SpecRunState;
}

const RULER: Record<CaseStatus, string> = { pass: 'testing.iconPassed', fail: 'testing.iconFailed', error: 'testing.iconErrored' };
const ICON: Record<CaseStatus, string> = { pass: 'case-pass.svg', fail: 'case-fail.svg', error: 'case-error.svg' };

export class CaseMarks extends Disposable implements vscode.HoverProvider {
  private readonly types: Record<CaseStatus, vscode.TextEditorDecorationType>;
  private readonly marksByEditor = new WeakMap<vscode.TextEditor, CaseMark[]>();

  constructor(
    private readonly services: Services,
    private readonly state: ResultsState,
  ) {
    super();
    const media = services.context.extensionUri;
    const type = (status: CaseStatus) =>
      this._register(
        vscode.window.createTextEditorDecorationType({
          gutterIconPath: vscode.Uri.joinPath(media, 'media', ICON[status]),
          gutterIconSize: 'contain',
          overviewRulerColor: new vscode.ThemeColor(RULER[status]),
          overviewRulerLane: vscode.OverviewRulerLane.Left,
        }),
      );
    this.types = { pass: type('pass'), fail: type('fail'), error: type('error') };
    const refreshAll = () => void this.refreshVisible();
    this._register(vscode.window.onDidChangeVisibleTextEditors(refreshAll));
    // A spec's results change its own marks and those in case files, never another spec's: a run of one spec
    // does not place the marks of a large spec shown beside it again.
    this._register(state.onDidChange((specFile) => {
      for (const editor of vscode.window.visibleTextEditors) {
        const { document } = editor;
        if (!isSpecDocument(document) || (document.uri.scheme === 'file' && document.uri.fsPath === specFile)) void this.refresh(editor);
      }
    }));
    this._register(services.specs.onDidModel((checked) => {
      for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === checked.uri.toString()) void this.refresh(editor);
    }));
    this._register(vscode.languages.registerHoverProvider([...SPEC_SELECTOR, ...CASE_FILE_SELECTOR], this));
    // Not during activation: placing marks parses the visible specs, which activation must not wait for.
    const initial = setTimeout(refreshAll, 0);
    this._register({ dispose: () => clearTimeout(initial) });
  }

  /** The marks shown in an editor (for tests and the hover). */
  marks(editor: vscode.TextEditor): readonly CaseMark[] {
    return this.marksByEditor.get(editor) ?? [];
  }

  async refreshVisible(): Promise<void> {
    await Promise.all(vscode.window.visibleTextEditors.map((e) => this.refresh(e)));
  }

  async refresh(editor: vscode.TextEditor): Promise<void> {
    const marks = await this.locate(editor.document);
    this.marksByEditor.set(editor, marks);
    for (const status of ['pass', 'fail', 'error'] as const) {
      const options = marks
        .filter((m) => m.status === status)
        .map((m): vscode.DecorationOptions => ({ range: new vscode.Range(m.line, 0, m.line, 0) }));
      editor.setDecorations(this.types[status], options);
    }
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const marks = await this.locate(document);
    const mark = marks.find((m) => m.hoverRange.contains(position));
    if (!mark) return undefined;
    const text = mark.targets
      ? [caseTargetsLine(mark.targets), ...mark.targets.map((t) => caseHoverMarkdown(t.result, runLabel(t.result, t.state, t.target)))].join('\n\n---\n\n')
      : caseHoverMarkdown(mark.result, runLabel(mark.result, mark.state));
    const markdown = new vscode.MarkdownString(text, true);
    markdown.isTrusted = false; // text from the model: no command links, ever
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, mark.hoverRange);
  }

  /** Where each case with a result stands in this document. */
  async locate(document: vscode.TextDocument): Promise<CaseMark[]> {
    if (document.uri.scheme !== 'file') return [];
    if (isSpecDocument(document)) return this.locateInSpec(document);
    return this.locateInCaseFile(document);
  }

  private async locateInSpec(document: vscode.TextDocument): Promise<CaseMark[]> {
    const { model } = await this.services.specs.model(document);
    const id = model.id;
    if (id === undefined) return [];
    const compared = model.targets !== undefined;
    const states = model.targets
      ? await this.state.ensureTargets(document.uri.fsPath, id, model.targets.map((t) => t.name))
      : [await this.state.ensure(document.uri.fsPath, id)].filter((s): s is SpecRunState => s !== undefined);
    if (states.length === 0) return [];
    const marks: CaseMark[] = [];
    // By column, not through modelCases: no object per case of a 10,000-case spec at each edit.
    const table = model.cases;
    for (let i = 0; i < table.ids.length; i++) {
      if (caseFileAt(table, i) !== model.specFile) continue;
      const id = table.ids[i]!;
      if (!states.some((state) => state.cases.has(id))) continue;
      const results = states.flatMap((state) => {
        const result = state.cases.get(id);
        return result ? [{ target: state.target ?? '', result, state }] : [];
      });
      const [shown] = results;
      if (!shown) continue;
      const range = caseRangeAt(table, i);
      const hoverRange = new vscode.Range(range.start.line, 0, range.end.line, range.end.character);
      marks.push({ status: shown.result.status, line: range.start.line, hoverRange, result: shown.result, state: shown.state, ...(compared ? { targets: results } : {}) });
    }
    return marks;
  }

  private locateInCaseFile(document: vscode.TextDocument): CaseMark[] {
    const path = document.uri.fsPath;
    const marks: CaseMark[] = [];
    /** The mark of a case of a compared spec, by spec and line: its other targets' results join it. */
    const comparedMarks = new Map<string, CaseMark & { targets: TargetResult[] }>();
    for (const state of this.state.all()) {
      const root = projectRoot(state.specFile);
      for (const result of state.cases.values()) {
        if (!result.file || resolve(root, result.file) !== path) continue;
        const line = result.line - 1;
        if (line < 0 || line >= document.lineCount) continue;
        if (state.target === undefined) {
          marks.push({ status: result.status, line, hoverRange: document.lineAt(line).range, result, state });
          continue;
        }
        const key = `${state.specFile}\0${line}`;
        const known = comparedMarks.get(key);
        if (known) known.targets.push({ target: state.target, result, state });
        else comparedMarks.set(key, { status: result.status, line, hoverRange: document.lineAt(line).range, result, state, targets: [{ target: state.target, result, state }] });
      }
    }
    return [...marks, ...comparedMarks.values()];
  }
}

/** What the hover says of the run a result comes from: "aispec · gpt-4o · failed in the run of 2026-12-02 07:20 UTC". */
function runLabel(result: CaseResult, state: SpecRunState, target?: string): string {
  const latest = state.latest;
  const fromLatest = latest.cases.some((c) => c.id === result.id);
  return `aispec · ${target ? `${target} · ` : ''}${STATUS_WORD[result.status]} in ${fromLatest ? `the run of ${latest.run.started_at.replace('T', ' ').slice(0, 16)} UTC` : 'an earlier run'}`;
}
