// `aispec diff` and review's given results compare two results files a case at a time (diff-files.ts): the
// comparison is diffRuns of the two runs read whole, whatever the cases' order, duplicates or size; what
// cannot be read is said, naming the file, before the other file's cases are read.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffRuns } from '../../../src/core/index.js';
import { diffResultsFiles, RunFileReadError } from '../../../src/node/diff-files.js';
import { writeResultsFile } from '../../../src/node/results-file-write.js';
import { readRun } from '../../../src/node/run-store.js';
import type { CaseResult, RunResults } from '../../../src/shared/results.js';
import { loadResults } from '../report/fixtures.js';

describe('node: comparing two results files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-diff-files-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function write(name: string, run: RunResults): Promise<string> {
    const path = join(dir, name);
    await writeResultsFile(path, run);
    return path;
  }

  /** The comparison of the two files read whole, as `aispec diff` made it before it streamed. */
  async function inMemory(basePath: string, headPath: string) {
    return diffRuns(await readRun(basePath), await readRun(headPath));
  }

  it('gives diffRuns of the two runs read whole: flips, added and removed cases, McNemar, rates, gates, tags', async () => {
    const base = await write('base.json', loadResults('diff-base'));
    const head = await write('head.json', loadResults('diff-head'));
    const streamed = await diffResultsFiles(base, head);
    assert.deepEqual(streamed, await inMemory(base, head));
    // The fixtures' own figures (diff-runs.test.ts), so an equality of two wrong answers cannot pass.
    assert.deepEqual(streamed.cases, { paired: 39, added: ['c41'], removed: ['c01'] });
    assert.equal(streamed.mcnemar.discordant, 9);
    assert.ok(streamed.newlyFailing.length > 0 && streamed.newlyFailing.every((c) => c.base === 'pass'));
  });

  it('pairs by id in any order, counts a repeated id once (the first), and keeps each change’s output', async () => {
    const baseRun = loadResults('diff-base');
    const headRun = loadResults('diff-head');
    const repeated: CaseResult = { ...headRun.cases[0]!, status: headRun.cases[0]!.status === 'pass' ? 'fail' : 'pass', output: 'the repeat' };
    const shuffledBase = { ...baseRun, cases: [...baseRun.cases].reverse() };
    const withRepeat = { ...headRun, cases: [...headRun.cases, repeated] };
    const base = await write('base-reversed.json', shuffledBase);
    const head = await write('head-repeat.json', withRepeat);
    const streamed = await diffResultsFiles(base, head);
    assert.deepEqual(streamed, diffRuns(shuffledBase, withRepeat));
    assert.ok(![...streamed.newlyFailing, ...streamed.newlyPassing, ...streamed.otherChanges].some((c) => c.output === 'the repeat'));
    const flipped = streamed.newlyFailing[0]!;
    assert.equal(flipped.output, headRun.cases.find((c) => c.id === flipped.id)!.output);
  });

  it('gives the same comparison for runs past the size whose summary is read without the cases', async () => {
    const baseRun = loadResults('diff-base');
    const headRun = loadResults('diff-head');
    // 40 cases with 250 KB outputs each: over 8 MB, where readRunSummary reads only the file's head and tail.
    const big = (run: RunResults, tag: string) => ({ ...run, cases: run.cases.map((c, i) => ({ ...c, output: `${tag}${i} ${'x'.repeat(250_000)}` })) });
    const base = await write('big-base.json', big(baseRun, 'b'));
    const head = await write('big-head.json', big(headRun, 'h'));
    assert.deepEqual(await diffResultsFiles(base, head), await inMemory(base, head));
  });

  it('names a missing head file before reading the base file’s cases', async () => {
    // The base's second case is not JSON, though its brackets balance: reading its cases would fail on it.
    const base = join(dir, 'broken-cases.json');
    writeFileSync(base, '{"format": "aispec-results", "spec": {"id": "s"}, "run": {}, "summary": {}, "cases": [{"id": "a", "status": "pass"}, {"id": nope}]}');
    await assert.rejects(diffResultsFiles(base, join(dir, 'missing.json')), (e: unknown) => e instanceof RunFileReadError && e.path === join(dir, 'missing.json') && /ENOENT/.test(e.message));
    const head = await write('head-ok.json', loadResults('diff-head'));
    await assert.rejects(diffResultsFiles(base, head), (e: unknown) => e instanceof RunFileReadError && e.path === base && /not JSON \(case 2/.test(e.message));
  });

  it('refuses a JSON file that is not a results file, naming it', async () => {
    const other = join(dir, 'package.json');
    writeFileSync(other, '{"name": "p", "cases": [{"id": "a", "status": "pass"}]}');
    const head = await write('head-plain.json', loadResults('diff-head'));
    await assert.rejects(diffResultsFiles(other, head), (e: unknown) => e instanceof RunFileReadError && e.path === other && /not an aispec results file/.test(e.message));
  });
});
