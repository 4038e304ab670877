// Which spec files `aispec check [paths or globs]` means, and the shortcut that spares a run naming plain
// files the glob libraries: a name without glob syntax must be what tinyglobby also calls a plain path.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { findSpecs, GLOB_SYNTAX } from '../../../src/node/find-specs.js';

/** A small deterministic generator (mulberry32), so a failure names a string that fails again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('findSpecs', () => {
  it('calls no name without glob syntax a pattern that tinyglobby would call one (20,000 generated names)', () => {
    const next = random(15);
    // Path characters, glob syntax and its neighbours in ASCII, spaces, dots, and a few non-ASCII letters.
    const alphabet = [...'ab./-_ ~#$%^&=,;:\'"`|<>', ...'*?[]{}()!+@\\', ...'éß中'];
    let plain = 0;
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + Math.floor(next() * 12);
      let name = '';
      for (let j = 0; j < length; j++) name += alphabet[Math.floor(next() * alphabet.length)];
      if (GLOB_SYNTAX.test(name)) continue;
      plain++;
      assert.equal(isDynamicPattern(name), false, `tinyglobby calls ${JSON.stringify(name)} a pattern`);
    }
    assert.ok(plain > 2_000, `only ${plain} plain names were generated`);
  });

  it('calls each glob character alone, or leading !, a pattern, as tinyglobby does', () => {
    for (const name of ['*.aispec.md', 'a?.md', 'a[bc].md', 'a{b,c}.md', '!a.md', '@(a|b).md', '+(a).md']) {
      assert.ok(GLOB_SYNTAX.test(name) && isDynamicPattern(name), name);
    }
  });

  describe('in a project', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'aispec-find-specs-'));
      mkdirSync(join(dir, '.git'));
      for (const path of ['a.aispec.md', 'sub/b.aispec.md', 'sub/deep/c.aispec.md', 'sub/notes.md', 'build/d.aispec.md', 'node_modules/p/e.aispec.md']) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), '');
      }
      writeFileSync(join(dir, '.gitignore'), 'build/\n');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const names = (files: string[]) => files.map((f) => f.slice(dir.length + 1));

    it('takes a named file as it is, even one not named *.aispec.md or ignored', async () => {
      const found = await findSpecs(['sub/notes.md', 'build/d.aispec.md'], dir);
      assert.deepEqual(names(found.files), ['build/d.aispec.md', 'sub/notes.md']);
      assert.deepEqual(found.missing, []);
    });

    it('searches a folder (the current one by default) for *.aispec.md, skipping node_modules and ignored folders', async () => {
      assert.deepEqual(names((await findSpecs([], dir)).files), ['a.aispec.md', 'sub/b.aispec.md', 'sub/deep/c.aispec.md']);
      assert.deepEqual(names((await findSpecs(['sub'], dir)).files), ['sub/b.aispec.md', 'sub/deep/c.aispec.md']);
    });

    it('expands globs from the current folder, with the same skipping', async () => {
      assert.deepEqual(names((await findSpecs(['sub/*.aispec.md'], dir)).files), ['sub/b.aispec.md']);
      assert.deepEqual(names((await findSpecs(['**/*.aispec.md'], dir)).files), ['a.aispec.md', 'sub/b.aispec.md', 'sub/deep/c.aispec.md']);
    });

    it('reports what matched nothing', async () => {
      const found = await findSpecs(['missing.aispec.md', 'nothing/*.aispec.md', 'a.aispec.md'], dir);
      assert.deepEqual(names(found.files), ['a.aispec.md']);
      assert.deepEqual(found.missing, ['missing.aispec.md', 'nothing/*.aispec.md']);
    });
  });
});
