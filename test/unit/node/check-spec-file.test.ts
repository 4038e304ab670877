// checkSpecFile, the one check every host makes: the nearest aispec.config.json gives the severities, and
// what is wrong in it comes back located in that file (bad JSON, a "lint" that is no map, an unknown rule, a
// bad severity); unsaved text is checked instead of the file; the configuration is cached only when asked.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkSpecFile, textOfCheckedFile, type SpecFileCheck } from '../../../src/node/check-spec-file.js';
import { nodeSpecHost } from '../../../src/node/spec-host.js';

/** A valid spec with no Goal section: missing-goal (default warning) is the rule the configurations set. */
const NO_GOAL = '---\naispec: 1\nid: a\ntitle: A\n---\n\n# A\n';

const goalSeverities = (check: SpecFileCheck) => check.diagnostics.filter((d) => d.code === 'missing-goal').map((d) => d.severity);

/** Each configuration problem's code, severity and the text it underlines in the configuration file. */
const underlined = (check: SpecFileCheck) => check.config.problems.map((d) => [d.code, d.severity, textOfCheckedFile(check, d.range.file)!.slice(d.range.start, d.range.end)]);

describe('node: checkSpecFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'aispec-check-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (path: string, text: string) => {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  const check = (file: string) => checkSpecFile(file, { configCache: false });

  it('applies no configuration and reports none when there is no aispec.config.json', async () => {
    const result = await check(write('a.aispec.md', NO_GOAL));
    assert.equal(result.config.path, undefined);
    assert.deepEqual(result.config.problems, []);
    assert.deepEqual(goalSeverities(result), ['warning']);
  });

  it('applies the severities of the nearest aispec.config.json up the folders', async () => {
    const rootConfig = write('aispec.config.json', JSON.stringify({ lint: { 'missing-goal': 'off' } }));
    const nearConfig = write('team/aispec.config.json', JSON.stringify({ lint: { 'missing-goal': 'error' } }));
    const atRoot = await check(write('a.aispec.md', NO_GOAL));
    const inTeam = await check(write('team/deep/b.aispec.md', NO_GOAL));
    const elsewhere = await check(write('other/c.aispec.md', NO_GOAL));
    assert.deepEqual([atRoot.config.path, inTeam.config.path, elsewhere.config.path], [rootConfig, nearConfig, rootConfig]);
    assert.deepEqual([goalSeverities(atRoot), goalSeverities(inTeam), goalSeverities(elsewhere)], [[], ['error'], []]);
    assert.deepEqual([...atRoot.config.problems, ...inTeam.config.problems], []);
  });

  it('reports JSON that does not parse as an error at the offending character, and applies nothing', async () => {
    const config = write('aispec.config.json', '{\n  "lint": { "missing-goal": "off", }\n}\n');
    const result = await check(write('a.aispec.md', NO_GOAL));
    assert.equal(result.config.problems.length, 1);
    const [problem] = result.config.problems;
    assert.equal(problem!.range.file, config);
    assert.equal(problem!.code, 'parse');
    assert.equal(problem!.severity, 'error');
    assert.match(problem!.message, /^not valid JSON \(.+\)\.$/);
    // After the trailing comma JSON wants another key, and finds the closing brace.
    assert.equal(problem!.range.start, result.config.text.indexOf('}'));
    assert.deepEqual(goalSeverities(result), ['warning'], 'the rule keeps its default');
    assert.deepEqual(result.diagnostics.filter((d) => d.range.file === config), [], 'the spec\'s diagnostics stay in the spec');
  });

  it('reports a "lint" that is not a map as an error at its value', async () => {
    write('aispec.config.json', '{ "lint": ["missing-goal"] }');
    const result = await check(write('a.aispec.md', NO_GOAL));
    assert.deepEqual(underlined(result), [['lint-config', 'error', '["missing-goal"]']]);
    assert.equal(result.config.problems[0]!.message, '"lint" maps rule ids to off, info, warning or error.');
    assert.deepEqual(goalSeverities(result), ['warning']);
  });

  it('reports an unknown rule id at the id and a bad severity at the value, and applies the rest', async () => {
    write('aispec.config.json', '{\n  "lint": {\n    "rare-lable": "off",\n    "missing-goal": "eror",\n    "missing-examples": 3,\n    "missing-rubric": "off"\n  }\n}\n');
    const result = await check(write('a.aispec.md', NO_GOAL));
    assert.deepEqual(underlined(result), [
      ['lint-config', 'warning', 'rare-lable'],
      ['lint-config', 'warning', '"eror"'],
      ['lint-config', 'warning', '3'],
    ]);
    assert.deepEqual(
      result.config.problems.map((d) => d.message),
      [
        'Unknown lint rule "rare-lable": did you mean "rare-label"? The rules are listed by "aispec check --list-rules".',
        'The lint setting for "missing-goal" is "eror": use one of off, info, warning, error (did you mean "error"?).',
        'The lint setting for "missing-examples" is 3: use one of off, info, warning, error.',
      ],
    );
    assert.ok(!result.diagnostics.some((d) => d.code === 'missing-rubric'), 'the valid setting applies');
    assert.deepEqual(goalSeverities(result), ['warning'], 'the bad one does not');
  });

  it('checks the unsaved text instead of the file when given', async () => {
    const file = write('a.aispec.md', NO_GOAL);
    const withGoal = NO_GOAL.replace('# A\n', '# A\n\n## Goal\n\nPeople ask about refunds; it answers from the policy and never promises money.\n');
    const result = await checkSpecFile(file, { text: withGoal, configCache: false });
    assert.equal(result.spec.text, withGoal);
    assert.deepEqual(goalSeverities(result), []);
  });

  it('reads the configuration through the host given (the editor\'s unsaved text)', async () => {
    const config = write('aispec.config.json', JSON.stringify({ lint: {} }));
    const unsaved = JSON.stringify({ lint: { 'missing-goal': 'error' } });
    const host = { ...nodeSpecHost, readFile: async (path: string) => (path === config ? unsaved : nodeSpecHost.readFile(path)) };
    const result = await checkSpecFile(write('a.aispec.md', NO_GOAL), { host, configCache: false });
    assert.equal(result.config.text, unsaved);
    assert.deepEqual(goalSeverities(result), ['error']);
  });

  it('reuses the configuration it read before only when caching', async () => {
    const spec = write('a.aispec.md', NO_GOAL);
    write('aispec.config.json', JSON.stringify({ lint: { 'missing-goal': 'info' } }));
    assert.deepEqual(goalSeverities(await checkSpecFile(spec)), ['info']);
    write('aispec.config.json', JSON.stringify({ lint: { 'missing-goal': 'error' } }));
    assert.deepEqual(goalSeverities(await checkSpecFile(spec)), ['info'], 'cached');
    assert.deepEqual(goalSeverities(await checkSpecFile(spec, { configCache: false })), ['error'], 'read again');
  });
});
