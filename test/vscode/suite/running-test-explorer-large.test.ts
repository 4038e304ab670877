// The Test Explorer with a large spec (closed, on disk): what it sends the Test Explorer for every case goes in
// time slices (slices.ts) that let the extension host's event loop run between them. Nothing is timed: a timer
// that runs between two of those calls shows a slice ended there, and spies count what was called.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CaseResult, RunResults } from '../../../src/shared/results.js';
import { runningApi, removeIfExists, waitFor, workspaceUri, type Api } from './running-support.js';

const CASES = 10_000;
const SPEC_ID = 'running-large-test-explorer';
const FOLDER = ['running', 'large-test-explorer'];

function largeSpec(): string {
  const cases = Array.from({ length: CASES }, (_, i) => `- id: ${caseId(i)}\n  input: "Say yes (${i})"\n  expect: "yes"\n`);
  return `---\naispec: 1\nid: ${SPEC_ID}\ntitle: A large recorded spec\ntarget: { provider: recorded, path: large.outputs.jsonl }\nlabels: [yes, no]\nclassify:\n  yes: { icontains: "yes" }\n  no: { otherwise: true }\n---\n\n# Large\n\n## Goal\n\nFixture of the Test Explorer's large-spec tests.\n\n## Cases\n\n\`\`\`yaml cases\n${cases.join('')}\`\`\`\n`;
}

function caseId(i: number): string {
  return `case-${String(i).padStart(5, '0')}`;
}

/** A whole run of the spec, as the CLI would save it in latest.json, with a result for every 100th case. */
function cliRun(): RunResults {
  const cases = Array.from({ length: CASES / 100 }, (_, i) => ({ id: caseId(i * 100), status: 'pass', latency_ms: 7 }) as CaseResult);
  const at = new Date().toISOString();
  return {
    spec: { id: SPEC_ID, title: 'A large recorded spec', file: 'large.aispec.md' },
    run: { id: `cli-${Date.now()}`, started_at: at, finished_at: at, complete: true, unfinished: [], target: { provider: 'recorded' } },
    cases,
  } as unknown as RunResults;
}

/** Replaces `obj[name]` by a wrapper of it; the returned function puts the original back. */
function spy<T extends object, K extends keyof T>(obj: T, name: K, wrap: (original: T[K]) => T[K]): () => void {
  const own = Object.getOwnPropertyDescriptor(obj, name);
  const original = obj[name];
  obj[name] = wrap(typeof original === 'function' ? (original.bind(obj) as T[K]) : original);
  return () => {
    if (own) Object.defineProperty(obj, name, own);
    else delete obj[name];
  };
}

