// A real git repository for the review tests (CLI and panel): a base commit (tagged `base`) of a refunds spec
// with its case file and prompt file, and a head commit that lowers a gate, edits the prompt and drops an
// adversarial case from the case file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SPEC = (passRate: string) => `---
aispec: 1
id: refunds
title: Refund assistant
target:
  provider: openai
  model: gpt-4o-mini
  system_file: prompt.txt
labels: [approve, deny]
cases: refunds.yaml
gates:
  pass_rate: ${passRate}
  recall:
    deny: 0.8
---

# Refunds

## Goal

Answer refund questions by the policy.
`;

const CASES = ['c1: approve, core', 'c2: deny, adversarial', 'c3: deny, adversarial'];
const caseFile = (ids: string[]) =>
  ids
    .map((line) => {
      const [id, rest] = line.split(': ');
      const [expect, tag] = rest!.split(', ');
      return `- id: ${id}\n  input: question ${id}\n  expect: ${expect}\n  tags: [${tag}]\n`;
    })
    .join('');

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=aispec', '-c', 'user.email=dev@aispec.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** A repository with a base commit (tagged `base`) and a head commit that lowers the bar. */
export function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aispec-review-'));
  git(dir, 'init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'specs'));
  writeFileSync(join(dir, 'specs/refunds.aispec.md'), SPEC('0.9'));
  writeFileSync(join(dir, 'specs/prompt.txt'), 'You answer refund questions.\nFollow the policy.\n');
  writeFileSync(join(dir, 'specs/refunds.yaml'), caseFile(CASES));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'tag', 'base');
  writeFileSync(join(dir, 'specs/refunds.aispec.md'), SPEC('0.8'));
  writeFileSync(join(dir, 'specs/prompt.txt'), 'You answer refund questions.\nBe generous.\n');
  writeFileSync(join(dir, 'specs/refunds.yaml'), caseFile(CASES.slice(0, 2)));
  git(dir, 'commit', '-q', '-am', 'head: lower the bar');
  return dir;
}

