// Which branch Compare with Base Branch compares with, in real git repositories made here: the remote's
// default (origin/HEAD, as a clone sets it) when known, whatever its name; otherwise main or master, and both
// when both exist (the editor then asks); otherwise none, with every branch listed to choose from.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseBranchCandidates } from '../../../src/node/git-file.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=aispec', '-c', 'user.email=dev@aispec.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

/** A repository with one commit on `branch`. */
function repository(parent: string, name: string, branch: string): string {
  const dir = join(parent, name);
  execFileSync('git', ['init', '-q', '-b', branch, dir]);
  writeFileSync(join(dir, 'a.aispec.md'), '---\nid: a\n---\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'one');
  return dir;
}

describe('base branch candidates (git)', function () {
  this.timeout(60_000);
  let parent: string;
  before(() => (parent = mkdtempSync(join(tmpdir(), 'aispec-base-branch-'))));
  after(() => rmSync(parent, { recursive: true, force: true }));

  it('only main: main, nothing to ask', async () => {
    const dir = repository(parent, 'only-main', 'main');
    git(dir, 'checkout', '-q', '-b', 'feature');
    const found = await baseBranchCandidates(dir);
    assert.equal(found.preferred, 'main');
    assert.deepEqual(found.candidates, ['main']);
  });

  it('main and master: both, and no preferred one (the editor asks)', async () => {
    const dir = repository(parent, 'both', 'main');
    git(dir, 'branch', 'master');
    const found = await baseBranchCandidates(dir);
    assert.equal(found.preferred, null);
    assert.deepEqual(found.candidates, ['main', 'master']);
  });

  it('a clone: the remote default branch, whatever its name, over a local main', async () => {
    const upstream = repository(parent, 'upstream', 'trunk');
    const clone = join(parent, 'clone');
    execFileSync('git', ['clone', '-q', upstream, clone]);
    git(clone, 'branch', 'main');
    const found = await baseBranchCandidates(clone);
    assert.equal(found.preferred, 'origin/trunk');
  });

  it('no origin/HEAD, main or master: none, and every branch to choose from', async () => {
    const dir = repository(parent, 'other', 'develop');
    git(dir, 'branch', 'release');
    const found = await baseBranchCandidates(dir);
    assert.equal(found.preferred, null);
    assert.deepEqual(found.candidates, []);
    assert.deepEqual(await found.branches(), ['develop', 'release']);
  });
});
