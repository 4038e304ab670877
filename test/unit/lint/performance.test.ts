// Lint is linear in the number of cases: 10,000 cases lint in tens of milliseconds (the parse is measured
// by the bench, not here). The budget is loose so a loaded CI machine passes; a quadratic rule would not.
import assert from 'node:assert/strict';
import { lintSpec } from '../../../src/core/lint/index.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import { FRONTMATTER, buildSpec, makeCases, withCaseFile } from './helpers.js';

function medianLintMs(cases: number, runs: number): { median: number; diagnostics: number } {
  // Every 100th case is a duplicate (id and input) so the duplicate rules report and locate too.
  // The cases come from a JSONL file, which parses faster than YAML: this test times lint, not the parser.
  const jsonl = makeCases(cases, (i, c) => (i % 100 === 99 ? { ...c, id: `case-${i}`, input: `Question ${i} about returning an order` } : c))
    .map((c) => JSON.stringify(c))
    .join('\n');
  const spec = parseSpec(buildSpec({ frontmatter: `${FRONTMATTER}\ncases: cases.jsonl`, cases: null }), 'bench.aispec.md');
  withCaseFile(spec, 'cases.jsonl', jsonl, 'jsonl');
  const times: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    diagnostics = lintSpec(spec).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)]!, diagnostics };
}

describe('lint performance', function () {
  this.timeout(120_000);

  it('lints 10,000 cases in well under a second, linearly', () => {
    const small = medianLintMs(1_000, 15);
    const large = medianLintMs(10_000, 9);
    assert.equal(large.diagnostics, 201); // 100 duplicate ids + 100 duplicate inputs + gate-power on pass_rate
    assert.ok(large.median < 250, `10,000 cases took ${large.median.toFixed(1)} ms`);
    // Ten times the cases may cost more than ten times the time on a busy machine, but nowhere near 100x.
    assert.ok(large.median < Math.max(small.median, 0.5) * 40, `1,000: ${small.median.toFixed(2)} ms, 10,000: ${large.median.toFixed(2)} ms`);
  });
});
