// The rate gates' powers as the editor shows them (CodeLens titles) and the rates a saved run hands them.
import assert from 'node:assert/strict';
import { gatePowerLensTitle, gatePowerMessage, lastRunRates, rateGatePowers } from '../../../src/core/lint/index.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import type { RunResults } from '../../../src/shared/results.js';
import { loadResults } from '../report/fixtures.js';
import { FILE, FRONTMATTER, buildSpec } from './helpers.js';

const specWith = (gates: string) => parseSpec(buildSpec({ frontmatter: FRONTMATTER.replace('  pass_rate: 0.8', gates) }), FILE);

describe('rate gate powers', () => {
  it('reads every rate of a saved run by the gate name that would hold it', () => {
    const rates = lastRunRates(loadResults('binary'));
    assert.deepEqual(rates.pass_rate, { rate: 19 / 22, n: 22 });
    assert.deepEqual(rates['per_tag.adversarial'], { rate: 5 / 7, n: 7 });
    assert.deepEqual(rates['per_criterion.no-dosing'], { rate: 20 / 22, n: 22 });
    assert.deepEqual(rates['recall.refuse'], { rate: 10 / 11, n: 11 });
    // A precision's cases are the outputs predicted as the label: the label's column of the matrix.
    assert.deepEqual(rates['precision.answer'], { rate: 10 / 11, n: 11 });
    assert.deepEqual(rates.accuracy, { rate: 20 / 22, n: 22 });
  });

  it('leaves out what a results file holds that no run writes', () => {
    const run = loadResults('binary') as unknown as Record<string, unknown>;
    run.summary = { passed: 3, failed: 'x', pass_rate: 0.5 };
    run.by_tag = { edge: { rate: 7, n: 3 }, core: { rate: 0.5, n: -1 }, ok: { rate: null, n: 0 } };
    delete run.classification;
    assert.deepEqual(lastRunRates(run as unknown as RunResults), {
      'per_tag.ok': { rate: null, n: 0 },
      'per_criterion.no-dosing': { rate: 20 / 22, n: 22 },
      'per_criterion.points-to-professional': { rate: 21 / 22, n: 22 },
    });
    assert.deepEqual(lastRunRates(null as unknown as RunResults), {});
  });

  it('titles the CodeLens above each gate with n, what the bound needs, and the cases needed at the last rate', () => {
    const spec = specWith('  pass_rate: 0.8\n  per_tag: { core: 0.9, edge: 0.5 }\n  decide_on: lower_bound');
    const powers = rateGatePowers(spec, { pass_rate: { rate: 0.92, n: 20 }, 'per_tag.edge': { rate: 1, n: 5 } });
    assert.deepEqual(
      powers.map((p) => [p.name, gatePowerLensTitle(p)]),
      [
        ['pass_rate', 'n=20 · can pass only with ≥ 100% · ~43 cases needed at 0.92'],
        ['per_tag.core', 'n=5 · cannot pass (needs ≥ 35 cases)'],
        ['per_tag.edge', 'n=5 · can pass only with ≥ 100% · ~4 cases needed at 1'],
      ],
    );
  });

  it('titles a point gate with the rate that passes it and the rate that decides it', () => {
    const spec = parseSpec(buildSpec(), FILE);
    const [power] = rateGatePowers(spec, { pass_rate: { rate: 0.75, n: 20 } });
    assert.equal(gatePowerLensTitle(power!), 'n=20 · passes at ≥ 80% · decided only with ≥ 100% · no n clears it at 0.75');
    const [unsized] = rateGatePowers(specWith('  pass_rate: 1'));
    assert.equal(gatePowerLensTitle(unsized!), 'n=20 · passes at ≥ 100% · never decided');
    const [, precision] = rateGatePowers(specWith('  pass_rate: 0.8\n  precision: { answer: 0.8 }'));
    assert.equal(gatePowerLensTitle(precision!), 'n known after a run');
  });

  it('says when no case backs a gate', () => {
    const spec = specWith('  pass_rate: 0.8\n  per_tag: { missing: 0.9 }\n  precision: { answer: 0.8 }');
    const powers = rateGatePowers(spec, { 'precision.answer': { rate: null, n: 0 } });
    assert.deepEqual(
      powers.slice(1).map((p) => [gatePowerLensTitle(p), gatePowerMessage(p)]),
      [
        ['n=0 · no case backs it', 'per_tag.missing (n=0 cases tagged missing): no case backs this gate, so its rate is undefined and the gate fails; the 95% lower bound needs at least 35 cases, all passing, to clear 0.9.'],
        ['n=0 · no case backs it', 'precision.answer (n=0 outputs predicted as answer in the last run): no case backs this gate, so its rate is undefined and the gate fails; the 95% lower bound needs at least 16 cases, all passing, to clear 0.8.'],
      ],
    );
  });

  it('points at each gate\'s value in the frontmatter', () => {
    const spec = specWith('  pass_rate: 0.80');
    const [power] = rateGatePowers(spec);
    assert.equal(spec.text.slice(power!.range.start, power!.range.end), '0.80');
    assert.equal(power!.shown, '0.80');
  });
});
