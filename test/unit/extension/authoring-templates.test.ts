// "aispec: New Spec from Template": every template passes `aispec check` with no errors, and the offline one
// runs at once (the walkthrough's first run) with a passing verdict and one failing case to look at.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkSpec } from '../../../src/core/check.js';
import { renderTemplate, slugify, TEMPLATES } from '../../../src/extension/authoring/templates.js';
import { runSpecFile } from '../../../src/node/run-spec.js';
import { nodeSpecHost } from '../../../src/node/spec-host.js';
import { NO_GRANT_OPTIONS } from '../../support/grants.js';

describe('extension authoring: spec templates', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'aispec-templates-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (templateId: string, id: string) => {
    const files = renderTemplate(TEMPLATES.find((t) => t.id === templateId)!, id);
    const file = join(dir, `${id}.aispec.md`);
    writeFileSync(file, files.spec);
    if (files.outputsName) writeFileSync(join(dir, files.outputsName), files.outputs!);
    return file;
  };

  for (const template of TEMPLATES) {
    it(`${template.id}: passes aispec check with no errors`, async () => {
      const file = write(template.id, `t-${template.id}`);
      const { diagnostics, spec } = await checkSpec(file, nodeSpecHost);
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
      assert.equal((spec.frontmatter?.data as { id: string }).id, `t-${template.id}`);
    });
  }

  it('the offline template runs at once, passes its gates and has one failure to look at', async () => {
    const file = write('classification-recorded', 'first');
    const outcome = await runSpecFile(file, { aispecVersion: 'test', save: false, ...NO_GRANT_OPTIONS });
    assert.equal(outcome.kind, 'ran', JSON.stringify(outcome));
    const { results } = outcome as Extract<typeof outcome, { kind: 'ran' }>;
    assert.equal(results.summary.verdict, 'pass');
    assert.deepEqual(results.cases.filter((c) => c.status !== 'pass').map((c) => c.id), ['garlic-cold']);
  });

  it('slugifies names into spec ids', () => {
    assert.equal(slugify('My First Spec'), 'my-first-spec');
    assert.equal(slugify('  --Weird__Name!!.aispec.md'), 'weird__name');
    assert.equal(slugify('x.aispec.md'), 'x');
  });
});
