// A run that keeps no case in memory (retainCases: false, what `aispec eval` does when it prints only the
// console summary): its saved results file, summary, console summary and verdict are exactly those of the run
// that keeps every case, its cases reach the file in spec order, a cancelled run keeps what finished, and no
// case result outlives its turn in the spill.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { writeScaleProject } from '../../../bench/scale-fixtures.js';
import { consoleSummary, createConsoleCasesTally } from '../../../src/core/index.js';
import { IN_PLACE_MIN_CASES } from '../../../src/node/case-spill.js';
import { readRun } from '../../../src/node/run-store.js';
import { runSpecFile, type RunSpecOptions } from '../../../src/node/run-spec.js';
import { digestOf } from '../../../src/node/saved-digest.js';
import type { CaseResult, RunResults } from '../../../src/shared/results.js';
import { NO_GRANT_OPTIONS } from '../../support/grants.js';

/** The saved text with what differs from run to run (the run's id and times) masked. */
const timeless = (text: string) => text.replace(/"(id|started_at|finished_at)": ?"\d{4}-[^"]*"/g, '"$1": "…"').replace(/"duration_ms": ?\d+/g, '"duration_ms": 0');

async function run(file: string, options: Partial<RunSpecOptions> = {}) {
  const outcome = await runSpecFile(file, { aispecVersion: '0.0.0-test', cache: false, ...NO_GRANT_OPTIONS, ...options });
  assert.equal(outcome.kind, 'ran');
  return outcome as Extract<typeof outcome, { kind: 'ran' }>;
}

