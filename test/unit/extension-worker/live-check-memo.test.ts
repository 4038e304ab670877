// live-check.ts's memos (what answers a keystroke's check of a large spec by reading only the cases it changed):
// kept for a few open specs, and never taken by a check of a spec on disk (the Test Explorer resolving closed
// specs), which would evict the memos of the specs being typed in. Answered here in-process, as the worker does.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerRequest, memoizedSpecs } from '../../../src/extension/live-check.js';

const spec = (id: string) => `---
aispec: 1
id: ${id}
title: Memo test
labels: [yes, no]
target: { provider: openai, model: m }
---

# Memo test

## Goal
Answer yes or no.

## Cases

\`\`\`yaml cases
- id: one
  input: Is it?
  expect: yes
- id: two
  input: Is it not?
  expect: no
\`\`\`
`;

describe('extension: the check worker\'s memos', function () {
  this.timeout(60_000);
  let dir: string;
  const file = (name: string) => join(dir, `${name}.aispec.md`);
  const ask = async (name: string, open: boolean) => {
    const request = { file: file(name), text: spec(name), openTexts: [], trusted: false, open };
    await answerRequest({ kind: 'check', ...request });
    await answerRequest({ kind: 'model', ...request, saved: true });
  };
  const memoized = () => memoizedSpecs().filter((f) => f.startsWith(dir));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-memo-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a few open specs\' memos, the least recently checked one going first', async () => {
    for (const name of ['a', 'b', 'c', 'd']) await ask(name, true);
    assert.deepEqual(memoized(), ['a', 'b', 'c', 'd'].map(file));
    await ask('a', true); // checked again: the newest now
    await ask('e', true);
    assert.deepEqual(memoized(), ['c', 'd', 'a', 'e'].map(file), 'b, the least recently checked, lost its memo');
  });

  it('checks specs on disk without a memo, leaving the open specs\' memos in place', async () => {
    for (const name of ['a', 'b', 'c', 'd']) await ask(name, true);
    for (const name of ['closed-1', 'closed-2', 'closed-3', 'closed-4', 'closed-5']) await ask(name, false);
    assert.deepEqual(memoized(), ['a', 'b', 'c', 'd'].map(file));
  });
});
