// The run store on disk: `.aispec/` keeps itself out of git from the moment it exists, and the history
// reader skips a past run it cannot use (cut short, edited, planted in a pull request), saying which.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession } from '../../../src/node/run-session.js';
import { latestRunFile, listRuns, readPastRuns, runsFolder, saveRun } from '../../../src/node/run-store.js';
import type { RunResults } from '../../../src/shared/results.js';

function run(id: string, startedAt: string): RunResults {
  return {
    format: 'aispec-results',
    spec: { id: 'store-spec' },
    run: { id, started_at: startedAt },
    summary: { passed: 1, failed: 0 },
    cases: [],
  } as unknown as RunResults;
}

describe('run store', () => {
  let dir: string;
  let specFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-store-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n'); // marks the project root
    specFile = join(dir, 's.aispec.md');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('.aispec/.gitignore', () => {
    it('is written with "*" when saving a run creates .aispec/', async () => {
      await saveRun(specFile, run('r1', '2026-01-01T00:00:00Z'));
      assert.equal(readFileSync(join(dir, '.aispec', '.gitignore'), 'utf8'), '*\n');
    });

    it('is written with "*" when opening a run session creates .aispec/', async () => {
      await openSession(specFile, { specId: 'store-spec', targetFingerprint: 't', repeat: 1, selection: {} });
      assert.equal(readFileSync(join(dir, '.aispec', '.gitignore'), 'utf8'), '*\n');
    });

    it('is not added to an .aispec/ that already exists (a project that removed it keeps its choice)', async () => {
      mkdirSync(join(dir, '.aispec'));
      await saveRun(specFile, run('r1', '2026-01-01T00:00:00Z'));
      assert.equal(existsSync(join(dir, '.aispec', '.gitignore')), false);
    });
  });

  describe('readPastRuns', () => {
    it('skips malformed past runs with a reason each and returns the rest, oldest first', async () => {
      await saveRun(specFile, run('2026-01-02', '2026-01-02T00:00:00Z'));
      await saveRun(specFile, run('2026-01-04', '2026-01-04T00:00:00Z'));
      const folder = runsFolder(specFile, 'store-spec');
      writeFileSync(join(folder, '2026-01-01.json'), '{"format": "aispec-res');
      writeFileSync(join(folder, '2026-01-03.json'), JSON.stringify({ format: 'aispec-results', run: { id: 5, started_at: {} }, summary: null }));
      const skipped: string[] = [];
      const runs = await readPastRuns(specFile, 'store-spec', 50, (path, reason) => skipped.push(`${path.slice(folder.length + 1)}: ${reason}`));
      assert.deepEqual(runs.map((r) => r.run.id), ['2026-01-02', '2026-01-04']);
      assert.equal(skipped.length, 2);
      assert.match(skipped[0]!, /^2026-01-01\.json: .*JSON/);
      assert.match(skipped[1]!, /^2026-01-03\.json: .*"id"/);
    });
  });

  describe('runs of a spec comparing several targets', () => {
    const ofTarget = (id: string, name: string): RunResults => {
      const r = run(id, `${id.slice(0, 10)}T00:00:00Z`);
      (r.run as { target?: unknown }).target = { provider: 'recorded', name };
      return r;
    };

    it('keep a latest.<target>.json per target and leave latest.json to one-target specs', async () => {
      const saved = await saveRun(specFile, ofTarget('2026-01-02-small', 'small'));
      await saveRun(specFile, ofTarget('2026-01-02-large', 'large'));
      assert.equal(saved.latest, latestRunFile(specFile, 'store-spec', 'small'));
      const names = readdirSync(runsFolder(specFile, 'store-spec')).sort();
      assert.deepEqual(names, ['2026-01-02-large.json', '2026-01-02-small.json', 'latest.large.json', 'latest.small.json']);
      assert.equal((await listRuns(specFile, 'store-spec')).length, 2, 'the latest files are not past runs');
    });

    it('give each target its own history', async () => {
      await saveRun(specFile, run('2026-01-01', '2026-01-01T00:00:00Z'));
      await saveRun(specFile, ofTarget('2026-01-02-small', 'small'));
      await saveRun(specFile, ofTarget('2026-01-02-large', 'large'));
      await saveRun(specFile, ofTarget('2026-01-03-small', 'small'));
      const ids = async (name?: string) => (await readPastRuns(specFile, 'store-spec', 50, () => assert.fail('nothing to skip'), name)).map((r) => r.run.id);
      assert.deepEqual(await ids('small'), ['2026-01-02-small', '2026-01-03-small']);
      assert.deepEqual(await ids('large'), ['2026-01-02-large']);
      assert.deepEqual(await ids(), ['2026-01-01']);
    });
  });
});
