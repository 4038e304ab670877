// The run store on disk: `.aispec/` keeps itself out of git from the moment it exists, and the history
// reader skips a past run it cannot use (cut short, edited, planted in a pull request), saying which.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSession } from '../../../src/node/run-session.js';
import { linkOrCopyFileAtomic } from '../../../src/node/results-file-write.js';
import { latestRunFile, listRuns, readPastRuns, runsChangeAt, runsFolder, saveRun } from '../../../src/node/run-store.js';
import { digestOf, fileHasDigest } from '../../../src/node/saved-digest.js';
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

  it('a saved run removes the temp files a killed run left in its runs folder a day or more ago, and no other', async () => {
    const folder = runsFolder(specFile, 'store-spec');
    mkdirSync(folder, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const spill = join(folder, `.cases.${gone}.0123456789ab.tmp`);
    const recent = join(folder, `.cases.${gone}.ba9876543210.tmp`);
    writeFileSync(spill, 'x');
    writeFileSync(recent, 'x');
    const twoDaysAgo = Date.now() / 1000 - 2 * 24 * 3600;
    utimesSync(spill, twoDaysAgo, twoDaysAgo);
    await saveRun(specFile, run('r1', '2026-01-01T00:00:00Z'));
    assert.deepEqual(readdirSync(folder).sort(), [`.cases.${gone}.ba9876543210.tmp`, 'latest.json', 'r1.json']);
  });

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

  describe('latest.json', () => {
    it('is the saved run under a second name (a hard link), replaced by the next run without touching the first', async () => {
      const first = await saveRun(specFile, run('2026-01-01', '2026-01-01T00:00:00Z'));
      assert.equal(first.latestBy, 'link');
      assert.equal(statSync(first.latest!).ino, statSync(first.path).ino, 'one file, two names');
      const firstText = readFileSync(first.path, 'utf8');
      const second = await saveRun(specFile, run('2026-01-02', '2026-01-02T00:00:00Z'));
      assert.equal(second.latest, first.latest);
      assert.equal(statSync(second.latest!).ino, statSync(second.path).ino);
      assert.equal(readFileSync(first.path, 'utf8'), firstText, 'the earlier run keeps its own content');
      assert.match(readFileSync(second.latest!, 'utf8'), /"id": "2026-01-02"/);
      assert.deepEqual(readdirSync(runsFolder(specFile, 'store-spec')).sort(), ['2026-01-01.json', '2026-01-02.json', 'latest.json'], 'no temp file is left');
    });

    it('has the digest saveRun returns, taken as the run was written, as the run file has', async () => {
      const saved = await saveRun(specFile, run('2026-01-01', '2026-01-01T00:00:00Z'));
      assert.deepEqual(saved.digest, digestOf(readFileSync(saved.path)));
      assert.equal(await fileHasDigest(saved.latest!, saved.digest), true);
      // A subset run leaves latest.json alone and still has its file's digest.
      const subset = run('2026-01-02', '2026-01-02T00:00:00Z');
      (subset.run as { filter?: unknown }).filter = { tags: ['edge'] };
      const savedSubset = await saveRun(specFile, subset);
      assert.equal(savedSubset.latest, undefined);
      assert.deepEqual(savedSubset.digest, digestOf(readFileSync(savedSubset.path)));
      assert.equal(await fileHasDigest(saved.latest!, saved.digest), true, 'latest.json is still the first run');
    });

    it('is a copy where the file system refuses the link, with the same bytes', async () => {
      const saved = await saveRun(specFile, run('2026-01-01', '2026-01-01T00:00:00Z'));
      const target = join(dir, 'copied.json');
      const refuse = () => Promise.reject(Object.assign(new Error('operation not permitted'), { code: 'EPERM' }));
      assert.equal(await linkOrCopyFileAtomic(saved.path, target, refuse), 'copy');
      assert.notEqual(statSync(target).ino, statSync(saved.path).ino, 'a file of its own');
      assert.deepEqual(readFileSync(target), readFileSync(saved.path));
      assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no temp file is left');
    });

    it('linked again to the file it already names leaves no temp file (rename of two names of one file is a no-op)', async () => {
      const saved = await saveRun(specFile, run('2026-01-01', '2026-01-01T00:00:00Z'));
      assert.equal(await linkOrCopyFileAtomic(saved.path, saved.latest!), 'link');
      assert.deepEqual(readdirSync(runsFolder(specFile, 'store-spec')).sort(), ['2026-01-01.json', 'latest.json']);
    });
  });

  describe('runsChangeAt: which specs\' runs a changed path under .aispec may concern', () => {
    it('a path in a runs folder, or the folder itself: the one spec whose runs folder it is (by its safe name)', () => {
      mkdirSync(join(dir, 'sub'));
      const other = join(dir, 'sub', 'o.aispec.md'); // same project: dir/.aispec
      for (const path of [latestRunFile(specFile, 'store-spec'), join(runsFolder(specFile, 'store-spec'), 'r1.json'), runsFolder(specFile, 'store-spec')]) {
        const change = runsChangeAt(path)!;
        assert.equal(change.aboveRunsFolders, false, path);
        assert.equal(change.concerns(specFile, 'store-spec'), true, path);
        assert.equal(change.concerns(specFile, 'store-spec-2'), false, path);
        assert.equal(change.concerns(other, 'store-spec'), true, `${path}: another spec file of the project with that id`);
      }
      // A spec id that is not a safe file name has its runs in the folder of its safe name.
      assert.equal(runsChangeAt(join(dir, '.aispec', 'runs', 'a_b', 'latest.json'))!.concerns(specFile, 'a/b'), true);
    });

    it('the .aispec folder, its runs folder or anything else in it: every spec of that .aispec folder', () => {
      mkdirSync(join(dir, 'nested'));
      writeFileSync(join(dir, 'nested', 'package.json'), '{}'); // a project of its own: dir/nested/.aispec
      const nested = join(dir, 'nested', 'n.aispec.md');
      for (const path of [join(dir, '.aispec'), join(dir, '.aispec', 'runs'), join(dir, '.aispec', 'runs') + '/', join(dir, '.aispec', 'cache', 'x')]) {
        const change = runsChangeAt(path)!;
        assert.equal(change.aboveRunsFolders, true, path);
        assert.equal(change.concerns(specFile, 'store-spec'), true, path);
        assert.equal(change.concerns(specFile, 'any-other'), true, path);
        assert.equal(change.concerns(nested, 'store-spec'), false, `${path}: not the nested project's .aispec`);
      }
      assert.equal(runsChangeAt(latestRunFile(nested, 'store-spec'))!.concerns(specFile, 'store-spec'), false);
      assert.equal(runsChangeAt(latestRunFile(nested, 'store-spec'))!.concerns(nested, 'store-spec'), true);
    });

    it('a path under no .aispec folder concerns none', () => {
      for (const path of [join(dir, 'runs', 'store-spec', 'latest.json'), join(dir, '.aispecs', 'runs', 'store-spec'), join(dir, 'x.aispec'), dir]) {
        assert.equal(runsChangeAt(path), undefined, path);
      }
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
