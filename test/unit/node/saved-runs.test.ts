// Saved runs are read as files anyone may have written (edited by hand, cut short, committed in a pull
// request): readSavedRun refuses one that is too large before reading it, too deep before parsing it, not
// JSON, or not shaped like a run in what the editor and the history read, each with a one-line reason; the
// history (readPastRuns, used by eval --html and the editor's panel) skips such a file and keeps the rest.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SAVED_RUN_BYTES, readPastRuns, readSavedRun, runsFolder, savedRunProblem } from '../../../src/node/run-store.js';

function run(id: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'aispec-results',
    spec: { id: 'probe', file: 'a.aispec.md' },
    run: { id, started_at: `2026-01-0${id.slice(-1)}T00:00:00Z`, target: { provider: 'recorded' }, complete: true },
    summary: { total: 1, passed: 1, failed: 0, errors: 0, pass_rate: 1, verdict: 'ungated', gates: [] },
    cases: [{ id: 'a', status: 'pass', file: 'a.aispec.md', line: 12, reason: '' }],
    ...changes,
  };
}

describe('node: saved runs read as untrusted files', () => {
  let project: string;
  let folder: string;
  const specFile = () => join(project, 'a.aispec.md');
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'aispec-saved-runs-'));
    writeFileSync(join(project, 'package.json'), '{}\n');
    folder = runsFolder(specFile(), 'probe');
    mkdirSync(folder, { recursive: true });
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  const save = (name: string, content: string) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };
  const refusal = async (path: string): Promise<string> => {
    try {
      await readSavedRun(path);
    } catch (error) {
      const message = (error as Error).message;
      assert.ok(!message.includes('\n') && message.length <= 200, message);
      return message;
    }
    throw new Error(`${path} was read`);
  };

  it('reads a well-formed run', async () => {
    const path = save('r1.json', JSON.stringify(run('r1')));
    assert.deepEqual(await readSavedRun(path), run('r1'));
  });

  it('refuses a file that is not JSON or is cut short', async () => {
    assert.match(await refusal(save('a.json', 'not json at all')), /^it is not JSON/);
    assert.match(await refusal(save('b.json', '{"format": "aispec-results", "run": {')), /^it is not JSON/);
  });

  it('refuses every wrong shape the readers would trip over, naming what is wrong', async () => {
    const shapes: Array<[unknown, RegExp]> = [
      [[1, 2], /not a JSON object/],
      [null, /not a JSON object/],
      [{ ...run('r1'), format: 'other' }, /not an aispec results file/],
      [run('r1', { spec: 'probe' }), /"spec" object/],
      [run('r1', { run: null }), /no "run" object/],
      [run('r1', { run: { id: 7, started_at: [] } }), /string "id" and "started_at"/],
      [run('r1', { summary: 'x' }), /"summary" object/],
      [run('r1', { summary: { gates: [null] } }), /summary\.gates/],
      [run('r1', { cases: null }), /"cases" list/],
      [run('r1', { cases: [{ id: 'a', status: 'pass' }, 5] }), /^case 2 is not an object/],
      [run('r1', { cases: [{ id: 1, status: 'pass' }] }), /^case 1 has no string "id" and "status"/],
      [run('r1', { cases: [{ id: 'a', status: 'fail', file: {} }] }), /"file"/],
      [run('r1', { cases: [{ id: 'a', status: 'fail', line: 0.5 }] }), /"line"/],
      [run('r1', { cases: [{ id: 'a', status: 'fail', reason: ['x'] }] }), /"reason"/],
    ];
    for (const [data, reason] of shapes) {
      assert.match(savedRunProblem(data) ?? 'accepted', reason, JSON.stringify(data));
      assert.match(await refusal(save('shape.json', JSON.stringify(data))), reason);
    }
    assert.equal(savedRunProblem(run('r1')), undefined);
  });

  it('refuses JSON nested deeper than a run can be, before parsing it', async () => {
    const depth = 200_000;
    const deep = JSON.stringify(run('r1', { cases: '__deep__' })).replace('"__deep__"', `${'['.repeat(depth)}${']'.repeat(depth)}`);
    assert.match(await refusal(save('deep.json', deep)), /^it nests deeper than 128 levels/);
  });

  it('refuses a file over the size cap without reading it', async () => {
    const path = save('huge.json', '');
    truncateSync(path, MAX_SAVED_RUN_BYTES + 1); // sparse: no disk used, and reading it would take seconds
    assert.match(await refusal(path), /^it is 128 MB; a saved run is read up to 128 MB$/);
  });

  it('reads a larger run when the caller allows more (a re-run of a big run), still refusing past that', async () => {
    const path = save('big.json', JSON.stringify(run('r1')));
    assert.deepEqual(await readSavedRun(path, 1024), run('r1'));
    await assert.rejects(readSavedRun(path, 100), /^Error: it is 0 MB; a saved run is read up to 0 MB$/);
  });

  it('refuses a folder named like a run', async () => {
    mkdirSync(join(folder, 'folder.json'));
    assert.match(await refusal(join(folder, 'folder.json')), /^it is not a file$/);
  });

  it('readPastRuns skips each bad file with its reason and keeps the good runs, oldest first', async () => {
    save('r1.json', JSON.stringify(run('r1')));
    save('r2.json', '{"cut short');
    save('r3.json', JSON.stringify(run('r3', { cases: [null] })));
    save('r4.json', JSON.stringify(run('r4')));
    save('latest.json', 'not read by the history');
    const skipped: string[] = [];
    const runs = await readPastRuns(specFile(), 'probe', Infinity, (path, reason) => skipped.push(`${path.slice(folder.length + 1)}: ${reason}`));
    assert.deepEqual(runs.map((r) => r.run.id), ['r1', 'r4']);
    assert.equal(skipped.length, 2);
    assert.match(skipped[0]!, /^r2\.json: it is not JSON/);
    assert.match(skipped[1]!, /^r3\.json: case 1 is not an object$/);
  });
});
