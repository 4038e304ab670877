// Property tests: thousands of random mutations and truncations of real specs. Whatever a PM types half-way
// through an edit, checking never throws and every diagnostic points inside the document it names.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { checkSpec } from '../../../src/core/check.js';
import type { SpecHost } from '../../../src/core/host.js';
import { memorySpecHost, readFromDisk } from '../../support/memory-host.js';

const root = resolve(import.meta.dirname, '../../..');
const seeds = [
  'test/fixtures/check/clean/good.aispec.md',
  'test/fixtures/check/broken/bad.aispec.md',
  'examples/health-assistant/health-assistant.aispec.md',
  'examples/support-triage/support-triage.aispec.md',
].filter((p) => existsSync(join(root, p)));

/** One edit: delete, insert, duplicate or truncate a slice. Inserted text favours YAML/Markdown syntax. */
const syntax = fc.constantFrom('---', '\n', ':', '- ', '```', '```yaml cases\n', '"', "'", '{', '}', '[', ']', '> [!CAUTION]\n', '**', '`', '\t', '#', '\r\n', '\ufeff', '|', '&a', '*a', '%');
const edit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(syntax, fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(text: string, edits: Array<{ kind: string; at: number; length?: number; text?: string }>): string {
  let out = text;
  for (const e of edits) {
    const at = out.length === 0 ? 0 : e.at % (out.length + 1);
    if (e.kind === 'delete') out = out.slice(0, at) + out.slice(at + (e.length ?? 0));
    else if (e.kind === 'insert') out = out.slice(0, at) + (e.text ?? '') + out.slice(at);
    else if (e.kind === 'duplicate') out = out.slice(0, at) + out.slice(at, at + (e.length ?? 0)) + out.slice(at);
    else out = out.slice(0, at);
  }
  return out;
}

/** The mutated spec from memory; the files it names from disk. */
function hostFor(specFile: string, specText: string): SpecHost {
  return memorySpecHost({ [specFile]: specText }, { fallback: readFromDisk });
}

describe('checking mutated specs (property)', function () {
  this.timeout(120_000);
  it('has seed specs to mutate', () => assert.ok(seeds.length >= 2));

  for (const seed of seeds) {
    const file = join(root, seed);
    const original = readFileSync(file, 'utf8');
    const runs = original.length > 20_000 ? 250 : 1000;
    it(`never throws and keeps every diagnostic inside its document: ${seed} (${runs} runs)`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
          const text = apply(original, edits);
          const { spec, diagnostics } = await checkSpec(file, hostFor(file, text), { text });
          for (const d of diagnostics) {
            const docText = d.range.file === file ? text : spec.files.get(d.range.file);
            assert.ok(docText !== undefined, `diagnostic in an unknown file ${d.range.file}`);
            assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= docText.length, `${d.code} range ${d.range.start}-${d.range.end} outside 0-${docText.length}: ${d.message}`);
            assert.ok(d.message.length > 0);
            for (const fix of d.fixes ?? []) for (const e of fix.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= (e.file === file ? text : spec.files.get(e.file) ?? '').length);
          }
        }),
        { numRuns: runs, seed: Number(process.env.FC_SEED ?? 20261122) },
      );
    });
  }
});