describe('running: Test Explorer, a 10,000-case spec', function () {
  this.timeout(180_000);
  let api: Api;
  const uri = () => workspaceUri(...FOLDER, 'large.aispec.md');
  const restores: Array<() => void> = [];

  before(async () => {
    api = await runningApi();
    await removeIfExists(workspaceUri(...FOLDER));
    await vscode.workspace.fs.writeFile(workspaceUri(...FOLDER, 'large.outputs.jsonl'), new TextEncoder().encode('{"id":"case-00000","output":"yes","latency_ms":1}\n'));
    await vscode.workspace.fs.writeFile(uri(), new TextEncoder().encode(largeSpec()));
  });

  afterEach(() => {
    for (const restore of restores.splice(0).reverse()) restore();
  });

  after(async () => {
    api.state.forget(uri().fsPath);
    await removeIfExists(workspaceUri(...FOLDER));
    api.controller.items.delete(uri().toString());
  });

  it('enqueues and starts the cases of a run in slices, and a cancel meanwhile stops the run before it starts', async () => {
    const spec = api.tests.specItem(uri());
    await api.tests.resolveSpec(spec);
    assert.equal(spec.children.size, CASES);
    const source = new vscode.CancellationTokenSource();
    const calls = { enqueued: 0, started: 0, enqueuedAtCancel: -1, runs: 0, ended: 0 };
    restores.push(spy(api.controller, 'createTestRun', (create) => (...args) => {
      const run = create(...args);
      const enqueued = run.enqueued.bind(run);
      const started = run.started.bind(run);
      const end = run.end.bind(run);
      run.enqueued = (item) => {
        // The first call sets a timer: it runs at the first turn the event loop gets, and cancels the run.
        if (calls.enqueued++ === 0) setTimeout(() => {
          calls.enqueuedAtCancel = calls.enqueued;
          source.cancel();
        }, 0);
        enqueued(item);
      };
      run.started = (item) => {
        calls.started++;
        started(item);
      };
      run.end = () => {
        calls.ended++;
        end();
      };
      return run;
    }));
    restores.push(spy(api.manager, 'run', (run) => (request) => {
      calls.runs++;
      return run(request);
    }));
    try {
      await api.tests.runTests(new vscode.TestRunRequest([spec]), source.token, false);
    } finally {
      source.dispose();
    }
    assert.ok(calls.enqueuedAtCancel > 0 && calls.enqueuedAtCancel < CASES, `the event loop ran while the cases were enqueued (after ${calls.enqueuedAtCancel} of ${CASES})`);
    assert.equal(calls.enqueued, calls.enqueuedAtCancel, 'enqueuing stopped at the cancel (it is checked after each slice)');
    assert.equal(calls.started, 0, 'no case started');
    assert.equal(calls.runs, 0, 'the cancelled run never started');
    assert.equal(calls.ended, 1, 'the test run ended');
  });

  it('results published while the first fill of the spec\'s cases is under way wait for it: the spec is not read again', async () => {
    const file = uri().fsPath;
    const model = await api.services.specs.modelOf(uri());
    // The spec's item anew: the update below is its first fill, in slices.
    api.controller.items.delete(uri().toString());
    let reads = 0;
    restores.push(spy(api.services.specs, 'modelOf', (modelOf) => (u) => {
      if (u.fsPath === file) reads++;
      return modelOf(u);
    }));
    let publishedDuringFill = false;
    restores.push(spy(api.state, 'get', (get) => (specFile, target) => {
      // publish asks for the spec's results first.
      if (specFile === file && api.controller.items.get(uri().toString())?.children.size === 0) publishedDuringFill = true;
      return get(specFile, target);
    }));
    const published: Array<{ passed: Map<string, vscode.TestItem>; ended: boolean }> = [];
    restores.push(spy(api.controller, 'createTestRun', (create) => (...args) => {
      const run = create(...args);
      const record = { passed: new Map<string, vscode.TestItem>(), ended: false };
      published.push(record);
      const passed = run.passed.bind(run);
      const end = run.end.bind(run);
      run.passed = (item, duration) => {
        record.passed.set(item.id, item);
        passed(item, duration);
      };
      run.end = () => {
        record.ended = true;
        end();
      };
      return run;
    }));
    const filling = api.tests.update(uri(), model);
    const spec = api.controller.items.get(uri().toString())!;
    assert.equal(spec.children.size, 0, 'the first fill goes on in slices');
    // A CLI run's latest.json, read: published to the Test Explorer (after a 50 ms debounce).
    api.state.apply(file, SPEC_ID, cliRun());
    await filling;
    assert.equal(spec.children.size, CASES);
    const run = await waitFor('the published results to be reported', () => published.find((r) => r.ended));
    assert.ok(publishedDuringFill, 'the results were published while the fill was under way');
    assert.equal(reads, 0, 'publishing did not read the spec again (its fill was under way)');
    assert.equal(published.length, 1);
    assert.equal(run.passed.size, CASES / 100, 'every result reported');
    for (const [id, item] of run.passed) assert.equal(item, spec.children.get(id), `${id} reported on the item the fill set`);
  });

  it('a newer model of the same cases sets only the cases that changed, and leaves the list as it is', async () => {
    const model = await api.services.specs.modelOf(uri());
    await api.tests.update(uri(), model);
    const spec = api.controller.items.get(uri().toString())!;
    assert.equal(spec.children.size, CASES);
    const before = new Map<string, vscode.TestItem>();
    spec.children.forEach((item) => before.set(item.id, item));
    // As after typing in case 5's label, and a line added inside case 7 (so the cases after it move down one).
    const newer = structuredClone(model);
    newer.cases.descriptions[5] = '→ yess  Say yes (5)';
    for (let i = 7; i < CASES; i++) {
      newer.cases.ranges[i * 4 + 2]! += 1;
      if (i > 7) newer.cases.ranges[i * 4]! += 1;
    }
    let replaced = 0;
    restores.push(spy(spec.children, 'replace', (replace) => (items) => {
      replaced++;
      return replace(items);
    }));
    // No pass over every case: that looks each case's item up by id.
    let lookedUp = 0;
    restores.push(spy(spec.children, 'get', (get) => (id) => {
      lookedUp++;
      return get(id);
    }));
    await api.tests.update(uri(), newer);
    assert.equal(replaced, 0, 'the same items in the same order: the list is not sent again');
    assert.equal(lookedUp, 0, 'only the cases that changed were set, from the items already in order');
    const item = (i: number) => spec.children.get(caseId(i))!;
    for (const [id, original] of before) assert.equal(spec.children.get(id), original, `${id} is the same item`);
    assert.equal(item(5).description, '→ yess  Say yes (5)');
    assert.equal(item(4).description, '→ yes  Say yes (4)');
    assert.equal(item(7).range!.start.line, model.cases.ranges[7 * 4]);
    assert.equal(item(7).range!.end.line, model.cases.ranges[7 * 4 + 2]! + 1);
    assert.equal(item(8).range!.start.line, model.cases.ranges[8 * 4]! + 1);
    assert.equal(item(6).range!.end.line, model.cases.ranges[6 * 4 + 2]);
    // A model with a case removed: the list is set anew.
    const fewer = structuredClone(model);
    fewer.cases.ids.pop();
    fewer.cases.fileOf = fewer.cases.fileOf.subarray(0, CASES - 1);
    fewer.cases.ranges = fewer.cases.ranges.subarray(0, (CASES - 1) * 4);
    fewer.cases.tagCounts = fewer.cases.tagCounts.subarray(0, CASES - 1);
    fewer.cases.descriptions.pop();
    await api.tests.update(uri(), fewer);
    assert.equal(replaced, 1);
    assert.equal(spec.children.size, CASES - 1);
    assert.equal(spec.children.get(caseId(4)), before.get(caseId(4)), 'kept items are still the same items');
    await api.tests.update(uri(), model);
  });
});
