// The Test Explorer: every spec in the workspace, its cases as children (placed at the case, tagged with the
// case's tags), a Run profile and a Debug profile (Debug: one case at a time, every case logged to the output
// channel). Running a spec, some cases or a mix goes through the run manager with a case filter, per spec;
// results come back as passed/failed/errored with the latency as duration, and a failure's message at the
// case: the expected and predicted labels as a diff for classification, the reasons and output otherwise.
// Runs made elsewhere (palette, CodeLens, the CLI in a terminal) are published here too, so the Test
// Explorer and its glyph on each case line always show the case's last result.
// A spec that compares several targets (`targets:`) has its targets as a level between it and its cases
// (spec > target > case), rather than one run profile per target: profiles belong to the whole controller,
// so one per target would mix every spec's target names in one Run menu and change as specs are edited,
// while a level shows each target's pass or fail per case side by side, runs one target (or one case on one
// target) from its own row, and keeps Run and Debug meaning what they mean for every other test.
import * as vscode from 'vscode';
import type { CaseResult } from '../../shared/results.js';
import { Disposable } from '../dispose.js';
import { changedCases, modelCaseAt, modelCases, sameCaseList, type CaseTable, type EditorModel, type ModelCase, type PlainRange } from '../editor-model.js';
import type { Services } from '../services.js';
import { inSlices } from '../slices.js';
import { findWorkspaceSpecs } from '../spec-files.js';
import { isSpecDocument, isSpecFileUri, SPEC_FILE_GLOB } from '../spec-selector.js';
import { caseMessageText, comparisonSummaryLine, labelMismatch, plural, runSummaryLine, targetSummaryLine } from './format.js';
import type { ResultsState } from './results-state.js';
import type { RunManager, RunOutcome } from './run-manager.js';

export const CONTROLLER_ID = 'aispec';

/** What a test run reported for one item (tests listen; the Test Explorer shows it). */
export interface TestReport {
  item: vscode.TestItem;
  state: 'passed' | 'failed' | 'errored' | 'skipped';
  message?: vscode.TestMessage;
  duration?: number;
}

export class SpecTests extends Disposable {
  readonly controller: vscode.TestController;
  private readonly tags = new Map<string, vscode.TestTag>();
  private discovered: Promise<void> | undefined;
  private readonly reports = this._register(new vscode.EventEmitter<TestReport>());
  /** Fires for each item a run reports on. */
  readonly onDidReport = this.reports.event;

  /** Specs whose run this controller is making (their results are reported by that run, not published). */
  private readonly ownRuns = new Set<string>();
  private readonly publishTimers = new Map<string, NodeJS.Timeout>();
  /** Per spec, the newest publish: an older one still reporting in slices stops when a newer one starts. */
  private readonly publishes = new Map<string, number>();
  /** The target items of compared specs, with their target's name. */
  private readonly targetNames = new WeakMap<vscode.TestItem, string>();
  /** Per spec item being updated: the newest update begun (an older one still in its slices stops) and its end. */
  private readonly updates = new Map<string, { generation: number; done: Promise<void> }>();
  /**
   * Per item whose children are case items: the case table they were last set from, and those children in its
   * order (kept only when no id was there twice, so child i is case i). A newer table of the same cases then
   * updates only the cases that changed.
   */
  private readonly applied = new WeakMap<vscode.TestItem, { table: CaseTable; children: vscode.TestItem[] }>();

