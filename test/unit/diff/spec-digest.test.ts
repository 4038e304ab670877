// The spec digest a run records (results `spec.digest`) and how saved runs are matched to a spec version by
// it: the digest covers the spec's text and the files it names, ignores line endings, is the same whether the
// version is read from disk when it runs or from a git revision when it is reviewed, and decides over the
// older fingerprint, which still matches runs that record no digest.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec } from '../../../src/core/spec/parse.js';
import { runMatchesSpec } from '../../../src/core/diff/run-matches-spec.js';
import { specDigest, updateInPieces } from '../../../src/core/diff/spec-digest.js';
import { newSha256 } from '../../../src/node/sha256.js';
import { hostWithTextsRead } from '../../../src/node/digest-host.js';
import { filesNamedBySpec } from '../../../src/core/diff/spec-side.js';
import { mergeRuns } from '../../../src/core/eval/merge.js';
import { runSpecFile } from '../../../src/node/run-spec.js';
import { readSpecSide } from '../../../src/node/spec-revision.js';
import type { RunResults } from '../../../src/shared/results.js';
import { memorySpecHost } from '../../support/memory-host.js';
import { NO_GRANT_OPTIONS } from '../../support/grants.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');
const SPEC = (prompt = 'prompt.txt') => `---\naispec: 1\nid: s\ntitle: S\ntarget: { provider: openai, model: m, system_file: ${prompt} }\ncases: cases.jsonl\ngates: { pass_rate: 0.9 }\n---\n\n## Goal\nAnswer.\n`;
const FILES = { '/p/s.aispec.md': SPEC(), '/p/prompt.txt': 'Be kind.\n', '/p/cases.jsonl': '{"id":"c1","input":"hi"}\n' };
const digestOf = (files: Record<string, string>) => specDigest(files['/p/s.aispec.md']!, '/p/s.aispec.md', memorySpecHost(files), newSha256);

describe('spec digest', () => {
  it('at run time hashes the texts the run already read, reading only the files it had not', async () => {
    const disk = memorySpecHost(FILES);
    const asked: string[] = [];
    const counting = { resolve: disk.resolve, readFile: (path: string, namedBy?: string) => (asked.push(path), disk.readFile(path, namedBy)) };
    const checked = new Map([['/p/cases.jsonl', FILES['/p/cases.jsonl']!]]);
    const host = hostWithTextsRead(counting, checked, new Map());
    assert.equal(await specDigest(FILES['/p/s.aispec.md']!, '/p/s.aispec.md', host, newSha256), await digestOf(FILES));
    assert.deepEqual(asked, ['/p/prompt.txt']);
    // The text that ran is what is hashed, should the file have changed on disk since.
    const ran = new Map([['/p/prompt.txt', 'Be brief.\n']]);
    const digest = await specDigest(FILES['/p/s.aispec.md']!, '/p/s.aispec.md', hostWithTextsRead(disk, checked, ran), newSha256);
    assert.equal(digest, await digestOf({ ...FILES, '/p/prompt.txt': 'Be brief.\n' }));
  });

  it('is sha256 over the spec and the files it names, with line endings normalised', async () => {
    const digest = await digestOf(FILES);
    assert.match(digest, /^sha256-[A-Za-z0-9+/]{43}=$/);
    // The same bytes hashed independently, in one piece: the version line, then the spec text and each named
    // file sorted by name, each after a line with its name (JSON) and length.
    const framed = (name: string, text: string) => `${JSON.stringify(name)} ${text.length}\n${text}`;
    const expected = sha256(`aispec spec digest 2\n${framed('', SPEC())}${framed('cases.jsonl', FILES['/p/cases.jsonl']!)}${framed('prompt.txt', 'Be kind.\n')}`);
    assert.equal(digest, `sha256-${expected}`);
    const crlf = Object.fromEntries(Object.entries(FILES).map(([k, v]) => [k, v.replace(/\n/g, '\r\n')]));
    assert.equal(await digestOf(crlf), digest);
  });

  it('changes with the prompt file, the case file, or the spec text; a missing named file counts as absent', async () => {
    const digest = await digestOf(FILES);
    assert.notEqual(await digestOf({ ...FILES, '/p/prompt.txt': 'Be strict.\n' }), digest);
    assert.notEqual(await digestOf({ ...FILES, '/p/cases.jsonl': '{"id":"c1","input":"hello"}\n' }), digest);
    assert.notEqual(await digestOf({ ...FILES, '/p/s.aispec.md': SPEC().replace('Answer.', 'Answer well.') }), digest);
    const { '/p/prompt.txt': _prompt, ...withoutPrompt } = FILES;
    const missing = await digestOf(withoutPrompt);
    assert.notEqual(missing, digest);
    assert.match(missing, /^sha256-/);
  });
  it('is the same when given the spec as already parsed (a run does not parse it again), for every digest above', async () => {
    const variants: Array<Record<string, string>> = [FILES, { ...FILES, '/p/prompt.txt': 'Be strict.\n' }, { ...FILES, '/p/s.aispec.md': SPEC('other.txt') }, { '/p/s.aispec.md': SPEC() }];
    for (const files of variants) {
      const text = files['/p/s.aispec.md']!;
      const parsed = parseSpec(text, '/p/s.aispec.md');
      assert.equal(await specDigest(text, '/p/s.aispec.md', memorySpecHost(files), newSha256, parsed), await digestOf(files));
    }
    // A parsed spec of another text is not trusted for this one.
    const stale = parseSpec(SPEC('other.txt'), '/p/s.aispec.md');
    assert.equal(await specDigest(SPEC(), '/p/s.aispec.md', memorySpecHost(FILES), newSha256, stale), await digestOf(FILES));
  });

  it("covers every file the spec names: each target's prompt and outputs, the human labels, a recorded judge's verdicts", () => {
    const text = [
      '---', 'aispec: 1', 'id: s', 'title: S', 'cases: cases.jsonl', 'human_labels: labels.jsonl',
      'judge: { provider: recorded, path: verdicts.jsonl }',
      'targets:', '  a: { provider: openai, model: m, system_file: a.txt }', '  b: { provider: recorded, path: b.jsonl }',
      '---', '',
    ].join('\n');
    assert.deepEqual(filesNamedBySpec(text, '/p/s.aispec.md').sort(), ['a.txt', 'b.jsonl', 'cases.jsonl', 'labels.jsonl', 'verdicts.jsonl']);
  });
});

