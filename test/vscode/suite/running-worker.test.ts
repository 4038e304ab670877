// Runs from the editor happen in a worker thread (dist/run-worker.cjs): the run saves the same results file as
// `aispec eval` of the same spec, and a worker that dies is a clear failure, not a hang. (Cancelling mid-run,
// which keeps the finished cases, is running-commands.test.ts's "Cancel Run" test, through the same worker.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/extension/running/run-manager.js';
import type { RunResults } from '../../../src/shared/results.js';
import { EXTENSION_ID, waitFor } from '../support/index.js';
import { runningApi, workspaceUri, type Api } from './running-support.js';

/** What differs between two runs of one spec: the run's id (its start time), when things happened and how long they took. */
function withoutTimes(results: RunResults): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => !/(_at|_ms)$/.test(k)).map(([k, v]) => [k, strip(v)]));
    return value;
  };
  return strip({ ...results, run: { ...results.run, id: undefined } });
}

describe('running: the run worker', () => {
  let api: Api;
  const copies: string[] = [];

  before(async () => {
    api = await runningApi();
  });
  after(() => {
    api.manager.workerFile = undefined;
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the mixed fixture in a folder of its own, so that its runs touch no other test's latest.json. */
  function copyOfMixed(name: string): vscode.Uri {
    const dir = workspaceUri('running', name).fsPath;
    cpSync(workspaceUri('running', 'mixed.aispec.md').fsPath, join(dir, 'mixed.aispec.md'));
    cpSync(workspaceUri('running', 'mixed.outputs.jsonl').fsPath, join(dir, 'mixed.outputs.jsonl'));
    copies.push(dir);
    return vscode.Uri.file(join(dir, 'mixed.aispec.md'));
  }

  it('saves the same results file as `aispec eval` of the same spec', async () => {
    const inEditor = copyOfMixed('worker-editor');
    const byCli = copyOfMixed('worker-cli');
    const outcome = await api.manager.run({ uri: inEditor, progress: 'silent' });
    assert.equal(outcome.kind, 'ran', JSON.stringify(outcome));
    const { savedPath } = outcome as Extract<RunOutcome, { kind: 'ran' }>;
    assert.ok(savedPath);
    const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist/cli.cjs');
    const code = await new Promise<number>((done) => execFile(process.execPath, [cli, 'eval', byCli.fsPath, '--no-cache'], { cwd: join(byCli.fsPath, '..') }, (error) => done(typeof error?.code === 'number' ? error.code : 0)));
    assert.equal(code, 3, 'the CLI ran it (exit 3: incomplete, a case has no recorded output)');
    const editorFile = JSON.parse(readFileSync(savedPath, 'utf8')) as RunResults;
    const cliFile = JSON.parse(readFileSync(join(byCli.fsPath, '..', '.aispec/runs/running-mixed/latest.json'), 'utf8')) as RunResults;
    assert.deepEqual(withoutTimes(editorFile), withoutTimes(cliFile));
    assert.deepEqual(editorFile.summary, cliFile.summary, 'the same verdict and summary, as JSON');
    assert.deepEqual(editorFile.cases.map((c) => [c.id, c.status]), [['passes', 'pass'], ['fails-label', 'fail'], ['errors', 'error']]);
  });

  it('does not parse again the latest.json it just saved when the watcher reports it, and still reads one written after it', async () => {
    const uri = copyOfMixed('worker-digest');
    // Known to the results state (as a spec whose lenses or marks were drawn is), so file events reload it.
    await api.state.ensure(uri.fsPath, 'running-mixed');
    const before = { ...api.state.latestReloads };
    const outcome = await api.manager.run({ uri, progress: 'silent' });
    assert.equal(outcome.kind, 'ran', JSON.stringify(outcome));
    await waitFor('the watcher to report the saved latest.json', () => api.state.latestReloads.matched > before.matched || undefined, { timeoutMs: 30_000 });
    assert.equal(api.state.latestReloads.parsed, before.parsed, 'the file the run wrote was not read and parsed');
    const editorRun = (outcome as Extract<RunOutcome, { kind: 'ran' }>).results.run.id;
    // The CLI saves a newer run of the same spec over latest.json: it no longer matches, and is read.
    const cli = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist/cli.cjs');
    await new Promise<void>((done) => execFile(process.execPath, [cli, 'eval', uri.fsPath, '--no-cache'], { cwd: join(uri.fsPath, '..') }, () => done()));
    const cliRun = (JSON.parse(readFileSync(join(uri.fsPath, '..', '.aispec/runs/running-mixed/latest.json'), 'utf8')) as RunResults).run.id;
    assert.notEqual(cliRun, editorRun);
    await waitFor("the CLI's run in the results state", () => api.state.get(uri.fsPath)?.latest.run.id === cliRun || undefined, { timeoutMs: 30_000 });
    assert.ok(api.state.latestReloads.parsed > before.parsed, "the CLI's latest.json was read");
  });

  it('does not take a run\'s temp files (a CLI run\'s spill, written for as long as it runs) for saved runs', async function () {
    this.timeout(90_000);
    const uri = copyOfMixed('worker-temp-files');
    await vscode.workspace.openTextDocument(uri); // as a user has it: open beside the terminal that runs it
    const reported: string[] = [];
    const listener = api.services.runFiles.onDidChange((changed) => reported.push(changed.fsPath));
    /**
     * Makes `path` (a folder, or a small file) again until the watcher reports it: a watcher may miss what is
     * made in a folder it has only just begun to watch (here it once saw .aispec and runs, made by one
     * mkdir -p, but never the folder in them), and a missed event does not come later.
     */
    const makeUntilReported = async (path: string, kind: 'folder' | 'file') => {
      for (let tries = 0; !reported.includes(path); tries++) {
        if (tries === 60) assert.fail(`${path} was never reported; reported: ${JSON.stringify(reported)}`);
        if (kind === 'folder') {
          rmSync(path, { recursive: true, force: true });
          mkdirSync(path);
        } else writeFileSync(path, `{"try": ${tries}}`);
        await new Promise((done) => setTimeout(done, 500));
      }
    };
    const aispec = join(uri.fsPath, '..', '.aispec');
    const folder = join(aispec, 'runs', 'running-mixed');
    try {
      // A folder at a time, each reported before the next is made in it: from here on the runs folder is watched.
      for (const path of [aispec, join(aispec, 'runs'), folder]) await makeUntilReported(path, 'folder');
      await makeUntilReported(join(folder, '2026-12-04T09-00-00-000Z.json'), 'file');
      // A spill written again and again, then a finished run: the watcher reports in order, so once the run is
      // reported, any report of the spill would have come before it.
      const spill = join(folder, `.cases.${process.pid}.0123456789ab.tmp`);
      for (let i = 0; i < 3; i++) {
        appendFileSync(spill, 'x'.repeat(1000));
        await new Promise((done) => setTimeout(done, 150));
      }
      await makeUntilReported(join(folder, '2026-12-04T10-00-00-000Z.json'), 'file');
      assert.deepEqual(reported.filter((path) => path.endsWith('.tmp')), [], 'no temp file was reported');
    } finally {
      listener.dispose();
    }
  });

  it('re-checks the open spec whose run it saved (its gate lenses read that run), not the other open specs', async () => {
    const ran = copyOfMixed('worker-recheck-ran');
    const other = copyOfMixed('worker-recheck-other');
    const { specs } = api.services;
    const [ranDoc, otherDoc] = await Promise.all([ran, other].map((u) => vscode.workspace.openTextDocument(u)));
    // Both opened and modeled (their first checks are done) before counting.
    await Promise.all([specs.model(ranDoc!), specs.model(otherDoc!)]);
    const checks = new Map<string, number>();
    const listener = specs.onDidCheckLive((e) => checks.set(e.uri.fsPath, (checks.get(e.uri.fsPath) ?? 0) + 1));
    try {
      assert.equal((await api.manager.run({ uri: ran, progress: 'silent' })).kind, 'ran');
      await waitFor('the run spec to be re-checked after its run was saved', () => (checks.get(ran.fsPath) ?? 0) > 0, { timeoutMs: 30_000 });
      // A re-check of the other spec would have been scheduled with the run spec's: get() waits for it if it was.
      await specs.get(otherDoc!);
      assert.equal(checks.get(other.fsPath) ?? 0, 0, 'the other open spec was not re-checked');
    } finally {
      listener.dispose();
    }
  });

  it('fails with a clear message, and is not left running, when the worker dies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispec-dying-worker-'));
    copies.push(dir);
    const dying = join(dir, 'run-worker.cjs');
    writeFileSync(dying, "require('node:worker_threads').parentPort.once('message', () => process.exit(7));\n");
    api.manager.workerFile = dying;
    const uri = copyOfMixed('worker-dies');
    const outcome = await api.manager.run({ uri, progress: 'silent' });
    api.manager.workerFile = undefined;
    assert.equal(outcome.kind, 'failed');
    assert.match((outcome as Extract<RunOutcome, { kind: 'failed' }>).message, /run worker stopped \(exit code 7\) before the run ended/);
    assert.equal(api.manager.isRunning(uri), false);
    const again = await api.manager.run({ uri, progress: 'silent' });
    assert.equal(again.kind, 'ran', 'the next run starts a worker of its own');
  });
});
