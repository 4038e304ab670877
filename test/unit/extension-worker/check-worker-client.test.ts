// The check worker and its client, outside VS Code: the worker (bundled here as the build bundles it) answers
// with exactly what checkSpecFile and foldingRanges give on the main thread; a request that a newer one for the
// same spec overtook resolves as stale; a worker that cannot start leaves the answers to the main thread.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { foldingRanges } from '../../../src/core/authoring/folding.js';
import { outlineOf } from '../../../src/core/authoring/outline.js';
import { editorModelOf } from '../../../src/extension/editor-model.js';
import { CheckWorkerClient } from '../../../src/extension/check-worker-client.js';
import { checkSpecFile } from '../../../src/node/check-spec-file.js';

const spec = (label: string) => `---
aispec: 1
id: worker-test
title: Worker test
labels: [yes, no]
target: { provider: openai, model: m }
---

# Worker test

## Goal
Answer yes or no.

## Cases

\`\`\`yaml cases
- id: one
  input: Is it?
  expect: ${label}
  checks:
    - regex: "(a+)+$"
    - regex: "(?<=x)y"
- id: two
  input: Is it not?
  expect: no
\`\`\`
`;

describe('extension: the check worker', function () {
  this.timeout(120_000);
  let dir: string;
  let workerFile: string;
  let specFile: string;
  const clients: CheckWorkerClient[] = [];
  const client = (file = workerFile, onFallback?: (reason: string) => void) => {
    const c = new CheckWorkerClient(file, onFallback);
    clients.push(c);
    return c;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-worker-'));
    workerFile = join(dir, 'check-worker.cjs');
    // As scripts/build.mjs bundles it (CommonJS; ESM dependencies read import.meta.url).
    await esbuild.build({
      entryPoints: [new URL('../../../src/extension/check-worker.ts', import.meta.url).pathname],
      outfile: workerFile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'error',
      banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" }, define: { 'import.meta.url': '__importMetaUrl' },
    });
    mkdirSync(join(dir, 'project'));
    specFile = join(dir, 'project', 'worker.aispec.md');
    writeFileSync(specFile, spec('yes'));
  });
  afterEach(() => clients.splice(0).forEach((c) => c.dispose()));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('checks unsaved text exactly as checkSpecFile does on the main thread, extra fixes included', async () => {
    const text = spec('maybe');
    const check = await client().ask({ kind: 'check', file: specFile, text, openTexts: [], trusted: false, open: true });
    assert.ok(check);
    const here = await checkSpecFile(specFile, { text, configCache: false });
    assert.deepEqual(check.problems.map((p) => p.core), JSON.parse(JSON.stringify(here.diagnostics)));
    assert.equal(check.specFile, specFile);
    const codes = check.problems.map((p) => p.core.code);
    assert.ok(codes.includes('schema') || codes.some((c) => /label/.test(c)), `the unknown label is reported: ${codes.join(', ')}`);
    assert.ok(check.problems.some((p) => /maybe/.test(p.core.message)), 'a problem names the label as typed');
    const addLabel = check.problems.flatMap((p) => p.extraFixes).find((f) => /maybe/.test(f.title));
    assert.ok(addLabel, 'the editor\'s own fix (add the label to labels) comes with it');
  });

  it('folds as foldingRanges does', async () => {
    const text = spec('yes');
    assert.deepEqual(await client().ask({ kind: 'fold', file: specFile, text }), foldingRanges(text));
  });

  it('answers a waiting request that a newer one for the same spec replaced as stale, and the newest with its own text', async () => {
    const c = client();
    const first = c.ask({ kind: 'check', file: specFile, text: spec('a1'), openTexts: [], trusted: false, open: true });
    const second = c.ask({ kind: 'check', file: specFile, text: spec('a2'), openTexts: [], trusted: false, open: true });
    const third = c.ask({ kind: 'check', file: specFile, text: spec('a3'), openTexts: [], trusted: false, open: true });
    const otherKind = c.ask({ kind: 'fold', file: specFile, text: spec('a3') });
    const [a, b, d, folds] = await Promise.all([first, second, third, otherKind]);
    assert.ok(a && a.problems.some((p) => p.core.message.includes('a1')), 'the running check finishes with its own text');
    assert.equal(b, undefined, 'the overtaken check is stale');
    assert.ok(d && d.problems.some((p) => p.core.message.includes('a3')) && !d.problems.some((p) => p.core.message.includes('a2')));
    assert.ok(Array.isArray(folds) && folds.length > 0, 'a request of another kind is not overtaken');
  });

  it('answers a replaced request for the same text with the newer one\'s answer, not as stale', async () => {
    const c = client();
    const running = c.ask({ kind: 'fold', file: specFile, text: spec('b1') });
    const editor = c.ask({ kind: 'fold', file: specFile, text: spec('b2') });
    const command = c.ask({ kind: 'fold', file: specFile, text: spec('b2') });
    const [, a, b] = await Promise.all([running, editor, command]);
    assert.deepEqual(a, foldingRanges(spec('b2')));
    assert.deepEqual(b, a);
  });

  it('reads unsaved open files instead of the disk', async () => {
    const cases = join(dir, 'project', 'cases.jsonl');
    writeFileSync(cases, '{"id": "disk", "input": "x", "expect": "yes"}\n');
    const text = spec('yes').replace(/```yaml cases[\s\S]*```\n/, '').replace('labels: [yes, no]', 'labels: [yes, no]\ncases: cases.jsonl');
    const check = await client().ask({ kind: 'check', file: specFile, text, openTexts: [[cases, '{"id": "unsaved", "input": "x", "expect": "nope"}\n']], trusted: false, open: true });
    assert.ok(check);
    assert.deepEqual(check.caseFileTexts.map(([f]) => f), [cases]);
    assert.ok(check.problems.some((p) => p.core.range.file === cases && p.core.message.includes('nope')), 'the unsaved case file was checked');
  });

  it('makes the editor model of a text as editorModelOf does on the main thread, and the outline as outlineOf does', async () => {
    const text = spec('maybe');
    const c = client();
    const [check, model, outline] = await Promise.all([
      c.ask({ kind: 'check', file: specFile, text, openTexts: [], trusted: false, open: true }),
      c.ask({ kind: 'model', file: specFile, text, openTexts: [], trusted: false, open: true, saved: true }),
      c.ask({ kind: 'outline', file: specFile, text, openTexts: [], trusted: false, open: true }),
    ]);
    assert.ok(check && model && outline);
    const here = await checkSpecFile(specFile, { text, configCache: false });
    assert.deepEqual(model, editorModelOf(here));
    assert.deepEqual(outline, outlineOf(here.spec));
    assert.equal(model.errors, here.diagnostics.filter((d) => d.severity === 'error').length);
    assert.ok(model.errors > 0, 'the unknown label is an error the Test Explorer shows');
  });

  it('runs a waiting check before a model or fold asked for earlier', async () => {
    const c = client();
    const order: string[] = [];
    const running = c.ask({ kind: 'fold', file: specFile, text: spec('c0') }).then(() => order.push('running fold'));
    const fold = c.ask({ kind: 'fold', file: specFile, text: spec('c1') }).then(() => order.push('fold'));
    const model = c.ask({ kind: 'model', file: specFile, text: spec('c1'), openTexts: [], trusted: false, open: true, saved: false }).then(() => order.push('model'));
    const check = c.ask({ kind: 'check', file: specFile, text: spec('c1'), openTexts: [], trusted: false, open: true }).then(() => order.push('check'));
    await Promise.all([running, fold, model, check]);
    assert.equal(order[0], 'running fold');
    assert.equal(order[1], 'check');
  });

  it('starts no background request while the client it yields to has a check running or waiting', async () => {
    const checks = client();
    const background = client();
    background.yieldTo(checks);
    const order: string[] = [];
    const first = checks.ask({ kind: 'check', file: specFile, text: spec('y0'), openTexts: [], trusted: false, open: true }).then(() => order.push('check 1'));
    const fold = background.ask({ kind: 'fold', file: specFile, text: spec('y1') }).then(() => order.push('fold'));
    assert.equal(background.busy, true); // waiting, not started: the check client is busy
    const second = checks.ask({ kind: 'check', file: `${specFile}.other`, text: spec('y2'), openTexts: [], trusted: false, open: true }).then(() => order.push('check 2'), () => order.push('check 2'));
    await Promise.all([first, fold, second]);
    assert.deepEqual(order, ['check 1', 'check 2', 'fold']);
    // Idle again, the background answers at once.
    assert.ok(await background.ask({ kind: 'fold', file: specFile, text: spec('y3') }));
  });

  it('checks again, not from the last check, when a file the spec reads changed and its text did not', async () => {
    const cases = join(dir, 'project', 'recheck.jsonl');
    writeFileSync(cases, '{"id": "one", "input": "x", "expect": "yes"}\n');
    const text = spec('yes').replace(/```yaml cases[\s\S]*```\n/, '').replace('labels: [yes, no]', 'labels: [yes, no]\ncases: recheck.jsonl');
    const c = client();
    const ask = () => c.ask({ kind: 'check', file: specFile, text, openTexts: [], trusted: false, open: true });
    const before = await ask();
    assert.ok(before && !before.problems.some((p) => p.core.message.includes('nope')));
    writeFileSync(cases, '{"id": "one", "input": "x", "expect": "nope"}\n');
    const after = await ask();
    assert.ok(after && after.problems.some((p) => p.core.range.file === cases && p.core.message.includes('nope')), 'the changed case file was read again');
    const model = await c.ask({ kind: 'model', file: specFile, text, openTexts: [], trusted: false, open: true, saved: false });
    assert.ok(model && model.errors > 0, 'the model comes from the newest check');
  });

  it('answers on the main thread, and says so once, when the worker cannot start', async () => {
    const reasons: string[] = [];
    const c = client(join(dir, 'missing-worker.cjs'), (reason) => reasons.push(reason));
    const text = spec('maybe');
    const check = await c.ask({ kind: 'check', file: specFile, text, openTexts: [], trusted: false, open: true });
    const again = await c.ask({ kind: 'fold', file: specFile, text });
    assert.ok(check && check.problems.some((p) => p.core.message.includes('maybe')));
    assert.deepEqual(again, foldingRanges(text));
    assert.equal(reasons.length, 1);
    assert.match(reasons[0]!, /check worker/);
  });
});