  constructor(
    private readonly services: Services,
    private readonly manager: RunManager,
    private readonly state: ResultsState,
  ) {
    super();
    this._register(state.onDidChange((specFile) => this.schedulePublish(specFile)));
    this._register({ dispose: () => this.publishTimers.forEach((t) => clearTimeout(t)) });
    const controller = (this.controller = this._register(vscode.tests.createTestController(CONTROLLER_ID, 'aispec')));
    controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
      else await this.resolveSpec(item);
    };
    controller.refreshHandler = async () => {
      this.discovered = undefined;
      await this.discover(true);
    };
    this._register(controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.runTests(request, token, false), true));
    this._register(controller.createRunProfile('Debug (one at a time, verbose log)', vscode.TestRunProfileKind.Debug, (request, token) => this.runTests(request, token, true), true));

    this._register(services.specs.onDidModel((modeled) => {
      this.update(modeled.uri, modeled.model).catch((error: unknown) => services.log.error(`the Test Explorer's items of ${modeled.uri.fsPath}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    }));
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(SPEC_FILE_GLOB));
    this._register(watcher.onDidCreate((uri) => !excluded(uri) && this.specItem(uri)));
    this._register(watcher.onDidDelete((uri) => controller.items.delete(uri.toString())));
    this._register(watcher.onDidChange((uri) => {
      const item = controller.items.get(uri.toString());
      if (item && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) void this.resolveSpec(item);
    }));
    // After activation: the open specs' models (onDidModel) fill their cases in.
    const initial = setTimeout(() => {
      for (const document of vscode.workspace.textDocuments) if (isSpecDocument(document) && document.uri.scheme === 'file' && isSpecFileUri(document.uri)) this.specItem(document.uri);
    }, 0);
    this._register({ dispose: () => clearTimeout(initial) });
  }

  /** Finds every spec in the workspace (once, unless forced); children are read when asked for. */
  discover(force = false): Promise<void> {
    if (!this.discovered || force) {
      this.discovered = findWorkspaceSpecs().then((uris) => {
        const seen = new Set(uris.map((u) => u.toString()));
        for (const uri of uris) this.specItem(uri);
        if (force) this.controller.items.forEach((item) => !seen.has(item.id) && this.controller.items.delete(item.id));
      });
    }
    return this.discovered;
  }

  /** Reads a spec's cases into its item. */
  async resolveSpec(item: vscode.TestItem): Promise<void> {
    if (!item.uri) return;
    item.busy = true;
    try {
      await this.update(item.uri, await this.services.specs.modelOf(item.uri));
    } catch (error) {
      item.error = `Could not read the spec: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      item.busy = false;
    }
  }

  /**
   * Makes sure a spec's item has its children, for a run or results to report on them: waits for an update
   * still setting them (the first fill of a large spec goes on in slices, with no children until its end) to
   * finish or be superseded, and reads the spec only if no update ever filled them. Reading it again meanwhile
   * made the spec be checked a second time and superseded the fill under way, whose slices were lost.
   */
  private async ensureChildren(spec: vscode.TestItem): Promise<void> {
    const updating = this.updates.get(spec.id);
    // An update that fails leaves the reading to resolveSpec below (it reports why on the item).
    if (updating) await updating.done.catch(() => undefined);
    if (this.isDisposed) return;
    if (spec.canResolveChildren || spec.children.size === 0) await this.resolveSpec(spec);
  }

  /** The spec's item, created if new. */
  specItem(uri: vscode.Uri): vscode.TestItem {
    const id = uri.toString();
    let item = this.controller.items.get(id);
    if (!item) {
      item = this.controller.createTestItem(id, vscode.workspace.asRelativePath(uri, false), uri);
      item.canResolveChildren = true;
      item.range = new vscode.Range(0, 0, 0, 0);
      this.controller.items.add(item);
    }
    return item;
  }

  /**
   * Sets a spec item's label and cases from the spec's model. Case items are kept by id from one model to the
   * next and only what changed is set: a 10,000-case spec edited in one case sends the Test Explorer one change,
   * not 10,000 new items (their results and expanded state stay with them too). The cases are gone through in
   * time slices (slices.ts), and a newer model of the same spec arriving meanwhile takes over: this one then
   * stops and sets nothing more (the newer one sets every child); it resolves when the newest has.
   */
  update(uri: vscode.Uri, model: EditorModel): Promise<void> {
    if (uri.scheme !== 'file' || !isSpecFileUri(uri)) return Promise.resolve();
    const item = this.specItem(uri);
    const generation = (this.updates.get(item.id)?.generation ?? 0) + 1;
    const superseded = () => this.isDisposed || this.updates.get(item.id)?.generation !== generation;
    const done: Promise<void> = this.setFromModel(item, uri, model, superseded).then(() => {
      const newest = this.updates.get(item.id);
      if (newest?.generation === generation) this.updates.delete(item.id);
      else if (newest && !this.isDisposed) return newest.done;
    });
    this.updates.set(item.id, { generation, done });
    return done;
  }

  /** A case item's range, tags and description, each set only when it changes. */
  private setCaseFields(child: vscode.TestItem, c: ModelCase): void {
    const range = toRange(c.range);
    if (!child.range?.isEqual(range)) child.range = range;
    if (child.tags.length !== c.tags.length || child.tags.some((t, i) => t.id !== c.tags[i])) child.tags = c.tags.map((t) => this.tag(t));
    setIfChanged(child, 'description', c.description);
  }

  private async setFromModel(item: vscode.TestItem, uri: vscode.Uri, model: EditorModel, superseded: () => boolean): Promise<void> {
    setIfChanged(item, 'label', model.title ? model.title : vscode.workspace.asRelativePath(uri, false));
    setIfChanged(item, 'description', `${vscode.workspace.asRelativePath(uri, false)} · ${plural(model.cases.ids.length, 'case')}`);
    const errors = model.errors;
    const error = errors ? `${plural(errors, 'error')} in the spec: fix them to run it (see Problems).` : undefined;
    if ((typeof item.error === 'string' ? item.error : item.error?.value) !== error) item.error = error === undefined ? undefined : new vscode.MarkdownString(error);
    item.canResolveChildren = false;
    /**
     * The case items under `parent`, or undefined when a newer model took over meanwhile.
     * @param parent the item whose case items are kept (none: every case item is new)
     */
    const caseItems = async (parent: vscode.TestItem | undefined): Promise<vscode.TestItem[] | undefined> => {
      const previous = parent && this.applied.get(parent);
      if (parent) this.applied.delete(parent); // set again once this model's children are known to be set
      if (previous && sameCaseList(previous.table, model.cases) && sameChildren(parent, previous.children)) {
        // The same cases in the same order (typing inside a case): only those whose fields changed are set.
        const done = await inSlices(changedCases(previous.table, model.cases), ({ index, tagStart }) => {
          this.setCaseFields(previous.children[index]!, modelCaseAt(model.cases, index, tagStart));
        }, { stop: superseded });
        if (!done) return undefined;
        this.applied.set(parent, { table: model.cases, children: previous.children });
        return previous.children;
      }
      const children: vscode.TestItem[] = [];
      const seen = new Set<string>();
      const done = await inSlices(modelCases(model), (c) => {
        if (seen.has(c.id)) return; // duplicate ids are a lint error; the first one stands for both
        seen.add(c.id);
        const caseUri = c.file === model.specFile ? uri : vscode.Uri.file(c.file);
        let child = parent?.children.get(c.id);
        if (!child || child.uri?.toString() !== caseUri.toString()) child = this.controller.createTestItem(c.id, c.id, caseUri);
        this.setCaseFields(child, c);
        setIfChanged(child, 'sortText', String(children.length).padStart(6, '0'));
        children.push(child);
      }, { stop: superseded });
      if (!done) return undefined;
      if (parent && children.length === model.cases.ids.length) this.applied.set(parent, { table: model.cases, children });
      return children;
    };
    const previousTargets = this.targetItems(item);
    if (!model.targets) {
      // A spec that compared targets and no longer does: its children are target items, none is kept.
      const children = await caseItems(previousTargets.length ? undefined : item);
      if (children && !superseded()) replaceChildren(item, children);
      return;
    }
    const targets: Array<{ child: vscode.TestItem; cases: vscode.TestItem[] }> = [];
    for (const [index, target] of model.targets.entries()) {
      let child = previousTargets.find(([name]) => name === target.name)?.[1];
      if (!child) {
        child = this.controller.createTestItem(target.name, target.name, uri);
        this.targetNames.set(child, target.name);
      }
      const range = target.keyRange ? toRange(target.keyRange) : undefined;
      if (range ? !child.range?.isEqual(range) : child.range) child.range = range;
      setIfChanged(child, 'description', target.description);
      setIfChanged(child, 'sortText', String(index).padStart(6, '0'));
      const cases = await caseItems(child);
      if (!cases) return;
      targets.push({ child, cases });
    }
    // Set together once every target's cases are known, so no target shows another model's cases.
    if (superseded()) return;
    for (const { child, cases } of targets) replaceChildren(child, cases);
    replaceChildren(item, targets.map((t) => t.child));
  }

  /** Results recorded for a spec outside this controller's runs: shown in the Test Explorer too. */
  private schedulePublish(specFile: string): void {
    if (this.ownRuns.has(specFile)) return; // this controller's own run reports its cases itself
    clearTimeout(this.publishTimers.get(specFile));
    // Loading a spec's history applies several runs in a row: publish the merged result once.
    this.publishTimers.set(specFile, setTimeout(() => {
      this.publishTimers.delete(specFile);
      void this.publish(specFile);
    }, 50));
  }

  private async publish(specFile: string): Promise<void> {
    const known = this.state.get(specFile) ?? this.state.all().find((s) => s.specFile === specFile);
    if (!known || this.isDisposed) return;
    const publish = (this.publishes.get(specFile) ?? 0) + 1;
    this.publishes.set(specFile, publish);
    // A newer publish, or a run of this controller's own (it reports its cases itself), takes over.
    const superseded = () => this.isDisposed || this.publishes.get(specFile) !== publish || this.ownRuns.has(specFile);
    const spec = this.specItem(vscode.Uri.file(specFile));
    await this.ensureChildren(spec);
    if (superseded()) return;
    // A compared spec's results are each target's, under that target's item.
    const sources: Array<{ results: Iterable<CaseResult>; items: vscode.TestItemCollection }> = [];
    const targets = this.targetItems(spec);
    if (targets.length === 0) sources.push({ results: known.cases.values(), items: spec.children });
    for (const [name, target] of targets) {
      const state = this.state.get(specFile, name);
      if (state) sources.push({ results: state.cases.values(), items: target.children });
    }
    const reported = sources.flatMap(({ results, items }) => [...results].map((result) => ({ result, item: items.get(result.id) }))).filter((r): r is { result: CaseResult; item: vscode.TestItem } => r.item !== undefined);
    if (reported.length === 0) return;
    const when = known.latest.run.started_at.replace('T', ' ').slice(0, 16);
    const run = this.controller.createTestRun(new vscode.TestRunRequest(reported.map((r) => r.item)), `aispec: ${spec.label} (run of ${when} UTC)`, true);
    // In slices (slices.ts): a result is a call into the Test Explorer each, and a large run's in one loop held
    // the main thread for as long as all of them took.
    try {
      await inSlices(reported, ({ item, result }) => report(run, item, result), { stop: superseded });
    } finally {
      run.end();
    }
  }

  private tag(name: string): vscode.TestTag {
    let tag = this.tags.get(name);
    if (!tag) this.tags.set(name, (tag = new vscode.TestTag(name)));
    return tag;
  }

  /** The target items of a compared spec's item, by name (none for a one-target spec). */
  private targetItems(spec: vscode.TestItem): Array<[string, vscode.TestItem]> {
    const targets: Array<[string, vscode.TestItem]> = [];
    spec.children.forEach((child) => {
      const name = this.targetNames.get(child);
      if (name !== undefined) targets.push([name, child]);
    });
    return targets;
  }

  /**
   * Runs what the request names, spec by spec. Of a compared spec, targets whose selected cases are the same
   * run together (one shared pool, as `aispec eval` runs them); targets with different selections run apart.
   */
  async runTests(request: vscode.TestRunRequest, token: vscode.CancellationToken, debug: boolean): Promise<void> {
    const run = this.controller.createTestRun(request, debug ? 'aispec (debug)' : 'aispec', true);
    try {
      const excluded = new Set((request.exclude ?? []).map(key));
      /** Per spec: per target ('' for a one-target spec) the case items chosen, or every case. */
      const groups = new Map<string, { spec: vscode.TestItem; wholeSpec: boolean; chosen: Map<string, { parent: vscode.TestItem; cases: Set<vscode.TestItem> | 'all' }> }>();
      let roots: vscode.TestItem[];
      if (request.include) {
        roots = [...request.include];
      } else {
        await this.discover();
        roots = [];
        this.controller.items.forEach((item) => roots.push(item));
      }
      for (const item of roots) {
        if (excluded.has(key(item))) continue;
        let spec = item;
        while (spec.parent) spec = spec.parent;
        if (!spec.uri) continue;
        await this.ensureChildren(spec);
        const group = groups.get(spec.id) ?? { spec, wholeSpec: false, chosen: new Map() };
        groups.set(spec.id, group);
        const choose = (target: string, parent: vscode.TestItem, caseItem?: vscode.TestItem) => {
          const entry = group.chosen.get(target) ?? { parent, cases: new Set<vscode.TestItem>() };
          group.chosen.set(target, entry);
          if (!caseItem) entry.cases = 'all';
          else if (entry.cases !== 'all') entry.cases.add(caseItem);
        };
        const targets = this.targetItems(spec);
        if (item === spec) {
          group.wholeSpec = true;
          if (targets.length === 0) choose('', spec);
          for (const [name, target] of targets) if (!excluded.has(key(target))) choose(name, target);
        } else if (this.targetNames.has(item)) {
          choose(this.targetNames.get(item)!, item);
        } else if (item.parent && this.targetNames.has(item.parent)) {
          choose(this.targetNames.get(item.parent)!, item.parent, item);
        } else {
          choose('', spec, item);
        }
      }

      for (const { spec, wholeSpec, chosen } of groups.values()) {
        // Targets with the same selection run together.
        const batches = new Map<string, RunBatch>();
        for (const [target, { parent, cases }] of chosen) {
          const all: vscode.TestItem[] = [];
          parent.children.forEach((c) => all.push(c));
          const selected = cases === 'all' ? all.filter((c) => !excluded.has(key(c))) : [...cases];
          if (selected.length === 0) continue;
          const whole = selected.length === all.length;
          const caseIds = selected.map((i) => i.id);
          const batchKey = whole ? '\0all' : [...caseIds].sort().join('\0');
          const batch: RunBatch = batches.get(batchKey) ?? { targets: [], selected: new Map(), caseIds, whole };
          batches.set(batchKey, batch);
          batch.targets.push(target);
          batch.selected.set(target, selected);
        }
        for (const batch of batches.values()) {
          if (token.isCancellationRequested) break;
          await this.runBatch(run, spec, batch, { wholeSpec, debug, token });
        }
      }
    } finally {
      run.end();
    }
  }

  /** One run of a spec: some cases, on one or several of its targets ('' names a one-target spec's). */
  private async runBatch(
    run: vscode.TestRun,
    spec: vscode.TestItem,
    batch: RunBatch,
    { wholeSpec, debug, token }: { wholeSpec: boolean; debug: boolean; token: vscode.CancellationToken },
  ): Promise<void> {
    const compared = !batch.targets.includes('');
    const items = [...batch.selected.values()].flat();
    // In slices (slices.ts), all enqueued then all started, as the results below: each is a call into the Test
    // Explorer, and a 100,000-case spec's in one loop held the host. A run cancelled meanwhile (or a controller
    // disposed) stops there and starts nothing: the run's end marks the cases it enqueued as skipped.
    const stopped = () => token.isCancellationRequested || this.isDisposed;
    if (!(await inSlices(items, (item) => run.enqueued(item), { stop: stopped }))) return;
    if (!(await inSlices(items, (item) => run.started(item), { stop: stopped }))) return;
    // By id: each finished case looks its item up (a search of a 1,000-case list per case was quadratic).
    const byId = new Map([...batch.selected].map(([target, selected]) => [target, new Map(selected.map((i) => [i.id, i]))]));
    const itemOf = (target: string | undefined, caseId: string) => byId.get(target ?? '')?.get(caseId);
    const { caseIds, whole } = batch;
    const cases = whole ? 'Run eval' : caseIds.length === 1 ? `Run case ${caseIds[0]}` : `Run ${plural(caseIds.length, 'case')}`;
    const label = compared && this.targetItems(spec).length !== batch.targets.length ? `${cases}: ${batch.targets.join(', ')}` : cases;
    this.ownRuns.add(spec.uri!.fsPath);
    const outcome: RunOutcome = await this.manager.run({
      uri: spec.uri!,
      filter: whole ? undefined : { caseIds },
      ...(compared ? { targets: batch.targets } : {}),
      label,
      verbose: debug,
      ...(debug ? { concurrency: 1 } : {}),
      progress: 'silent',
      token,
      onProgress: (e, target) => {
        const icon = e.status === 'pass' ? '✓' : e.status === 'fail' ? '✗' : '!';
        run.appendOutput(`${icon} ${target === undefined ? '' : `${target}: `}${e.caseId} ${e.status}${e.cached ? ' (cached)' : ''} [${e.done}/${e.total}]\r\n`, undefined, itemOf(target, e.caseId));
      },
    }).finally(() => this.ownRuns.delete(spec.uri!.fsPath));
    if (outcome.kind !== 'ran' && outcome.kind !== 'compared') {
      const message = new vscode.TestMessage(outcome.message);
      if (spec.uri) message.location = new vscode.Location(spec.uri, new vscode.Position(0, 0));
      if (wholeSpec) run.errored(spec, message);
      await inSlices(items, (item) => {
        run.errored(item, message);
        this.reports.fire({ item, state: 'errored', message });
      });
      run.appendOutput(`${outcome.message}\r\n`);
      return;
    }
    const runs = outcome.kind === 'ran' ? [{ target: '', results: outcome.results }] : outcome.runs;
    for (const { target, results: targetResults } of runs) {
      const results = new Map(targetResults.cases.map((c) => [c.id, c]));
      // In slices (slices.ts), as publish does: a 1,000-case run's results in one go held the host.
      await inSlices(batch.selected.get(target) ?? [], (item) => {
        const result = results.get(item.id);
        if (!result) {
          run.skipped(item); // cancelled before it finished
          this.reports.fire({ item, state: 'skipped' });
        } else {
          this.reports.fire(report(run, item, result));
        }
      });
      run.appendOutput(`${target === '' ? runSummaryLine(targetResults) : targetSummaryLine(target, targetResults)}\r\n`);
    }
    if (outcome.kind === 'compared') run.appendOutput(`${comparisonSummaryLine(outcome.comparison)}: ${outcome.comparison.comparison.recommended_reason}\r\n`);
  }
}

/** Cases of one spec run together on some of its targets ('' names a one-target spec's only target). */
interface RunBatch {
  targets: string[];
  /** Per target, its case items to run. */
  selected: Map<string, vscode.TestItem[]>;
  caseIds: string[];
  /** Every case of the spec. */
  whole: boolean;
}

function toRange(r: PlainRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * Sets `item`'s children to `children`, unless they are those already, in that order. VS Code's replace() sends
 * the workbench an upsert of every child even when none changed: ~95 ms of the extension host's main thread
 * per check while typing in a 10,000-case spec (bench:editor --profile), where a changed case's own fields were
 * already sent as they were set.
 */
function replaceChildren(item: vscode.TestItem, children: readonly vscode.TestItem[]): void {
  if (!sameChildren(item, children)) item.children.replace(children);
}

/** Whether `item`'s children are `children`, in that order. */
function sameChildren(item: vscode.TestItem, children: readonly vscode.TestItem[]): boolean {
  if (item.children.size !== children.length) return false;
  let same = true;
  let index = 0;
  item.children.forEach((child) => {
    if (child !== children[index++]) same = false;
  });
  return same;
}

/** Sets an item's property only when it changes: each set is a change the Test Explorer is sent. */
function setIfChanged<K extends 'label' | 'description' | 'sortText'>(item: vscode.TestItem, key: K, value: vscode.TestItem[K]): void {
  if (item[key] !== value) item[key] = value;
}

function report(run: vscode.TestRun, item: vscode.TestItem, result: CaseResult): TestReport {
  const duration = typeof result.latency_ms === 'number' ? result.latency_ms : undefined;
  if (result.status === 'pass') {
    run.passed(item, duration);
    return { item, state: 'passed', ...(duration === undefined ? {} : { duration }) };
  }
  const mismatch = result.status === 'fail' ? labelMismatch(result) : undefined; // an error has no label to compare
  const message = mismatch
    ? vscode.TestMessage.diff(caseMessageText(result), mismatch.expected, mismatch.actual)
    : new vscode.TestMessage(caseMessageText(result));
  if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range.start);
  if (result.status === 'fail') run.failed(item, message, duration);
  else run.errored(item, message, duration);
  return { item, state: result.status === 'fail' ? 'failed' : 'errored', message, ...(duration === undefined ? {} : { duration }) };
}

/** An item's ids from its spec down: a case under a target is told apart from the same case under another. */
function key(item: vscode.TestItem): string {
  const ids: string[] = [];
  for (let at: vscode.TestItem | undefined = item; at; at = at.parent) ids.unshift(at.id);
  return ids.join('\0');
}

function excluded(uri: vscode.Uri): boolean {
  return /[\\/](node_modules|\.git|\.aispec|\.vscode-test)[\\/]/.test(uri.fsPath);
}
