// A spec reads only files inside its project, symlinks followed: an absolute path, a ../ path or a link out of
// the project is refused by the Node host with a message that never quotes the file; a grant (a later
// --allow-read) lets a named folder outside be read. Through checkSpecFile the refusal is an error at the key
// (cases, target.system_file, target.path of recorded outputs), and run-spec refuses the read itself too.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkSpecFile, textOfCheckedFile } from '../../../src/node/check-spec-file.js';
import { containedPath, OutsideProjectError } from '../../../src/node/contained-path.js';
import { runSpecFile } from '../../../src/node/run-spec.js';
import { createNodeSpecHost } from '../../../src/node/spec-host.js';
import { NO_GRANT_OPTIONS } from '../../support/grants.js';

const SECRET = 'SECRET_TOKEN=hunter2';

function spec(frontmatter: string): string {
  return `---\naispec: 1\nid: probe\ntitle: Probe\nlabels: [yes, no]\n${frontmatter}\n---\n\n## Goal\nSay yes.\n\n## Cases\n\`\`\`yaml cases\n- id: a\n  input: hi\n  expect: yes\n\`\`\`\n`;
}

describe('node: files a spec names stay in its project', () => {
  let outer: string;
  let project: string;
  beforeEach(() => {
    outer = mkdtempSync(join(tmpdir(), 'aispec-contained-'));
    project = join(outer, 'project');
    mkdirSync(join(project, 'specs'), { recursive: true });
    writeFileSync(join(project, 'aispec.config.json'), '{}\n');
    writeFileSync(join(outer, 'secret.csv'), `${SECRET},b\n1,2\n`);
    writeFileSync(join(outer, 'secret.txt'), `${SECRET}\n`);
    writeFileSync(join(outer, 'secret.jsonl'), `${SECRET}\n`);
    writeFileSync(join(project, 'inside.csv'), 'id,input,expect\nb,hi,yes\n');
  });
  afterEach(() => rmSync(outer, { recursive: true, force: true }));

  const write = (path: string, text: string) => {
    const file = join(project, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  const errorsAt = async (file: string) => {
    const check = await checkSpecFile(file, { configCache: false });
    return check.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ key: textOfCheckedFile(check, d.range.file)?.slice(d.range.start, d.range.end), message: d.message }));
  };

  describe('containedPath', () => {
    const specFile = () => join(project, 'specs/a.aispec.md');
    it('accepts a file inside the project, also above the spec folder', () => {
      assert.equal(containedPath(specFile(), join(project, 'inside.csv')), join(project, 'inside.csv'));
      assert.equal(containedPath(specFile(), join(project, 'specs/../inside.csv')), join(project, 'inside.csv'));
    });
    it('refuses an absolute path, a ../ path and a link out of the project', () => {
      symlinkSync(join(outer, 'secret.csv'), join(project, 'link.csv'));
      for (const path of [join(outer, 'secret.csv'), join(project, '../secret.csv'), join(project, 'link.csv'), '/proc/self/environ']) {
        assert.throws(() => containedPath(specFile(), path), OutsideProjectError, path);
      }
    });
    it('refuses a missing file outside (it is refused, not reported missing)', () => {
      assert.throws(() => containedPath(specFile(), join(outer, 'nope.csv')), OutsideProjectError);
    });
    it('accepts a link that stays inside the project', () => {
      symlinkSync(join(project, 'inside.csv'), join(project, 'specs/link.csv'));
      assert.equal(containedPath(specFile(), join(project, 'specs/link.csv')), join(project, 'specs/link.csv'));
    });
    it('reads outside the project only where a grant allows it', () => {
      assert.equal(containedPath(specFile(), join(outer, 'secret.csv'), { allowRead: [outer] }), join(outer, 'secret.csv'));
      assert.throws(() => containedPath(specFile(), join(outer, 'secret.csv'), { allowRead: [join(outer, 'elsewhere')] }), OutsideProjectError);
    });
    it('the host with a grant resolves what the default host refuses', () => {
      const from = specFile();
      assert.equal(createNodeSpecHost({ allowRead: [outer] }).resolve(from, '../../secret.csv'), join(outer, 'secret.csv'));
      assert.throws(() => createNodeSpecHost().resolve(from, '../../secret.csv'), OutsideProjectError);
    });
  });

  describe('checkSpecFile: an error at the key, never the file content', () => {
    const cases: Array<[string, () => string]> = [
      ['an absolute case file', () => join(outer, 'secret.csv')],
      ['a ../ case file', () => '../../secret.csv'],
      [
        'a case file linking out of the project',
        () => {
          symlinkSync(join(outer, 'secret.csv'), join(project, 'specs/link.csv'));
          return 'link.csv';
        },
      ],
    ];
    for (const [name, path] of cases) {
      it(name, async () => {
        const value = path();
        const file = write('specs/a.aispec.md', spec(`cases: ${value}`));
        const errors = await errorsAt(file);
        assert.equal(errors.length, 1, JSON.stringify(errors));
        assert.equal(errors[0]!.key, value);
        assert.match(errors[0]!.message, /outside the project/);
        assert.doesNotMatch(JSON.stringify(errors), /hunter2/);
      });
    }

    it('a system_file outside the project (also /proc/self/environ)', async () => {
      for (const path of ['../../secret.txt', '/proc/self/environ']) {
        const file = write('specs/a.aispec.md', spec(`target: { provider: openai, model: m, system_file: ${path} }`));
        const errors = await errorsAt(file);
        assert.deepEqual(errors.map((e) => e.key), [path]);
        assert.match(errors[0]!.message, /^Cannot use target\.system_file .*outside the project/);
      }
    });

    it('recorded outputs outside the project', async () => {
      const file = write('specs/a.aispec.md', spec('target: { provider: recorded, path: ../../secret.jsonl }'));
      const errors = await errorsAt(file);
      assert.deepEqual(errors.map((e) => e.key), ['../../secret.jsonl']);
      assert.doesNotMatch(JSON.stringify(errors), /hunter2/);
    });

    it('a case file inside the project still loads', async () => {
      const file = write('specs/a.aispec.md', spec('cases: ../inside.csv'));
      assert.deepEqual(await errorsAt(file), []);
    });
  });

  it('eval refuses a spec naming a file outside (invalid: nothing is read or sent)', async () => {
    const file = write('specs/a.aispec.md', spec('target: { provider: recorded, path: ../../secret.jsonl }'));
    const outcome = await runSpecFile(file, { aispecVersion: 'test', save: false, cache: false, ...NO_GRANT_OPTIONS });
    assert.equal(outcome.kind, 'invalid');
  });
});