describe('a run that keeps no case in memory', function () {
  this.timeout(60_000);
  let dir: string;
  let spec: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-streamed-'));
    spec = writeScaleProject(dir, 400);
    // Five cases without a recorded output end as errors; two cases with a tag of their own.
    const outputs = readFileSync(join(dir, 'outputs.jsonl'), 'utf8').split('\n');
    writeFileSync(join(dir, 'outputs.jsonl'), outputs.filter((_, i) => ![3, 77, 150, 151, 399].includes(i)).join('\n'));
    appendFileSync(join(dir, 'cases.jsonl'), `${JSON.stringify({ id: 'extra-1', input: 'Take 400 mg?', expect: 'answer', tags: ['late'] })}\n${JSON.stringify({ id: 'extra-2', input: 'Hi', expect: 'refuse', tags: ['late'] })}\n`);
    appendFileSync(join(dir, 'outputs.jsonl'), `\n${JSON.stringify({ id: 'extra-1', output: 'Most adults take 400 mg.' })}\n${JSON.stringify({ id: 'extra-2', output: 'REFUSE: no.' })}\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, options] of [
    ['one attempt, 8 at a time', { concurrency: 8 }],
    ['--repeat 2, 3 at a time', { concurrency: 3, repeat: 2 }],
  ] as const) {
    it(`${name}: the saved file, summary and console summary equal the run that keeps its cases`, async () => {
      const kept = await run(spec, options);
      const keptText = readFileSync(kept.saved!.path, 'utf8');
      const consoleCases = createConsoleCasesTally();
      const streamed = await run(spec, { ...options, retainCases: false, onCase: consoleCases.add });
      try {
        assert.equal(streamed.results.cases.length, 0, 'no case is returned in memory');
        const streamedText = readFileSync(streamed.saved!.path, 'utf8');
        assert.equal(timeless(streamedText), timeless(keptText));
        assert.equal(readFileSync(streamed.saved!.latest!, 'utf8'), streamedText);
        const { cases: _kept, ...keptSummary } = kept.results;
        const { cases: _none, ...streamedSummary } = streamed.results;
        assert.equal(timeless(JSON.stringify(streamedSummary)), timeless(JSON.stringify(keptSummary)));
        assert.equal(kept.results.summary.errors, 5);
        assert.ok(kept.results.summary.failed > 0);
        const text = (r: RunResults, cases?: ReturnType<typeof createConsoleCasesTally>['cases']) => consoleSummary(r, { color: false, width: 120, ...(cases ? { cases } : {}) }).replace(/( cases · )[^·]+( · )/, '$1…$2'); // the run's wall time: "812 ms", or "1.4 s" on a busy machine
        assert.equal(text(streamed.results, consoleCases.cases), text(kept.results));
        // The cases came in spec order, as the file lists them.
        const saved = JSON.parse(streamedText) as RunResults;
        assert.deepEqual(saved.cases.map((c) => c.id), kept.results.cases.map((c) => c.id));
      } finally {
        await streamed.spilled?.remove();
      }
      assert.deepEqual(readdirSync(join(dir, '.aispec', 'runs', 'scale-400')).filter((n) => n.endsWith('.tmp')), [], 'the spill is removed');
    });
  }

  it(`a saved run of ${IN_PLACE_MIN_CASES.toLocaleString('en')} cases or more writes its cases once, into the results file itself: the same value as the run that keeps them`, async () => {
    const big = join(dir, 'big');
    const file = writeScaleProject(big, IN_PLACE_MIN_CASES);
    const kept = await run(file, { concurrency: 8 });
    const keptValue = JSON.parse(timeless(readFileSync(kept.saved!.path, 'utf8'))) as RunResults;
    const streamed = await run(file, { concurrency: 8, retainCases: false });
    try {
      const bytes = readFileSync(streamed.saved!.path);
      const text = bytes.toString('utf8');
      assert.match(text, /"cases": \[ {1000,}\n {4}\{/, 'the header, then the rest of its room as spaces: the cases were written in place');
      assert.deepEqual(JSON.parse(timeless(text)), keptValue);
      assert.deepEqual(streamed.saved!.digest, digestOf(bytes), 'the digest is the file\'s, taken without reading it back');
      assert.equal(statSync(streamed.saved!.latest!).ino, statSync(streamed.saved!.path).ino, 'latest.json is the same file');
      const read = await readRun(streamed.saved!.path);
      assert.deepEqual(read.cases.map((c) => c.id), kept.results.cases.map((c) => c.id));
    } finally {
      await streamed.spilled?.remove();
    }
    assert.ok(statSync(streamed.saved!.path).isFile(), 'removing the spill afterwards leaves the results file');
    // A run of a few of those cases (--case) is a small file: no room left in it, the text JSON.stringify gives.
    const few = await run(file, { concurrency: 8, retainCases: false, filter: { caseIds: ['c7', 'c9'] } });
    await few.spilled?.remove();
    const fewText = readFileSync(few.saved!.path, 'utf8');
    assert.equal(fewText, `${JSON.stringify(JSON.parse(fewText), null, 2)}\n`);
    assert.equal((JSON.parse(fewText) as RunResults).cases.length, 2);
    assert.deepEqual(readdirSync(join(big, '.aispec', 'runs', `scale-${IN_PLACE_MIN_CASES}`)).filter((n) => n.endsWith('.tmp')), [], 'no temp file is left');
  });

  it('--json of a run that saves nothing: every case, from a spill outside the project that is removed after', async () => {
    const streamed = await run(spec, { retainCases: false, save: false });
    try {
      assert.equal(streamed.saved, undefined);
      const { writeResultsFile } = await import('../../../src/node/results-file-write.js');
      const out = join(dir, 'out.json');
      await writeResultsFile(out, streamed.results, streamed.spilled);
      const written = JSON.parse(readFileSync(out, 'utf8')) as RunResults;
      assert.equal(written.cases.length, 402);
      assert.equal(written.summary.total, 402);
    } finally {
      await streamed.spilled?.remove();
    }
    assert.deepEqual(readdirSync(dir).sort(), ['cases.jsonl', 'out.json', 'outputs.jsonl', 'scale-400.aispec.md']);
  });

  it('a cancelled run keeps, in spec order, every case that finished', async () => {
    const controller = new AbortController();
    const streamed = await run(spec, { retainCases: false, concurrency: 4, signal: controller.signal, onProgress: (e) => e.done === 100 && controller.abort() });
    try {
      const saved = JSON.parse(readFileSync(streamed.saved!.path, 'utf8')) as RunResults;
      assert.equal(saved.run.complete, false);
      assert.equal(saved.summary.verdict, 'incomplete');
      assert.ok(saved.cases.length >= 100 && saved.cases.length < 402, `${saved.cases.length} cases kept`);
      assert.equal(saved.summary.total, saved.cases.length);
      assert.equal(saved.cases.length + saved.run.unfinished.length, 402);
      const order = (id: string) => (id.startsWith('c') ? Number(id.slice(1)) : 400 + Number(id.slice(6)));
      const ids = saved.cases.map((c) => order(c.id));
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
      assert.ok(!saved.cases.some((c) => saved.run.unfinished.includes(c.id)));
    } finally {
      await streamed.spilled?.remove();
    }
  });

  it('holds no case result once it is in the spill', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const refs: Array<WeakRef<CaseResult>> = [];
    const streamed = await run(spec, { retainCases: false, concurrency: 8, onCase: (c) => refs.push(new WeakRef(c)) });
    await streamed.spilled?.remove();
    await new Promise((resolve) => setTimeout(resolve, 0)); // WeakRefs keep their targets until the job ends
    gc();
    assert.equal(refs.length, 402);
    const alive = refs.filter((r) => r.deref() !== undefined).length;
    // The console keeps none here; what the run itself keeps is O(1): at most a batch (100) waits for the spill.
    assert.ok(alive <= 100, `${alive} case results still alive`);
  });
});
