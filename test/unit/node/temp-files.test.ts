// A saved run removes the temp files a killed run left in its runs folder (temp-files.ts): only
// aispec's own temp names, only when their process is gone and nothing wrote them for a day.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ABANDONED_AFTER_MS, isTempFileName, processAlive, removeAbandonedTempFiles } from '../../../src/node/temp-files.js';

describe('node: temp files abandoned by killed runs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'aispec-abandoned-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A file in the folder, last written `ageMs` ago. */
  function file(name: string, ageMs: number): void {
    const path = join(dir, name);
    writeFileSync(path, 'x');
    const when = (Date.now() - ageMs) / 1000;
    utimesSync(path, when, when);
  }

  it('removes only aispec\'s temp files whose process is gone and that nothing wrote for a day', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has exited
    assert.equal(processAlive(gone), false);
    assert.equal(processAlive(process.pid), true);
    const old = ABANDONED_AFTER_MS + 60_000;
    file(`.cases.${gone}.0123456789ab.tmp`, old); // an in-place spill
    file(`.cases.${gone}.0123456789ab.3.tmp`, old); // a spill's segment
    file(`.2026-12-04T10-00-00-000Z.json.${gone}.abcdef012345.tmp`, old); // a results file being written
    file(`.latest.json.${gone}.abcdef012345.tmp`, old);
    file(`.cases.${gone}.fedcba987654.tmp`, ABANDONED_AFTER_MS - 60_000); // written within the day: maybe another machine's live run
    file(`.cases.${process.pid}.0123456789ab.tmp`, old); // this process's own
    file('2026-12-04T10-00-00-000Z.json', old); // a run
    file('latest.json', old);
    file(`notes.${gone}.0123456789ab.tmp`, old); // not a name aispec gives (no leading dot)
    file(`.cases.${gone}.0123456789.tmp`, old); // not a name aispec gives (10 hex digits)
    mkdirSync(join(dir, `.cases.${gone}.aaaaaaaaaaaa.tmp`)); // a folder
    const removed = await removeAbandonedTempFiles(dir);
    assert.deepEqual(removed.sort(), [`.2026-12-04T10-00-00-000Z.json.${gone}.abcdef012345.tmp`, `.cases.${gone}.0123456789ab.3.tmp`, `.cases.${gone}.0123456789ab.tmp`, `.latest.json.${gone}.abcdef012345.tmp`].sort());
    assert.deepEqual(readdirSync(dir).sort(), [`.cases.${gone}.0123456789.tmp`, `.cases.${gone}.aaaaaaaaaaaa.tmp`, `.cases.${gone}.fedcba987654.tmp`, `.cases.${process.pid}.0123456789ab.tmp`, '2026-12-04T10-00-00-000Z.json', 'latest.json', `notes.${gone}.0123456789ab.tmp`].sort());
  });

  it('tells aispec\'s temp names (spills, results files being written) from runs and other files', () => {
    for (const name of ['.cases.123.0123456789ab.tmp', '.cases.123.0123456789ab.7.tmp', '.latest.json.9.abcdef012345.tmp', '.2026-12-04T10-00-00-000Z.json.77.abcdef012345.tmp']) assert.equal(isTempFileName(name), true, name);
    for (const name of ['latest.json', '2026-12-04T10-00-00-000Z.json', 'latest.small.json', '.cases.123.0123456789.tmp', 'cases.123.0123456789ab.tmp', '.cases.x.0123456789ab.tmp', '.cases.123.0123456789ab.tmp.json']) assert.equal(isTempFileName(name), false, name);
  });

  it('leaves a file whose process still runs, however old, and says nothing of a folder that is not there', async () => {
    file('.cases.4242.0123456789ab.tmp', 10 * ABANDONED_AFTER_MS);
    assert.deepEqual(await removeAbandonedTempFiles(dir, Date.now(), (pid) => pid === 4242), []);
    assert.deepEqual(await removeAbandonedTempFiles(dir, Date.now(), () => false), ['.cases.4242.0123456789ab.tmp']);
    assert.deepEqual(await removeAbandonedTempFiles(join(dir, 'missing')), []);
  });
});
