// What every built bundle must be, whatever it holds: strict mode, as its sources (ES modules) and the tests
// are. The build's banner comes first in each file, so esbuild's own "use strict" after it is no directive.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Script } from 'node:vm';

const root = resolve(import.meta.dirname, '../../..');

describe('built bundles', function () {
  this.timeout(120_000);
  before(() => {
    const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  it('run in strict mode, each of them', () => {
    const bundles = readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.cjs'));
    assert.ok(bundles.length >= 5, `only ${bundles.join(', ')} in dist/`);
    for (const name of bundles) {
      const text = readFileSync(join(root, 'dist', name), 'utf8');
      // `with` is a syntax error in strict code only: compiling (not running) the bundle with one appended
      // tells whether the file's directive prologue made it strict.
      assert.throws(() => new Script(`${text}\nwith ({}) {}`, { filename: name }), SyntaxError, `${name} is not strict`);
    }
  });
});
