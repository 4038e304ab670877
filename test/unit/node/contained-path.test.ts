// A spec reads only files inside its project, symlinks followed: an absolute path, a ../ path or a link out of
// the project is refused by the Node host with a message that never quotes the file; a grant (a later
// --allow-read) lets a named folder outside be read. Through checkSpecFile the refusal is an error at the key
// (cases, target.system_file, target.path of recorded outputs), and run-spec refuses the read itself too.
// A read opens the file once and checks what it opened: a link swapped between the check and the read (made
// deterministic here by the open's test hooks) is refused, and nothing of the file it leads to is read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SpecHost } from '../../../src/core/index.js';
import { checkSpecFile, textOfCheckedFile } from '../../../src/node/check-spec-file.js';
import { containedPath, openContained, OutsideProjectError, readContainedFile, SwappedFileError } from '../../../src/node/contained-path.js';
import { fileDigest } from '../../../src/node/file-digest.js';
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

  describe('reading: the file opened is the file checked', () => {
    const specFile = () => join(project, 'specs/a.aispec.md');
    const evil = () => {
      mkdirSync(join(outer, 'evil'));
      writeFileSync(join(outer, 'evil/cases.jsonl'), `${SECRET}\n`);
      return join(outer, 'evil');
    };
    /** project/data/cases.jsonl, and a swap that turns project/data into a link to a folder outside. */
    const dataFolder = () => {
      write('data/cases.jsonl', '{"id":"a","input":"hi"}\n');
      const target = evil();
      return () => {
        renameSync(join(project, 'data'), join(project, 'data-before'));
        symlinkSync(target, join(project, 'data'));
      };
    };

    it('reads a file inside the project, also through a link that stays inside', async () => {
      symlinkSync(join(project, 'inside.csv'), join(project, 'specs/link.csv'));
      assert.equal(await readContainedFile(specFile(), join(project, 'inside.csv')), 'id,input,expect\nb,hi,yes\n');
      assert.equal(await readContainedFile(specFile(), join(project, 'specs/link.csv')), 'id,input,expect\nb,hi,yes\n');
    });

    it('reads the same text from a file below and above the size it reads whole (32 MiB), invalid UTF-8 included', async () => {
      // Multi-byte characters across every 512 KB piece readFile('utf8') decodes, a BOM, a lone continuation
      // byte and a truncated sequence: both ways must give what a whole-file decode gives.
      const unit = Buffer.concat([Buffer.from('{"id":"é✓😀"}\n'.repeat(3000)), Buffer.from([0x80, 0x0a, 0xe2, 0x82, 0x0a])]);
      for (const [name, bytes] of [['small.jsonl', 1 << 20], ['large.jsonl', 33 << 20]] as const) {
        const parts = [Buffer.from([0xef, 0xbb, 0xbf])];
        for (let total = 3; total < bytes; total += unit.length) parts.push(unit);
        const content = Buffer.concat(parts);
        writeFileSync(join(project, name), content);
        const text = await readContainedFile(specFile(), join(project, name));
        assert.ok(text === content.toString('utf8'), `${name}: the file's text, decoded as one`);
      }
    });

    it('refuses outside files before opening anything', async () => {
      symlinkSync(join(outer, 'secret.csv'), join(project, 'link.csv'));
      for (const path of [join(outer, 'secret.csv'), join(project, 'link.csv'), '/proc/self/environ']) {
        await assert.rejects(readContainedFile(specFile(), path), OutsideProjectError, path);
      }
    });

    it('a folder on the path swapped for a link out after the check: refused, nothing read', async () => {
      const swap = dataFolder();
      await assert.rejects(readContainedFile(specFile(), join(project, 'data/cases.jsonl'), {}, { beforeOpen: swap }), (error: Error) => {
        assert.ok(error instanceof SwappedFileError, String(error));
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      });
    });

    it('the file itself swapped for a link out after the check: refused (the open follows no final link)', async () => {
      const file = write('data/cases.jsonl', '{"id":"a","input":"hi"}\n');
      const target = join(evil(), 'cases.jsonl');
      const swap = () => {
        rmSync(file);
        symlinkSync(target, file);
      };
      await assert.rejects(readContainedFile(specFile(), file, {}, { beforeOpen: swap }), SwappedFileError);
    });

    it('a swap before the file identity is taken: the name of the opened file gives it away (Linux)', async function () {
      if (process.platform !== 'linux') this.skip();
      const swap = dataFolder();
      await assert.rejects(readContainedFile(specFile(), join(project, 'data/cases.jsonl'), {}, { afterCheck: swap }), SwappedFileError);
    });

    it('a folder is refused as a folder, a FIFO as no regular file (without hanging on the open)', async function () {
      mkdirSync(join(project, 'folder'));
      await assert.rejects(readContainedFile(specFile(), join(project, 'folder')), { code: 'EISDIR' });
      if (spawnSync('mkfifo', [join(project, 'fifo')]).status !== 0) this.skip();
      await assert.rejects(readContainedFile(specFile(), join(project, 'fifo')), { code: 'ENOTFILE' });
    });

    it('the host reads a file a spec names through the contained read, and the spec itself plainly', async () => {
      const host = createNodeSpecHost();
      const swap = dataFolder();
      swap();
      await assert.rejects(host.readFile(join(project, 'data/cases.jsonl'), specFile()), OutsideProjectError);
      assert.equal(await host.readFile(join(project, 'inside.csv')), 'id,input,expect\nb,hi,yes\n');
    });

    it('loading a spec reads its case file as a file the spec names', async () => {
      const file = write('specs/a.aispec.md', spec('cases: ../inside.csv'));
      const node = createNodeSpecHost();
      const reads: Array<[string, string | undefined]> = [];
      const host: SpecHost = { ...node, readFile: (path, namedBy) => (reads.push([path, namedBy]), node.readFile(path, namedBy)) };
      await checkSpecFile(file, { host, configCache: false });
      assert.deepEqual(reads.find(([path]) => path === join(project, 'inside.csv')), [join(project, 'inside.csv'), file]);
    });

    it('a command target\'s program digest reads through the same open', async () => {
      const program = write('bot.py', 'print("yes")\n');
      symlinkSync(join(outer, 'secret.txt'), join(project, 'out.py'));
      const open = (p: string) => openContained(specFile(), p);
      assert.match(await fileDigest(program, open), /^[0-9a-f]{64}$/);
      await assert.rejects(fileDigest(join(project, 'out.py'), open), OutsideProjectError);
    });
  });
});
