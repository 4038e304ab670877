// The memo of a cases block's items (src/core/spec/yaml-list-memo.ts) lets the editor's check worker read only
// the items an edit changed. A check through it must be exactly the check without it, whatever the edits: here
// 1,000 random edits (typing, deleting, copying and moving cases, breaking the simple shape and mending
// it) are parsed both ways and compared at every step, and checked both ways at every tenth.
import assert from 'node:assert/strict';
import { checkSpec } from '../../../src/core/check.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import type { SpecHost } from '../../../src/core/host.js';
import { readSimpleYamlList } from '../../../src/core/spec/simple-yaml-list.js';
import { YamlListMemo } from '../../../src/core/spec/yaml-list-memo.js';
import type { ParsedSpec } from '../../../src/core/spec/types.js';

const FILE = '/w/memo.aispec.md';
const host: SpecHost = {
  readFile: () => Promise.reject(new Error('no files here')),
  resolve: (_from, relative) => `/w/${relative}`,
};

/** A small deterministic generator (mulberry32), so a failure names the step that reproduces it. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEAD = '---\naispec: 1\nid: memo\ntitle: Memo\nlabels: [refuse, answer]\ntarget: { provider: openai, model: m }\n---\n\n# Memo\n\n## Goal\nAnswer.\n\n## Cases\n\n```yaml cases\n';
const TAIL = '```\n\n## Rubric\n\n```yaml rubric\n- id: polite\n  criterion: Is polite\n```\n';

function caseText(i: number, pick: () => number): string {
  const lines = [`- id: case-${i}`, `  input: "Question ${Math.floor(pick() * 500)} about an order"`, `  expect: ${pick() < 0.5 ? 'refuse' : 'answer'}`];
  if (pick() < 0.5) lines.push(`  tags: [t${Math.floor(pick() * 3)}, edge]`);
  return lines.join('\n') + '\n';
}

/**
 * The cases' fields as checks compare them; a locator is a function, compared by what it finds, for the
 * first, middle and last case (locating parses a case with `yaml`: every case at every step would be slow).
 */
function casesOf(spec: ParsedSpec) {
  const located = new Set([0, spec.cases.length >> 1, spec.cases.length - 1]);
  return spec.cases.map(({ locate, ...c }, i) => ({ ...c, at: located.has(i) ? [locate(['id']), locate(['expect']), locate(['tags', 1])] : [] }));
}

async function assertSameCheck(text: string, memo: YamlListMemo, step: number): Promise<void> {
  const [memoized, fresh] = [await checkSpec(FILE, host, { text, memo }), await checkSpec(FILE, host, { text })];
  const context = `step ${step}:\n${text}`;
  assert.deepEqual(memoized.diagnostics, fresh.diagnostics, context);
  assert.deepEqual(casesOf(memoized.spec), casesOf(fresh.spec), context);
  assert.deepEqual(
    memoized.spec.rubric.map(({ locate: _, ...r }) => r),
    fresh.spec.rubric.map(({ locate: _, ...r }) => r),
    context,
  );
}

/** The parse alone, both ways (cheap enough for every step; a check locates every problem it reports). */
function assertSameParse(text: string, memo: YamlListMemo, step: number): void {
  const [memoized, fresh] = [parseSpec(text, FILE, memo), parseSpec(text, FILE)];
  const context = `step ${step}:\n${text}`;
  assert.deepEqual(memoized.diagnostics, fresh.diagnostics, context);
  assert.deepEqual(
    memoized.cases.map(({ locate: _, ...c }) => c),
    fresh.cases.map(({ locate: _, ...c }) => c),
    context,
  );
}

