// The schema's validators are generated code (src/core/spec/schema-validators.generated.cjs, committed, so
// that a fresh clone and tsx runs work without a build). Generating them again from the schema must give the
// same file: a schema edit without `npm run build` fails here. Generation also compiles the schema in ajv's
// strict mode, so a mistyped keyword fails here too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');

describe('generated schema validators', () => {
  it('are up to date with schemas/aispec.schema.json', function () {
    this.timeout(60_000);
    const result = spawnSync(process.execPath, [join(root, 'scripts/gen-schema-validators.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stderr}${result.stdout}`);
  });
});
