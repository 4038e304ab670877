// Reading files at a git revision: only what names a commit is a revision, and a spec at a revision reads
// only files inside its project.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changedSpecPaths, createGitSpecHost, gitRoot, readFileAtRevision, verifyRevision } from '../../../src/node/git-file.js';
import { parseSpecArgument } from '../../../src/node/spec-revision.js';

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=aispec', '-c', 'user.email=dev@aispec.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

describe('git-file', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-git-file-'));
    git(dir, 'init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'specs'));
    writeFileSync(join(dir, 'specs/a.aispec.md'), 'first\n');
    writeFileSync(join(dir, 'notes.txt'), 'notes\n');
    writeFileSync(join(dir, 'specs/c.aispec.md'), '---\naispec: 1\nid: c\ntitle: C\ntarget:\n  provider: openai\n  model: m\n  system_file: c-prompt.txt\n---\n');
    writeFileSync(join(dir, 'specs/c-prompt.txt'), 'Be brief.\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'one');
    writeFileSync(join(dir, 'specs/a.aispec.md'), 'second\n');
    writeFileSync(join(dir, 'specs/b.aispec.md'), 'new\n');
    writeFileSync(join(dir, 'notes.txt'), 'more notes\n');
    writeFileSync(join(dir, 'specs/c-prompt.txt'), 'Be thorough.\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'two');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file as it was at a revision', async () => {
    const root = await gitRoot(join(dir, 'specs'));
    const commit = await verifyRevision(root, 'HEAD~1');
    assert.equal(await readFileAtRevision(root, commit, 'specs/a.aispec.md'), 'first\n');
    await assert.rejects(readFileAtRevision(root, commit, 'specs/b.aispec.md'), { code: 'ENOENT' });
  });

  it('lists the specs changed since a revision, and those whose prompt or case file changed', async () => {
    assert.deepEqual(await changedSpecPaths(dir, 'HEAD~1'), ['specs/a.aispec.md', 'specs/b.aispec.md', 'specs/c.aispec.md']);
    assert.deepEqual(await changedSpecPaths(dir, 'HEAD'), []);
  });

  it('refuses what git could read as an option, and what names no commit', async () => {
    for (const revision of ['--output=/tmp/x', '-p', 'a b', '', 'nosuchbranch']) await assert.rejects(verifyRevision(dir, revision), /is not a revision|names no commit/);
  });

  it('keeps a spec at a revision inside its project', async () => {
    const commit = await verifyRevision(dir, 'HEAD');
    const host = createGitSpecHost(dir, commit);
    const spec = join(dir, 'specs/a.aispec.md');
    assert.equal(host.resolve(spec, '../notes.txt'), join(dir, 'notes.txt'));
    assert.equal(await host.readFile(host.resolve(spec, '../notes.txt')), 'more notes\n');
    assert.throws(() => host.resolve(spec, '../../outside.txt'), /outside the project/);
    await assert.rejects(host.readFile('/etc/passwd'), /outside the project/);
  });

  it('parses REV:path as git does: from the repository root, or from here with ./ and ../', () => {
    const fromSpecs = join(dir, 'specs');
    assert.deepEqual(parseSpecArgument('main:specs/a.aispec.md', fromSpecs, dir), { revision: 'main', path: join(dir, 'specs/a.aispec.md'), label: 'main:specs/a.aispec.md' });
    assert.equal(parseSpecArgument('main:./a.aispec.md', fromSpecs, dir).path, join(dir, 'specs/a.aispec.md'));
    assert.deepEqual(parseSpecArgument('a.aispec.md', fromSpecs, dir), { revision: null, path: join(dir, 'specs/a.aispec.md'), label: 'a.aispec.md' });
    assert.throws(() => parseSpecArgument('main:a.aispec.md', fromSpecs, null), /not inside a git repository/);
  });
});
