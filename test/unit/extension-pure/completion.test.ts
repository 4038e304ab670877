// Completion candidates from the schema at the cursor's YAML path, and from the spec's own words.
import assert from 'node:assert/strict';
import { completionsAt, yamlScalar } from '../../../src/core/authoring/completion.js';
import { complete, cursor, labelsOf, spec } from './helpers.js';

const CLASSIFY = 'labels: [refuse, answer]\n';
const casesBody = (lines: string): string => `\n## Cases\n\n\`\`\`yaml cases\n${lines}\n\`\`\`\n`;

describe('authoring: completion', () => {
  it('offers nothing outside the YAML', () => {
    assert.deepEqual(complete(spec('', '\nSome pro§se.\n')), []);
    assert.deepEqual(complete('§'), []);
  });

  it('offers the frontmatter keys not yet written, required first, with descriptions and snippet bodies', () => {
    const items = complete('---\naispec: 1\n§\n---\n');
    const labels = labelsOf(items.filter((i) => i.kind === 'key'));
    assert.ok(!labels.includes('aispec'), 'a key already written is not offered again');
    const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((i) => i.label);
    assert.deepEqual(sorted.slice(0, 2), ['id', 'title'], 'the required keys come first');
    const id = items.find((i) => i.label === 'id')!;
    assert.equal(id.preselect, true);
    assert.match(id.detail!, /required/);
    assert.match(id.documentation!, /Stable id of the spec/);
    const status = items.find((i) => i.label === 'status')!;
    assert.equal(status.insertText, 'status: ${1|draft,review,approved,shipped,retired|}');
    const target = items.find((i) => i.label === 'target' && i.kind === 'key')!;
    assert.equal(target.insertText, 'target:\n  provider: ${1|recorded,openai,anthropic,http,command|}$0');
    assert.equal(items.find((i) => i.label === 'pricing')!.insertText, 'pricing:\n  input_per_mtok: $1\n  output_per_mtok: $2$0');
    assert.equal(items.find((i) => i.label === 'gates')!.retrigger, true);
  });

  it('offers the frontmatter snippets at the top level (a target per provider, gates), not for keys already there', () => {
    const items = complete(spec('target: { provider: recorded, path: o.jsonl }\n§'));
    const snippets = labelsOf(items.filter((i) => i.kind === 'snippet'));
    assert.ok(snippets.includes('gates'));
    assert.ok(!snippets.some((s) => s.startsWith('target-')), `target snippets offered although target is written: ${snippets}`);
    const all = labelsOf(complete(spec('§')).filter((i) => i.kind === 'snippet'));
    for (const p of ['target-openai', 'target-anthropic', 'target-http', 'target-command', 'target-recorded', 'gates', 'judge', 'classify']) assert.ok(all.includes(p), p);
  });

  it('replaces the word being typed', () => {
    const { text, offset } = cursor(spec('sta§'));
    const status = completionsAt({ text, offset }).find((i) => i.label === 'status')!;
    assert.equal(text.slice(status.replace.start, status.replace.end), 'sta');
  });

  it('offers the provider values in a target, then the keys of that provider', () => {
    assert.deepEqual(labelsOf(complete(spec('target:\n  provider: §'))), ['recorded', 'openai', 'anthropic', 'http', 'command']);
    assert.deepEqual(labelsOf(complete(spec('target:\n  §'))), ['provider']);
    const openai = labelsOf(complete(spec('target:\n  provider: openai\n  §')));
    assert.deepEqual(openai, ['model', 'base_url', 'api_key_env', 'system', 'system_file', 'temperature', 'max_tokens', 'headers', 'tools', 'pricing']);
    const http = labelsOf(complete(spec('target: { provider: http, § }')));
    assert.deepEqual(http, ['url', 'method', 'headers', 'body', 'output', 'usage', 'pricing']);
    assert.deepEqual(labelsOf(complete(spec('target:\n  provider: http\n  method: §'))), ['GET', 'POST', 'PUT', 'PATCH']);
  });

  it('adds a space after `key:` when the value is typed right after the colon', () => {
    const draft = complete(spec('status:§')).find((i) => i.label === 'draft')!;
    assert.equal(draft.insertText, ' draft');
  });

  it('offers the gates keys and, under recall/precision/f1, the labels', () => {
    assert.ok(labelsOf(complete(spec(`${CLASSIFY}gates:\n  §`))).includes('pass_rate'));
    const recall = complete(spec(`${CLASSIFY}gates:\n  recall:\n    §`));
    assert.deepEqual(labelsOf(recall), ['refuse', 'answer']);
    assert.equal(recall[0]!.insertText, 'refuse: ${1:0.9}');
    assert.deepEqual(labelsOf(complete(spec(`${CLASSIFY}gates:\n  recall: { refuse: 0.9, § }`))), ['answer']);
  });

  it('offers tags under gates.per_tag (used ones first, then the coverage tags) and criterion ids under per_criterion', () => {
    const body = `\n\`\`\`yaml rubric\n- id: no-dose\n  criterion: Never states a dose.\n\`\`\`\n${casesBody('- id: a\n  input: x\n  tags: [emergency]\n- id: b\n  input: y\n  tags: [emergency, edge]')}`;
    assert.deepEqual(labelsOf(complete(spec('gates:\n  per_tag:\n    §', body))), ['emergency', 'edge', 'adversarial', 'regression']);
    assert.deepEqual(labelsOf(complete(spec('gates:\n  per_criterion:\n    §', body))), ['no-dose']);
  });

  it('offers the labels as classify rules, with json and judge when the map is empty', () => {
    assert.deepEqual(labelsOf(complete(spec(`${CLASSIFY}classify:\n  §`))), ['refuse', 'answer', 'json', 'judge']);
    const last = complete(spec(`${CLASSIFY}classify:\n  refuse: { contains: x }\n  §`));
    assert.deepEqual(labelsOf(last), ['answer']);
    assert.equal(last[0]!.insertText, 'answer: { otherwise: true }$0');
  });

  it('offers lint rule ids under lint:, with their docs and the severities', () => {
    const items = complete(spec('lint:\n  missing-g§'));
    const goal = items.find((i) => i.label === 'missing-goal')!;
    assert.equal(goal.kind, 'rule');
    assert.match(goal.documentation!, /Goal/);
    assert.equal(goal.insertText, 'missing-goal: ${1|off,info,warning,error|}');
    assert.deepEqual(labelsOf(complete(spec('lint:\n  missing-goal: §'))), ['off', 'info', 'warning', 'error']);
  });

  it('offers the labels for expect, the tags for tags, and the case keys in a case', () => {
    const expect = complete(spec(CLASSIFY, casesBody('- id: a\n  input: x\n  expect: §')));
    assert.deepEqual(labelsOf(expect), ['refuse', 'answer']);
    assert.equal(expect[0]!.kind, 'label');
    const tags = complete(spec(CLASSIFY, casesBody('- id: a\n  input: x\n  tags: [core, §]\n- id: b\n  input: y\n  tags: [adversarial]')));
    assert.deepEqual(labelsOf(tags), ['adversarial', 'edge', 'regression']);
    const keys = labelsOf(complete(spec(CLASSIFY, casesBody('- id: a\n  input: x\n  §'))));
    assert.deepEqual(keys, ['messages', 'expect', 'tags', 'checks', 'criteria', 'reference', 'vars', 'meta']);
    const tagsKey = complete(spec(CLASSIFY, casesBody('- id: a\n  input: x\n  §'))).find((i) => i.label === 'tags')!;
    assert.equal(tagsKey.insertText, 'tags: [$0]');
    assert.equal(tagsKey.retrigger, true);
  });

  it('offers the cases\' tags in a criterion\'s applies_to, and applies_to among the criterion keys', () => {
    const cases = casesBody('- id: a\n  input: x\n  tags: [emergency]\n- id: b\n  input: y\n  tags: [emergency, edge]');
    const flow = complete(spec('', `\n\`\`\`yaml rubric\n- id: c\n  criterion: C.\n  applies_to: { tags: [§] }\n\`\`\`\n${cases}`));
    assert.deepEqual(labelsOf(flow), ['emergency', 'edge', 'adversarial', 'regression']);
    const block = complete(spec('', `\n\`\`\`yaml rubric\n- id: c\n  criterion: C.\n  applies_to:\n    tags:\n      - emergency\n      - §\n\`\`\`\n${cases}`));
    assert.deepEqual(labelsOf(block), ['edge', 'adversarial', 'regression']);
    assert.ok(labelsOf(complete(spec('', '\n```yaml rubric\n- id: c\n  criterion: C.\n  §\n```\n'))).includes('applies_to'));
    assert.deepEqual(labelsOf(complete(spec('', '\n```yaml rubric\n- id: c\n  criterion: C.\n  applies_to: { § }\n```\n'))), ['tags']);
  });

  it('offers a new case its keys and the case snippets after `- `, and the snippets with `- ` on an empty line', () => {
    const afterDash = complete(spec(CLASSIFY, casesBody('- id: a\n  input: x\n- §')));
    assert.ok(labelsOf(afterDash).includes('id'));
    const caseLabel = afterDash.find((i) => i.label === 'case-label')!;
    assert.match(caseLabel.insertText, /^id: /, 'the dash is already written');
    assert.match(caseLabel.insertText, /expect: \$\{3\|refuse,answer\|\}/, 'expect offers the spec\'s labels');
    const emptyLine = complete(spec(CLASSIFY, casesBody('- id: a\n  input: x\n§')));
    assert.deepEqual(labelsOf(emptyLine), ['case', 'case-label', 'case-messages']);
    assert.match(emptyLine[0]!.insertText, /^- id: /);
    assert.deepEqual(labelsOf(complete(spec('', '\n```yaml rubric\n§\n```\n'))), ['criterion', 'criterion-judged']);
  });

  it('offers the check kinds in a check, one kind per check, flags only beside a regex', () => {
    const kinds = labelsOf(complete(spec('', casesBody('- id: a\n  input: x\n  checks:\n    - { § }'))));
    assert.ok(kinds.includes('not-regex') && kinds.includes('max-words') && kinds.includes('is-json'));
    assert.ok(!kinds.includes('flags'));
    assert.deepEqual(labelsOf(complete(spec('', casesBody('- id: a\n  input: x\n  checks:\n    - { regex: x, § }')))), ['flags']);
    const rubric = labelsOf(complete(spec('', '\n```yaml rubric\n- id: c\n  criterion: C.\n  check: { § }\n```\n')));
    assert.ok(rubric.includes('max-words'));
    assert.ok(labelsOf(complete(spec('', '\n```yaml rubric\n- id: c\n  §\n```\n'))).includes('criterion'));
  });

  it('offers the chat roles in a message', () => {
    assert.deepEqual(labelsOf(complete(spec('', casesBody('- id: a\n  messages:\n    - role: §')))), ['system', 'user', 'assistant']);
  });

  it('writes values YAML reads back as the same string', () => {
    assert.equal(yamlScalar('refuse'), 'refuse');
    assert.equal(yamlScalar('yes'), '"yes"');
    assert.equal(yamlScalar('a: b'), '"a: b"');
    assert.equal(yamlScalar('-1'), '"-1"');
    assert.equal(yamlScalar(0.9), '0.9');
  });

  // Correctness at size only: no test asserts a wall time (issue 15).
  it('completes in a large spec (2,000 cases): the per_tag keys come from every case', () => {
    const many = Array.from({ length: 2000 }, (_, i) => `- id: c${i}\n  input: question ${i}\n  tags: [t${i % 7}]`).join('\n');
    const text = spec('gates:\n  per_tag:\n    §', casesBody(many));
    const items = complete(text);
    assert.equal(items.length, 10);
    const tags = Array.from({ length: 7 }, (_, i) => `t${i}`);
    assert.deepEqual(tags.filter((tag) => !labelsOf(items).includes(tag)), []);
  });

  it("offers a named target's keys under targets:, by its provider", () => {
    const labels = labelsOf(complete(spec('targets:\n  small:\n    provider: openai\n    §\n')).filter((i) => i.kind === 'key'));
    for (const key of ['model', 'base_url', 'pricing']) assert.ok(labels.includes(key), `${key} in ${labels}`);
  });

  it('offers a named target\'s provider first, its values, and the keys of its pricing, in block and flow style', () => {
    assert.deepEqual(labelsOf(complete(spec('targets: { a: { § } }'))), ['provider']);
    assert.deepEqual(labelsOf(complete(spec('targets:\n  a:\n    §'))), ['provider']);
    assert.deepEqual(labelsOf(complete(spec('targets:\n  a:\n    provider: §'))), ['recorded', 'openai', 'anthropic', 'http', 'command']);
    assert.deepEqual(labelsOf(complete(spec('targets: { a: { provider: § } }'))), ['recorded', 'openai', 'anthropic', 'http', 'command']);
    const flow = labelsOf(complete(spec('targets: { a: { provider: anthropic, § } }')).filter((i) => i.kind === 'key'));
    for (const key of ['model', 'max_tokens', 'pricing']) assert.ok(flow.includes(key), `${key} in ${flow}`);
    assert.ok(!flow.includes('provider'), 'a key already written is not offered again');
    const pricing = labelsOf(complete(spec('targets:\n  a:\n    provider: recorded\n    path: a.jsonl\n    pricing:\n      §')).filter((i) => i.kind === 'key'));
    for (const key of ['input_per_mtok', 'output_per_mtok', 'traffic_per_day']) assert.ok(pricing.includes(key), `${key} in ${pricing}`);
  });

  it('offers targets: at the top level of a spec with neither target key', () => {
    const items = complete(spec('§'));
    const targets = items.find((i) => i.label === 'targets' && i.kind === 'key');
    assert.ok(targets, 'targets is offered');
    assert.match(targets.documentation ?? '', /Several targets/);
  });
});
