// Lint at scale: 10,000 cases, with duplicates spread through them, are linted and every duplicate is
// reported once. How long it takes is measured by `npm run bench:check` (parse + validate + lint at 100,
// 1,000 and 10,000 cases, printed as medians and the 10k/1k ratio), never asserted here: a test that times
// itself fails on a busy machine for no fault of the code.
import assert from 'node:assert/strict';
import { lintSpec } from '../../../src/core/lint/index.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import { FRONTMATTER, buildSpec, makeCases, withCaseFile } from './helpers.js';

function lintDiagnostics(cases: number): number {
  // Every 100th case is a duplicate (id and input) so the duplicate rules report and locate too.
  // The cases come from a JSONL file, which parses faster than YAML.
  const jsonl = makeCases(cases, (i, c) => (i % 100 === 99 ? { ...c, id: `case-${i}`, input: `Question ${i} about returning an order` } : c))
    .map((c) => JSON.stringify(c))
    .join('\n');
  const spec = parseSpec(buildSpec({ frontmatter: `${FRONTMATTER}\ncases: cases.jsonl`, cases: null }), 'bench.aispec.md');
  withCaseFile(spec, 'cases.jsonl', jsonl, 'jsonl');
  return lintSpec(spec).length;
}

describe('lint at scale', function () {
  this.timeout(120_000);

  it('reports every duplicate among 10,000 cases once', () => {
    assert.equal(lintDiagnostics(1_000), 21); // 10 duplicate ids + 10 duplicate inputs + gate-power on pass_rate
    assert.equal(lintDiagnostics(10_000), 201); // 100 + 100 + 1
  });
});
