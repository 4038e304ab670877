// The action's review command in a real git repository made here: a base commit with a bundled example, and a
// head commit that lowers one of its gates. The comment goes to a file for a later step, and to the summary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from '../cli/run-cli.js';
import { removeTemporaryFolders, runAction, workspaceWith } from './run-action.js';

const SPEC = 'health-assistant/health-assistant.aispec.md';

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=aispec', '-c', 'user.email=dev@aispec.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** A checkout of a pull request: the base commit's sha, and a head commit that lowers per_tag.adversarial. */
function pullRequest(): { workspace: string; base: string } {
  const workspace = workspaceWith('health-assistant');
  git(workspace, 'init', '-q', '-b', 'main');
  git(workspace, 'add', '.');
  git(workspace, 'commit', '-qm', 'base');
  const base = git(workspace, 'rev-parse', 'HEAD');
  const file = join(workspace, SPEC);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /adversarial: 0\.8\b/);
  writeFileSync(file, text.replace(/adversarial: 0\.8\b/, 'adversarial: 0.6'));
  git(workspace, 'commit', '-qam', 'lower the adversarial gate');
  return { workspace, base };
}

describe('GitHub Action: review (scripts run locally, in a git repository with two commits)', function () {
  this.timeout(120_000);
  after(removeTemporaryFolders);
  before(buildCli);

  it('a loosened gate blocks (exit 1, verdict blocked); the comment is in the file named by comment-file and in the summary', async () => {
    const { workspace, base } = pullRequest();
    const r = await runAction({ workspace, inputs: { command: 'review', base } });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual([r.outputs['exit-code'], r.outputs.verdict, r.outputs['comment-file']], ['1', 'blocked', 'aispec-results/review.md']);
    const comment = readFileSync(join(workspace, r.outputs['comment-file']!), 'utf8');
    assert.match(comment, /per_tag\.adversarial/);
    assert.match(comment, /loosened/);
    assert.equal(r.summary, `${comment}\n`);
  });

  it('allow-loosened: true lets it pass (exit 0, verdict ok), and comment names where the comment goes', async () => {
    const { workspace, base } = pullRequest();
    const r = await runAction({ workspace, inputs: { command: 'review', base, 'allow-loosened': 'true', comment: 'pr/comment.md', specs: SPEC } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([r.outputs.verdict, r.outputs['comment-file']], ['ok', 'pr/comment.md']);
    assert.match(readFileSync(join(workspace, 'pr/comment.md'), 'utf8'), /loosened/);
  });

  it('with base-results and head-results, the comment also says what changed in quality', async () => {
    const { workspace, base } = pullRequest();
    const run = await runAction({ workspace, inputs: { command: 'eval', specs: SPEC } });
    assert.equal(run.code, 0, run.stderr);
    const r = await runAction({ workspace, inputs: { command: 'review', base, specs: SPEC, 'base-results': run.outputs.results!, 'head-results': run.outputs.results! } });
    assert.equal(r.code, 1, r.stderr);
    const comment = readFileSync(join(workspace, r.outputs['comment-file']!), 'utf8');
    assert.match(comment, /loosened/);
    assert.match(comment, /Verdict: NO DETECTABLE CHANGE/);
    assert.ok(comment.indexOf('loosened') < comment.indexOf('What changed in quality'), 'the bar first, then quality');
  });

  it('base-results without head-results is an input error (exit 2)', async () => {
    const { workspace, base } = pullRequest();
    const r = await runAction({ workspace, inputs: { command: 'review', base, 'base-results': 'a.json' } });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /inputs base-results and head-results go together/);
  });

  it('a base git does not know is exit 2, verdict error, with no comment file', async () => {
    const { workspace } = pullRequest();
    const r = await runAction({ workspace, inputs: { command: 'review', base: '0123456789abcdef0123456789abcdef01234567' } });
    assert.equal(r.code, 2);
    assert.deepEqual([r.outputs.verdict, r.outputs['comment-file']], ['error', undefined]);
    assert.match(r.summary, /aispec review\*\* wrote no comment \(exit 2\)/);
  });
});
