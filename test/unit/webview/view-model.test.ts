// The results panel's view model under plain mocha: a slice recomputes exactly what the engine's summarize()
// would report for those cases (so the panel and the CLI never disagree), a matrix cell's filter keeps
// exactly the cases it counts, filters and sorts behave, and the virtual window math is right.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { summarize } from '../../../src/core/eval/summarize.js';
import { defaultViewState, type CaseTableFilter, type SortKey } from '../../../src/shared/messages.js';
import type { CaseResult, RunResults } from '../../../src/shared/results.js';
import { buildIndex, fieldValues, filterCases, sliceCases, sliceFields, sortCases, tableRows, UNPARSED } from '../../../src/webview/model/cases.js';
import { classificationFor, histogram, rateOf, recallInterval, thresholdCurve, thresholdPoint, usageStats } from '../../../src/webview/model/metrics.js';
import { rowAt, rowTop, scrollToRow, virtualWindow } from '../../../src/webview/model/virtual.js';
import { example, type Example } from './fixtures.js';

const filter = (patch: Partial<CaseTableFilter> = {}): CaseTableFilter => ({ ...defaultViewState().filter, ...patch });

describe('webview view model', () => {
  for (const name of ['triage', 'health'] as Example[]) {
    describe(`on the ${name} example`, () => {
      let results: RunResults;
      let config: Awaited<ReturnType<typeof example>>['config'];
      before(async () => ({ results, config } = await example(name)));

      it('recomputes the whole run to exactly the classification the CLI reported', () => {
        const labels = results.classification!.labels;
        assert.deepEqual(classificationFor(results.cases, labels), results.classification);
      });

      it('per-class intervals: the engine\'s recall_ci95 is the interval the panel computes for older files', () => {
        const c = results.classification!;
        for (const label of c.labels) {
          assert.deepEqual(c.per_class[label]!.recall_ci95, recallInterval(c, label), label);
          assert.ok(c.per_class[label]!.precision_ci95 === null || c.per_class[label]!.precision_ci95!.length === 2, label);
        }
      });

      it('recomputes every slice (tag, status, labels, meta.*) to what summarize() reports for those cases', () => {
        const labels = results.classification!.labels;
        const fields = sliceFields(results.cases);
        assert.ok(fields.some((f) => f.field === 'tag'));
        if (name === 'triage') assert.ok(fields.some((f) => f.field.startsWith('meta.')), 'meta fields are sliceable');
        let slices = 0;
        for (const f of fields) {
          for (const { value, count } of f.values) {
            const cases = sliceCases(results.cases, { field: f.field, value });
            assert.equal(cases.length, count, `${f.field}=${value} count`);
            const engine = summarize(cases, config, { complete: true });
            assert.deepEqual(classificationFor(cases, labels), engine.classification, `${f.field}=${value}`);
            const rate = rateOf(cases);
            assert.equal(rate.rate, engine.summary.pass_rate);
            assert.deepEqual(rate.ci95, engine.summary.pass_rate_ci95);
            slices++;
          }
        }
        assert.ok(slices > 10, `only ${slices} slices`);
      });

      it('a tag slice has the pass rate and interval of by_tag', () => {
        for (const [tag, stat] of Object.entries(results.by_tag)) {
          assert.deepEqual(rateOf(sliceCases(results.cases, { field: 'tag', value: tag })), stat);
        }
      });

      it('a matrix cell filter keeps exactly the cases the cell counts (unparsed too), also within a slice', () => {
        const index = buildIndex(results, null);
        const check = (c: NonNullable<RunResults['classification']>, slice: { field: string; value: string } | null) => {
          c.labels.forEach((expected, i) => {
            c.labels.forEach((predicted, j) => {
              assert.equal(filterCases(index, filter({ expected, predicted }), slice).length, c.matrix[i]![j], `${expected}→${predicted}`);
            });
            assert.equal(filterCases(index, filter({ expected, unparsed: true }), slice).length, c.unparsed[i], `${expected}→unparsed`);
            assert.equal(filterCases(index, filter({ expected }), slice).length, c.per_class[expected]!.support);
          });
        };
        check(results.classification!, null);
        const slice = { field: 'tag', value: name === 'triage' ? 'edge' : 'adversarial' };
        check(classificationFor(sliceCases(results.cases, slice), results.classification!.labels), slice);
      });

      it('criterion and anti-pattern filters match by_criterion failures and anti_patterns cases', () => {
        const index = buildIndex(results, null);
        for (const [id, stat] of Object.entries(results.by_criterion)) {
          assert.equal(filterCases(index, filter({ criterion: id }), null).length, stat.failed + stat.errors, id);
        }
        for (const [id, ap] of Object.entries(results.anti_patterns)) {
          const ids = filterCases(index, filter({ antiPattern: id }), null).map((i) => results.cases[i]!.id);
          assert.deepEqual(ids, [...new Set(ap.cases)].sort((a, b) => results.cases.findIndex((c) => c.id === a) - results.cases.findIndex((c) => c.id === b)));
        }
      });
    });
  }

  it('the binary threshold curve for the first label is the engine’s curve; one-vs-rest stays within the data', async () => {
    const { results } = await example('health');
    const labels = results.classification!.labels;
    const curve = thresholdCurve(results.cases, labels, labels[0]!)!;
    assert.deepEqual(curve.points.map((p) => ({ threshold: p.threshold, precision: p.precision, recall: p.recall })), results.classification!.scores!.curve);
    assert.equal(curve.rocAuc, results.classification!.scores!.roc_auc);
    const { results: triage } = await example('triage');
    const tl = triage.classification!.labels;
    const abuse = thresholdCurve(triage.cases, tl, 'abuse')!;
    assert.ok(abuse.points.length > 0);
    // At the lowest threshold every "abuse" prediction is acted on: recall is the matrix's recall.
    assert.equal(abuse.points[0]!.recall, triage.classification!.per_class.abuse!.recall);
    assert.equal(abuse.points[0]!.precision, triage.classification!.per_class.abuse!.precision);
    const at = thresholdPoint(triage.cases, tl, 'abuse', 0)!;
    assert.equal(at.recall, triage.classification!.per_class.abuse!.recall);
  });

  it('has no threshold curve when a case lacks a confidence score', async () => {
    const { results } = await example('health');
    delete results.cases[3]!.confidence;
    assert.equal(thresholdCurve(results.cases, results.classification!.labels, 'refuse'), null);
  });

  describe('filter, search and sort', () => {
    const mk = (id: string, status: CaseResult['status'], extra: Partial<CaseResult> = {}): CaseResult => ({
      id, status, input: `input of ${id}`, output: `Output ${id}`, tags: [], reason: '', checks: [], criteria: [], anti_patterns: [], score: null,
      latency_ms: null, usage: null, cost_usd: null, cached: false, file: 'spec.aispec.md', line: 1, ...extra,
    });
    const results = {
      classification: { labels: ['a', 'b'] },
      cases: [
        mk('c1', 'pass', { latency_ms: 300, expected: 'a', predicted: 'a', tags: ['core'], meta: { channel: 'web', vip: true } }),
        mk('c2', 'fail', { latency_ms: 100, expected: 'a', predicted: 'b', reason: 'Predicted B', tags: ['edge'], meta: { channel: 'email', vip: false } }),
        mk('c3', 'error', { expected: 'b', predicted: null, reason: 'timeout' }),
        mk('c4', 'fail', { latency_ms: 200, expected: 'b', predicted: 'nonsense', input: [{ role: 'user', content: 'Chat ÄÖ' }], meta: { channel: 'web' } }),
        mk('c5', 'pass', { latency_ms: 100, expected: 'b', predicted: 'b', tags: ['core', 'edge'] }),
      ],
    } as unknown as RunResults;
    const index = buildIndex(results, null);
    const ids = (rows: number[]) => rows.map((i) => results.cases[i]!.id);

    it('filters by status, with "not passing" = fail + error', () => {
      assert.deepEqual(ids(filterCases(index, filter({ status: 'pass' }), null)), ['c1', 'c5']);
      assert.deepEqual(ids(filterCases(index, filter({ status: 'not-pass' }), null)), ['c2', 'c3', 'c4']);
      assert.deepEqual(ids(filterCases(index, filter({ status: 'error' }), null)), ['c3']);
    });

    it('searches id, input (chat too), output and reason, case-insensitively', () => {
      assert.deepEqual(ids(filterCases(index, filter({ search: 'predicted b' }), null)), ['c2']);
      assert.deepEqual(ids(filterCases(index, filter({ search: 'chat äö' }), null)), ['c4']);
      assert.deepEqual(ids(filterCases(index, filter({ search: '  OUTPUT C5 ' }), null)), ['c5']);
    });

    it('cell filters skip errored cases and treat a non-label prediction as unparsed', () => {
      assert.deepEqual(ids(filterCases(index, filter({ expected: 'b', unparsed: true }), null)), ['c4']);
      assert.deepEqual(ids(filterCases(index, filter({ expected: 'b' }), null)), ['c4', 'c5']);
      assert.deepEqual(ids(filterCases(index, filter({ predicted: 'b' }), null)), ['c2', 'c5']);
    });

    it('slices by tag, meta values (booleans as text) and the unparsed prediction', () => {
      assert.deepEqual(ids(filterCases(index, filter(), { field: 'tag', value: 'edge' })), ['c2', 'c5']);
      assert.deepEqual(ids(filterCases(index, filter(), { field: 'meta.channel', value: 'web' })), ['c1', 'c4']);
      assert.deepEqual(ids(filterCases(index, filter(), { field: 'meta.vip', value: 'false' })), ['c2']);
      assert.deepEqual(fieldValues(results.cases[2]!, 'predicted'), [UNPARSED]);
      const fields = sliceFields(results.cases).map((f) => f.field);
      assert.ok(fields.includes('meta.channel') && fields.includes('meta.vip') && fields.includes('tag'));
    });

    it('sorts stably, missing values last in both directions', () => {
      const all = filterCases(index, filter(), null);
      assert.deepEqual(ids(sortCases(index, all, 'latency', 'asc')), ['c2', 'c5', 'c4', 'c1', 'c3']);
      assert.deepEqual(ids(sortCases(index, all, 'latency', 'desc')), ['c1', 'c4', 'c2', 'c5', 'c3']);
      assert.deepEqual(ids(sortCases(index, all, 'status', 'asc')), ['c2', 'c4', 'c3', 'c1', 'c5']);
      assert.deepEqual(ids(sortCases(index, all, 'order', 'desc')), ['c5', 'c4', 'c3', 'c2', 'c1']);
      assert.deepEqual(ids(tableRows(index, filter({ status: 'not-pass' }), null, { key: 'id', dir: 'desc' })), ['c4', 'c3', 'c2']);
    });

    it('sorting is a permutation for every key and direction (property)', () => {
      const keys: SortKey[] = ['order', 'status', 'id', 'expected', 'predicted', 'score', 'confidence', 'latency', 'cost', 'tokens'];
      fc.assert(
        fc.property(fc.constantFrom(...keys), fc.boolean(), fc.subarray([0, 1, 2, 3, 4]), (key, asc, subset) => {
          const sorted = sortCases(index, subset, key, asc ? 'asc' : 'desc');
          assert.deepEqual([...sorted].sort(), [...subset].sort());
        }),
      );
    });

    it('flip filters use the diff', () => {
      const flipped = buildIndex(results, { newlyFailing: [{ id: 'c2' }], newlyPassing: [{ id: 'c5' }], otherChanges: [{ id: 'c3' }] } as never);
      assert.deepEqual(ids(filterCases(flipped, filter({ flip: 'newly-failing' }), null)), ['c2']);
      assert.deepEqual(ids(filterCases(flipped, filter({ flip: 'changed' }), null)), ['c2', 'c3', 'c5']);
    });
  });

  describe('virtual window', () => {
    const base = { count: 10_000, rowHeight: 30, scrollTop: 0, viewportHeight: 600, overscan: 5, expandedIndex: -1, expandedHeight: 0 };

    it('draws the rows in view plus the overscan, with spacers for the rest', () => {
      const w = virtualWindow({ ...base, scrollTop: 30_000 });
      assert.equal(w.start, 1000 - 5);
      assert.equal(w.end, 1020 + 5);
      assert.equal(w.padTop, 995 * 30);
      assert.equal(w.padTop + (w.end - w.start) * 30 + w.padBottom, w.totalHeight);
      assert.equal(w.totalHeight, 300_000);
    });

    it('clamps at both ends and handles an empty table', () => {
      assert.deepEqual(virtualWindow({ ...base, scrollTop: -50 }).start, 0);
      const end = virtualWindow({ ...base, scrollTop: 10 ** 9 });
      assert.equal(end.end, 10_000);
      assert.equal(end.padBottom, 0);
      assert.deepEqual(virtualWindow({ ...base, count: 0 }), { start: 0, end: 0, padTop: 0, padBottom: 0, totalHeight: 0 });
    });

    it('an expanded row pushes the later rows down by its detail height and stays drawn while in view', () => {
      const e = { ...base, expandedIndex: 100, expandedHeight: 400 };
      assert.equal(rowTop(101, e), 101 * 30 + 400);
      assert.equal(rowAt(100 * 30 + 30 + 399, { ...e }), 100, 'inside the detail');
      assert.equal(rowAt(101 * 30 + 400, { ...e }), 101);
      // Scrolled into the middle of the detail: the expanded row (above the viewport) is still drawn.
      const w = virtualWindow({ ...e, overscan: 0, scrollTop: 100 * 30 + 200 });
      assert.equal(w.start, 100);
      assert.equal(w.padTop + (w.end - w.start) * 30 + 400 + w.padBottom, w.totalHeight);
    });

    it('spacers and drawn rows always add up to the total height, and the viewport is covered (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 20_000 }),
          fc.integer({ min: 10, max: 60 }),
          fc.integer({ min: 0, max: 2_000_000 }),
          fc.integer({ min: 50, max: 2000 }),
          fc.integer({ min: -1, max: 20_000 }),
          fc.integer({ min: 0, max: 3000 }),
          (count, rowHeight, scrollTop, viewportHeight, expanded, expandedHeight) => {
            const input = { count, rowHeight, scrollTop, viewportHeight, overscan: 3, expandedIndex: expanded < count ? expanded : -1, expandedHeight };
            const w = virtualWindow(input);
            const ex = input.expandedIndex >= w.start && input.expandedIndex < w.end ? expandedHeight : 0;
            assert.equal(w.padTop + (w.end - w.start) * rowHeight + ex + w.padBottom, w.totalHeight);
            assert.ok(w.start >= 0 && w.end <= count && w.start <= w.end);
            if (count > 0) {
              const top = Math.max(0, Math.min(scrollTop, w.totalHeight - viewportHeight));
              assert.ok(w.padTop <= top + 1e-9, 'first drawn row starts at or above the viewport');
              assert.ok(w.totalHeight - w.padBottom >= Math.min(w.totalHeight, top + viewportHeight) - 1e-9, 'drawn rows reach the viewport bottom');
            }
          },
        ),
      );
    });

    it('scrollToRow brings a row into view and leaves visible rows alone', () => {
      assert.equal(scrollToRow(50, { ...base, scrollTop: 0 }), 51 * 30 - 600);
      assert.equal(scrollToRow(5, { ...base, scrollTop: 300 }), 150);
      assert.equal(scrollToRow(12, { ...base, scrollTop: 300 }), 300);
    });
  });

  it('histogram bins count every finite value exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 300 }), (values) => {
        const hist = histogram(values, 20);
        assert.equal(hist.counts.reduce((a, b) => a + b, 0), values.length);
        assert.equal(hist.edges.length, values.length ? hist.counts.length + 1 : 0);
        for (const v of values) assert.ok(v >= hist.edges[0]! && v <= hist.edges[hist.edges.length - 1]!);
      }),
    );
  });

  it('histogram edges enclose the data despite rounding (1.1 / 0.1 is 11.000000000000002)', () => {
    const hist = histogram([1.1, 3], 20);
    assert.ok(hist.edges[0]! <= 1.1 && hist.edges[hist.edges.length - 1]! >= 3);
    assert.equal(hist.counts[0], 1);
    assert.deepEqual(histogram([5e-324, 0], 20).counts.reduce((a, b) => a + b, 0), 2);
  });

  it('usage stats: mean tokens per case and cost percentiles', async () => {
    const { results } = await example('triage');
    const u = usageStats(results.cases);
    assert.equal(u.n, results.cases.length);
    assert.equal(Math.round(u.meanInput! * results.cases.length), results.cost.input_tokens);
  });
});
