// `aispec merge` streams the shards' cases from their files (merge-files.ts): the merged file is the one
// mergeRuns gives from the same shards held in memory, byte for byte (from 10,000 cases on, written in place:
// the same value, with spaces after the cases' `[`); a shard out of spec order is merged in memory instead, to
// the same file; what cannot be merged is said, and no temp file is left behind.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MergeError, mergeRuns } from '../../../src/core/index.js';
import { writeScaleProject } from '../../../bench/scale-fixtures.js';
import { IN_PLACE_MIN_CASES } from '../../../src/node/case-spill.js';
import { mergeResultsFiles, ShardReadError } from '../../../src/node/merge-files.js';
import { writeResultsFile } from '../../../src/node/results-file-write.js';
import { readRun } from '../../../src/node/run-store.js';
import { buildCli, repoRoot, runCli } from '../cli/run-cli.js';

describe('node: merging shards from their files', function () {
  this.timeout(120_000);
  let dir: string;
  let shards: string[];

  before(async () => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'aispec-merge-files-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n');
    cpSync(join(repoRoot, 'examples/support-triage'), join(dir, 'triage'), { recursive: true });
    shards = [];
    for (const i of [1, 2, 3]) {
      const run = await runCli(['eval', 'triage/support-triage.aispec.md', '--shard', `${i}/3`, '--json', `s${i}.json`, '--no-save', '-q'], { cwd: dir });
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      shards.push(join(dir, `s${i}.json`));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The merged file mergeRuns gives from these shard files, read whole. */
  async function inMemory(paths: string[], out: string): Promise<Buffer> {
    await writeResultsFile(out, mergeRuns(await Promise.all(paths.map(readRun))));
    return readFileSync(out);
  }

  it('writes the file mergeRuns writes, byte for byte, streaming the cases, in any order of the shards', async () => {
    for (const order of [[0, 1, 2], [2, 0, 1]]) {
      const paths = order.map((i) => shards[i]!);
      const merged = await mergeResultsFiles(paths, join(dir, 'streamed.json'));
      assert.equal(merged.streamed, true);
      const expected = await inMemory(paths, join(dir, 'in-memory.json'));
      assert.ok(readFileSync(join(dir, 'streamed.json')).equals(expected));
      assert.equal(merged.cases, (JSON.parse(expected.toString('utf8')) as { cases: unknown[] }).cases.length);
      assert.equal(merged.results.summary.verdict, (JSON.parse(expected.toString('utf8')) as { summary: { verdict: string } }).summary.verdict);
    }
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no case spill or temp file left');
  });

  it(`writes a merge of ${IN_PLACE_MIN_CASES.toLocaleString('en')} cases or more in place: the value mergeRuns gives, with spaces after the cases' [`, async () => {
    const big = join(dir, 'big');
    writeScaleProject(big, IN_PLACE_MIN_CASES);
    const paths: string[] = [];
    for (const i of [1, 2]) {
      const run = await runCli(['eval', `scale-${IN_PLACE_MIN_CASES}.aispec.md`, '--shard', `${i}/2`, '--json', `s${i}.json`, '--no-save', '-q'], { cwd: big });
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      paths.push(join(big, `s${i}.json`));
    }
    const merged = await mergeResultsFiles(paths, join(big, 'merged.json'));
    assert.equal(merged.streamed, true);
    assert.equal(merged.cases, IN_PLACE_MIN_CASES);
    const text = readFileSync(join(big, 'merged.json'), 'utf8');
    assert.match(text, /"cases": \[ {1000,}\n {4}\{/, 'the header, then the rest of its room as spaces');
    assert.deepEqual(JSON.parse(text), JSON.parse((await inMemory(paths, join(big, 'in-memory.json'))).toString('utf8')));
    assert.deepEqual(readdirSync(big).filter((name) => name.endsWith('.tmp')), [], 'no case spill or temp file left');
  });

  it('merges in memory, to the same file, a shard whose cases are out of spec order', async () => {
    const reversed = join(dir, 's2-reversed.json');
    const shard = JSON.parse(readFileSync(shards[1]!, 'utf8')) as { cases: unknown[] };
    await writeResultsFile(reversed, { ...shard, cases: [...shard.cases].reverse() });
    const paths = [shards[0]!, reversed, shards[2]!];
    const merged = await mergeResultsFiles(paths, join(dir, 'fallback.json'));
    assert.equal(merged.streamed, false);
    assert.ok(readFileSync(join(dir, 'fallback.json')).equals(await inMemory(paths, join(dir, 'in-memory.json'))));
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
  });

  it('refuses a shard given twice, and names a shard it cannot read, writing nothing', async () => {
    await assert.rejects(mergeResultsFiles([shards[0]!, shards[0]!, shards[1]!, shards[2]!], join(dir, 'twice.json')), MergeError);
    const cut = join(dir, 's3-cut.json');
    const text = readFileSync(shards[2]!, 'utf8');
    writeFileSync(cut, text.slice(0, text.length - 200));
    await assert.rejects(mergeResultsFiles([shards[0]!, shards[1]!, cut], join(dir, 'cut.json')), (error: unknown) => error instanceof ShardReadError && error.path === cut && /ends before its last value does/.test(error.message));
    assert.deepEqual(readdirSync(dir).filter((name) => name === 'twice.json' || name === 'cut.json' || name.endsWith('.tmp')), []);
  });
});
