// Reading the rates of a spec's latest saved run for the gate-power lint: from latest.json, read again only
// when the file changes, and "no run" for a file that is missing or not a results file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLastRunRates } from '../../../src/node/last-run-rates.js';
import { loadResults } from '../report/fixtures.js';

describe('readLastRunRates', () => {
  let dir: string;
  let spec: string;
  let latest: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-last-run-'));
    writeFileSync(join(dir, 'package.json'), '{}\n'); // marks the project root
    spec = join(dir, 'a.aispec.md');
    mkdirSync(join(dir, '.aispec/runs/spec-a'), { recursive: true });
    latest = join(dir, '.aispec/runs/spec-a/latest.json');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is undefined without a saved run', async () => {
    assert.equal(await readLastRunRates(spec, 'spec-a'), undefined);
  });

  it('reads the rates of latest.json, and again once the file changes', async () => {
    const run = loadResults('binary');
    writeFileSync(latest, JSON.stringify(run));
    assert.deepEqual((await readLastRunRates(spec, 'spec-a'))?.pass_rate, { rate: 19 / 22, n: 22 });
    run.summary.passed = 20;
    run.summary.failed = 2;
    run.summary.pass_rate = 20 / 22;
    writeFileSync(latest, JSON.stringify(run));
    const later = new Date(Date.now() + 5_000);
    utimesSync(latest, later, later);
    assert.deepEqual((await readLastRunRates(spec, 'spec-a'))?.pass_rate, { rate: 20 / 22, n: 22 });
  });

  it('takes a file that is not a results file for no run', async () => {
    writeFileSync(latest, '{"format": "something-else"}');
    assert.equal(await readLastRunRates(spec, 'spec-a'), undefined);
    writeFileSync(latest, '{ cut sho');
    const later = new Date(Date.now() + 5_000);
    utimesSync(latest, later, later);
    assert.equal(await readLastRunRates(spec, 'spec-a'), undefined);
  });
});