describe('runMatchesSpec with digests', () => {
  const spec = parseSpec(SPEC(), '/p/s.aispec.md');
  const run = (digest?: string) =>
    ({ spec: { id: 's', title: 'S', file: 's.aispec.md', gates: { pass_rate: 0.9 }, ...(digest ? { digest } : {}) }, run: { target: { provider: 'openai', model: 'm' } }, cases: [] }) as unknown as RunResults;

  it('the digest decides when the run records one, whatever the fingerprint says', () => {
    assert.equal(runMatchesSpec(run('sha256-a'), spec, 'sha256-a'), true);
    assert.equal(runMatchesSpec(run('sha256-b'), spec, 'sha256-a'), false);
    assert.equal(runMatchesSpec(run('sha256-a'), spec, 'sha256-a', true), true, 'an exact digest match is never ambiguous');
  });

  it('an older run without a digest falls back to the fingerprint, and matches nothing when that is ambiguous', () => {
    assert.equal(runMatchesSpec(run(), spec, 'sha256-a'), true);
    assert.equal(runMatchesSpec(run(), spec, 'sha256-a', true), false);
    const otherGates = { ...run(), spec: { ...run().spec, gates: { pass_rate: 0.8 } } } as RunResults;
    assert.equal(runMatchesSpec(otherGates, spec, 'sha256-a'), false);
  });
});

describe('the digest a run records is the one a review computes', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-digest-'));
    cpSync(join(process.cwd(), 'examples/support-triage'), dir, { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('from disk at run time, and from a git revision at review time', async () => {
    const file = join(dir, 'support-triage.aispec.md');
    const outcome = await runSpecFile(file, { aispecVersion: '0.0.0-test', ...NO_GRANT_OPTIONS, cache: false, save: false });
    assert.equal(outcome.kind, 'ran');
    const recorded = (outcome as Extract<typeof outcome, { kind: 'ran' }>).results.spec.digest;
    const onDisk = await readSpecSide({ revision: null, path: file, label: 'support-triage.aispec.md' }, null);
    assert.equal(recorded, onDisk.digest);
    const git = (...args: string[]) => assert.equal(spawnSync('git', ['-c', 'user.name=a', '-c', 'user.email=a@b.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir }).status, 0);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'spec');
    writeFileSync(join(dir, 'outputs.jsonl'), '');
    const atHead = await readSpecSide({ revision: 'HEAD', path: file, label: 'HEAD:support-triage.aispec.md' }, dir);
    assert.equal(atHead.digest, recorded, 'the committed version hashes as it ran');
    const now = await readSpecSide({ revision: null, path: file, label: 'support-triage.aispec.md' }, null);
    assert.notEqual(now.digest, recorded, 'new recorded outputs make another version');
  });
});

describe('merge and digests', () => {
  it('refuses shards of different spec versions, and keeps the digest only when every shard has it', () => {
    const shard = (digest: string | undefined, id: string): RunResults =>
      ({
        format: 'aispec-results', version: 1, aispec_version: '0', spec: { id: 's', title: 'S', file: 's.aispec.md', ...(digest ? { digest } : {}) },
        run: { id, started_at: '2025-01-01T00:00:00.000Z', finished_at: '2025-01-01T00:00:01.000Z', duration_ms: 1000, complete: true, unfinished: [], repeat: 1, concurrency: 1, target: { provider: 'recorded' }, cache: { enabled: false, hits: 0, misses: 0 }, shard: { index: Number(id), count: 2 } },
        cases: [],
      }) as unknown as RunResults;
    assert.throws(() => mergeRuns([shard('sha256-a', '1'), shard('sha256-b', '2')]), /different versions of spec "s"/);
    assert.equal(mergeRuns([shard('sha256-a', '1'), shard('sha256-a', '2')]).spec.digest, 'sha256-a');
    assert.equal(mergeRuns([shard('sha256-a', '1'), shard(undefined, '2')]).spec.digest, undefined);
  });
});

describe('spec digest of a large file', () => {
  it('hashes a text of several megabytes in pieces to the same bytes as in one, a surrogate pair on a piece boundary included', () => {
    const mb = 1 << 20;
    const whole = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');
    const pieces = (text: string) => {
      const hash = newSha256();
      updateInPieces(hash, text);
      return hash.digestBase64();
    };
    const filler = 'case é 😀\n'.repeat(Math.ceil((2.5 * mb) / 10));
    for (const at of [mb - 1, mb, mb + 1, 2 * mb - 1]) {
      // An emoji (two UTF-16 units) placed so its halves straddle a megabyte boundary, or just beside it.
      const text = `${'a'.repeat(at)}😀${filler}`;
      assert.equal(pieces(text), whole(text), `emoji at ${at}`);
    }
    assert.equal(pieces('short'), whole('short'));
  });
});