describe('yaml-list-memo', () => {
  it('reads a block piece by piece to what readSimpleYamlList reads, or to undefined as it does', () => {
    const memo = new YamlListMemo();
    const texts = [
      '- id: a\n  input: x\n- id: b\n  input: y\n',
      '\n\n- id: a\n  input: x\n\n- id: b\n  input: y',
      '- id: a\n  input: x\n- id: a\n  input: x\n',
      '  input: x\n- id: a\n',
      '- id: a\n  input: "x: y"\n-\n',
      '- id: a\n  id: b\n',
      '',
      '\n\n',
      '- [a, b]\n',
    ];
    for (const text of texts) {
      memo.nextGeneration();
      assert.deepEqual(memo.read(text), readSimpleYamlList(text), JSON.stringify(text));
      memo.nextGeneration();
      assert.deepEqual(memo.read(text), readSimpleYamlList(text), `${JSON.stringify(text)}, again`);
    }
  });

  it('gives two copies of one case values of their own, as a fresh read does', () => {
    const memo = new YamlListMemo();
    const read = memo.read('- id: a\n  tags: [x]\n- id: a\n  tags: [x]\n')!;
    assert.notEqual(read.values[0], read.values[1]);
    assert.notEqual(read.values[0]!.tags, read.values[1]!.tags);
  });

  it('forgets the pieces no recent check read', () => {
    const memo = new YamlListMemo();
    for (let round = 0; round < 20; round++) {
      memo.nextGeneration();
      memo.read(Array.from({ length: 100 }, (_, i) => `- id: r${round}-${i}\n`).join(''));
    }
    assert.ok(memo.size <= 2 * 200 + 256 + 100, `${memo.size} pieces kept`);
  });

  it('checks exactly as a check without it, through 1,000 random edits', async function () {
    this.timeout(120_000);
    const pick = random(15);
    let cases = Array.from({ length: 30 }, (_, i) => caseText(i, pick));
    const memo = new YamlListMemo();
    let simpleSteps = 0; // steps whose block the memo reads (else the block is read as without it)
    const steps = Number(process.env.MEMO_STEPS ?? 1000);
    for (let step = 0; step < steps; step++) {
      const at = Math.floor(pick() * cases.length);
      const roll = pick();
      if (roll < 0.25 && cases.length > 0) {
        // Typing in a case: mostly a letter at the end of one of its lines (it stays of the simple shape),
        // else any character added or removed anywhere (it may break the shape).
        const text = cases[at]!;
        if (pick() < 0.7) {
          const lineEnds = [...text.matchAll(/(?<=[a-z0-9])\n/g)].map((m) => m.index);
          const p = lineEnds[Math.floor(pick() * lineEnds.length)] ?? text.length;
          cases[at] = text.slice(0, p) + 'xyz'[Math.floor(pick() * 3)] + text.slice(p);
        } else {
          const p = Math.floor(pick() * text.length);
          const chars = 'ab z-:#"\'\n\t[],0é';
          cases[at] = pick() < 0.6 ? text.slice(0, p) + chars[Math.floor(pick() * chars.length)] + text.slice(p) : text.slice(0, p) + text.slice(p + 1);
        }
      } else if (roll < 0.35) {
        cases.splice(at, 0, caseText(Math.floor(pick() * 40), pick)); // a new case (ids may repeat)
      } else if ((roll < 0.43 || cases.length > 40) && cases.length > 1) {
        // (also whenever the block grew past 40 cases: a check stays a few milliseconds)
        cases.splice(at, 1);
      } else if (roll < 0.5 && cases.length > 0) {
        cases.splice(Math.floor(pick() * cases.length), 0, cases[at]!); // a copied case
      } else if (roll < 0.57 && cases.length > 1) {
        const [moved] = cases.splice(at, 1);
        cases.splice(Math.floor(pick() * cases.length), 0, moved!);
      } else if (roll < 0.65) {
        cases[at] = caseText(at, pick); // a case rewritten (mends one broken by typing)
      } else if (roll < 0.7) {
        cases.splice(at, 0, '\n'); // a blank line between cases
      } else if (roll < 0.73 && cases.length > 0) {
        cases[at] = cases[at]!.replace(/\n$/, ''); // two cases' lines run together
      } else if (roll < 0.93) {
        cases = cases.filter((c) => c.endsWith('\n') && readSimpleYamlList(c) !== undefined); // the cases typing broke go
      } else {
        cases[at] = caseText(at, pick).replace('- id', '-  id'); // not the simple shape: js-yaml reads the block
      }
      const text = HEAD + cases.join('') + TAIL;
      if (readSimpleYamlList(cases.join('')) !== undefined) simpleSteps++;
      if (step % 10 === 9) await assertSameCheck(text, memo, step);
      else assertSameParse(text, memo, step);
    }
    // Not a test of the fallback alone: most steps went through the memo.
    assert.ok(simpleSteps > steps / 3, `${simpleSteps} of ${steps} steps of the simple shape`);
  });
});
