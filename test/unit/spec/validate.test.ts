// Schema validation: every message class, its exact wording, and the position guarantee: the diagnostic's
// range covers exactly the key or value at fault (asserted as the text it spans), never line 1.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadSpec } from '../../../src/core/spec/load.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import type { Diagnostic, ParsedSpec, QuickFix } from '../../../src/core/spec/types.js';
import { validateSpec } from '../../../src/core/spec/validate.js';
import { memorySpecHost } from '../../support/memory-host.js';

const FILE = 'specs/test.aispec.md';

function validate(text: string): { spec: ParsedSpec; diagnostics: Diagnostic[] } {
  const spec = parseSpec(text, FILE);
  assert.deepEqual(spec.diagnostics, [], 'the test text itself parses cleanly');
  return { spec, diagnostics: validateSpec(spec) };
}

/** A spec with the required frontmatter plus `extra` frontmatter lines and a body. */
function spec(extra = '', body = ''): string {
  return `---\naispec: 1\nid: test\ntitle: A test spec\n${extra}---\n\n# Test\n\n${body}`;
}

function cases(yaml: string): string {
  return '```yaml cases\n' + yaml + '```\n';
}

function rubric(yaml: string): string {
  return '```yaml rubric\n' + yaml + '```\n';
}

const textOf = (s: ParsedSpec, d: Diagnostic): string => (d.range.file === s.file ? s.text : s.files.get(d.range.file)!);
const spanned = (s: ParsedSpec, d: Diagnostic): string => textOf(s, d).slice(d.range.start, d.range.end);

function applyFix(text: string, fix: QuickFix): string {
  const edits = [...fix.edits].sort((a, b) => b.start - a.start);
  return edits.reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/** The one diagnostic of the spec, asserted to be a schema error spanning exactly `span`, with `message`. */
function expectOne(text: string, message: string, span: string, severity: Diagnostic['severity'] = 'error'): { spec: ParsedSpec; d: Diagnostic } {
  const { spec: s, diagnostics } = validate(text);
  assert.equal(diagnostics.length, 1, `one diagnostic, got: ${diagnostics.map((d) => d.message).join(' | ')}`);
  const d = diagnostics[0]!;
  assert.equal(d.code, 'schema');
  assert.equal(d.severity, severity);
  assert.equal(d.message, message);
  assert.equal(spanned(s, d), span);
  return { spec: s, d };
}

/** Applies the diagnostic's only fix and asserts the spec then validates clean. */
function fixesCleanly(s: ParsedSpec, d: Diagnostic, expected?: string): void {
  assert.equal(d.fixes?.length, 1, 'one quick fix');
  const fixed = applyFix(s.text, d.fixes![0]!);
  if (expected !== undefined) assert.ok(fixed.includes(expected), `fixed text contains ${expected}`);
  assert.deepEqual(validate(fixed).diagnostics.map((x) => x.message), []);
}

describe('validateSpec', () => {
  describe('a valid spec', () => {
    it('the full example of the format yields no diagnostics', () => {
      const text = readFileSync('test/fixtures/specs/health-assistant.aispec.md', 'utf8');
      const { spec: s, diagnostics } = validate(text);
      assert.equal(s.cases.length, 3);
      assert.equal(s.rubric.length, 2);
      assert.deepEqual(diagnostics, []);
    });

    it('accepts x- extension keys at the top level', () => {
      assert.deepEqual(validate(spec('x-team: growth\nx-jira: { project: AI }\n')).diagnostics, []);
    });

    it('accepts every target provider with its own keys', () => {
      const targets = [
        'target: { provider: recorded, path: logs/outputs.jsonl }',
        'target: { provider: openai, model: llama3, base_url: "http://localhost:11434/v1", api_key_env: OLLAMA_KEY, system: "Be brief.", temperature: 0, max_tokens: 200, headers: { X-Env: "${STAGE}" } }',
        'target: { provider: anthropic, model: claude-3-5-haiku-latest, system_file: prompts/p.md, max_tokens: 1024 }',
        'target: { provider: http, url: "https://api.example.com/answer", method: POST, body: { q: "{{input}}" }, output: choices.0.message.content }',
        'target: { provider: command, command: [python, answer.py], cwd: tools, timeout_ms: 5000 }',
        'target: { provider: command, command: "node answer.js" }',
      ];
      for (const t of targets) assert.deepEqual(validate(spec(`${t}\n`)).diagnostics, [], t);
    });

    it('accepts classify in its json and judge forms', () => {
      assert.deepEqual(validate(spec('labels: [a, b]\nclassify: { json: result.label }\n')).diagnostics, []);
      assert.deepEqual(validate(spec('labels: [a, b]\nclassify: { judge: true }\njudge: { provider: anthropic, model: m }\n')).diagnostics, []);
    });

    it('accepts cases with messages, vars, meta and every check kind', () => {
      const body = cases(
        [
          '- id: conv-1',
          '  messages:',
          '    - { role: system, content: Be brief. }',
          '    - { role: user, content: Hi }',
          '  vars: { locale: en }',
          '  meta: anything',
          '  checks:',
          '    - { equals: "x" }',
          '    - { contains: "x" }',
          '    - { icontains: "x" }',
          '    - { not-contains: "x" }',
          '    - { regex: "^a+$", flags: im }',
          '    - { not-regex: "\\\\d+ ?mg" }',
          '    - { starts-with: "x" }',
          '    - { is-json: true }',
          '    - { json-schema: { type: object, required: [label] } }',
          '    - { max-words: 10 }',
          '    - { min-words: 1 }',
          '    - { max-chars: 100 }',
          '    - { min-chars: 0 }',
          '    - { max-latency-ms: 2000 }',
          '    - { max-cost-usd: 0.01 }',
          '',
        ].join('\n'),
      );
      assert.deepEqual(validate(spec('', body)).diagnostics, []);
    });
  });

  describe('targets: several targets to compare', () => {
    it('accepts named targets of any provider, each with its own pricing', () => {
      const text = spec('targets:\n  small: { provider: openai, model: gpt-4o-mini, pricing: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }\n  logged.v2: { provider: recorded, path: out.jsonl }\n  local_1: { provider: command, command: [python, answer.py], pricing: { input_per_mtok: 0, output_per_mtok: 0, traffic_per_day: 100 } }\n');
      assert.deepEqual(validate(text).diagnostics, []);
    });

    it('rejects target: and targets: together, at targets', () => {
      const { diagnostics, spec: s } = validate(spec('target: { provider: recorded, path: a.jsonl }\ntargets:\n  b: { provider: recorded, path: b.jsonl }\n'));
      assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join(' | '));
      assert.equal(diagnostics[0]!.severity, 'error');
      assert.match(diagnostics[0]!.message, /^Use either target: \(one target\) or targets: \(several to compare\), not both/);
      assert.equal(spanned(s, diagnostics[0]!), 'targets');
    });

    it('checks target names like ids', () => {
      const { diagnostics } = validate(spec('targets:\n  Big Model: { provider: recorded, path: b.jsonl }\n'));
      assert.ok(diagnostics.length >= 1);
      assert.ok(diagnostics.some((d) => d.severity === 'error' && d.message === '"Big Model" is not a valid target name: like an id, a name is lowercase letters, digits, ".", "_" and "-", starting with a letter or digit, e.g. gpt-4o-mini.'), diagnostics.map((d) => d.message).join(' | '));
    });

    it('checks each target against its provider', () => {
      const { diagnostics } = validate(spec('targets:\n  a: { provider: recorded }\n'));
      assert.ok(diagnostics.some((d) => /path/.test(d.message)), diagnostics.map((d) => d.message).join(' | '));
    });
  });

  describe('unknown keys', () => {
    it('points at the key and suggests the closest allowed key, with a fix', () => {
      const { spec: s, d } = expectOne(spec('gates:\n  pas_rate: 0.9\n'), 'Unknown key "pas_rate" in gates. Did you mean "pass_rate"?', 'pas_rate');
      fixesCleanly(s, d, 'pass_rate: 0.9');
    });

    it('lists the allowed keys when none is close', () => {
      expectOne(
        spec('pricing: { input_per_mtok: 1, output_per_mtok: 2, currency: EUR }\n'),
        'Unknown key "currency" in pricing. Allowed keys: input_per_mtok, output_per_mtok, traffic_per_day.',
        'currency',
      );
    });

    it('at the top level, suggests the right key or says where a nested key belongs', () => {
      const { spec: s, d } = expectOne(spec('titel: x\n'), 'Unknown key "titel" in the frontmatter. Did you mean "title"?', 'titel');
      assert.equal(d.fixes?.[0]?.edits[0]?.newText, 'title');
      void s;
      expectOne(spec('pass_rate: 0.9\n'), 'Unknown key "pass_rate" in the frontmatter: it belongs under gates:.', 'pass_rate');
    });

    it('checks a target against its provider, naming the provider a stray key belongs to', () => {
      expectOne(spec('target: { provider: openai, modle: gpt-4o }\n'), 'Unknown key "modle" in target. Did you mean "model"?', 'modle');
      expectOne(
        spec('target: { provider: openai, model: gpt-4o, url: "https://x.example.com" }\n'),
        'Unknown key "url" in target: an openai target takes provider, model, base_url, api_key_env, system, system_file, temperature, max_tokens, headers, tools, tool_choice, pricing. ("url" belongs to http targets.)',
        'url',
      );
    });

    it('in a case, names the case; in a check, names the check', () => {
      expectOne(spec('', cases('- id: c1\n  input: hi\n  tgas: [edge]\n')), 'Unknown key "tgas" in case "c1". Did you mean "tags"?', 'tgas');
      expectOne(spec('', cases('- id: c1\n  input: hi\n  checks:\n    - { regx: "a" }\n')), 'Unknown key "regx" in checks[0] of case "c1". Did you mean "regex"?', 'regx');
    });

    it('a key people reach for is mapped to the format\'s word, and not reported as missing too', () => {
      expectOne(spec('', cases('- id: c1\n  prompt: hi\n')), 'Unknown key "prompt" in case "c1". Did you mean "input"?', 'prompt');
    });

    it('a misspelt required key is reported once, as unknown (not also as missing)', () => {
      expectOne(spec('', rubric('- id: no-dosage\n  critrion: Never states a dose.\n')), 'Unknown key "critrion" in criterion "no-dosage". Did you mean "criterion"?', 'critrion');
    });
  });

  describe('a criterion\'s applies_to', () => {
    it('accepts tags', () => {
      assert.deepEqual(validate(spec('', rubric('- id: a\n  criterion: x\n  applies_to: { tags: [emergency, urgent] }\n'))).diagnostics, []);
    });

    it('rejects unknown selectors, naming the allowed key or the likely one', () => {
      expectOne(spec('', rubric('- id: a\n  criterion: x\n  applies_to: { tags: [emergency], ids: [c1] }\n')), 'Unknown key "ids" in applies_to of criterion "a". Allowed keys: tags.', 'ids');
      expectOne(spec('', rubric('- id: a\n  criterion: x\n  applies_to: { tag: [emergency] }\n')), 'Unknown key "tag" in applies_to of criterion "a". Did you mean "tags"?', 'tag');
      expectOne(spec('', rubric('- id: a\n  criterion: x\n  applies-to: { tags: [emergency] }\n')), 'Unknown key "applies-to" in criterion "a". Did you mean "applies_to"?', 'applies-to');
    });

    it('rejects a bare list and an empty one', () => {
      expectOne(spec('', rubric('- id: a\n  criterion: x\n  applies_to: [emergency]\n')), 'applies_to must be a mapping of keys to values, not a list, e.g. applies_to: { tags: [emergency] }.', '[emergency]');
      expectOne(spec('', rubric('- id: a\n  criterion: x\n  applies_to: { tags: [] }\n')), 'tags must not be empty.', '[]');
    });
  });

  describe('rates written as percentages', () => {
    it('gates.pass_rate: 95 suggests 0.95 at the value, with a fix', () => {
      const { spec: s, d } = expectOne(spec('gates:\n  pass_rate: 95\n'), 'pass_rate is a fraction between 0 and 1: did you mean 0.95?', '95');
      fixesCleanly(s, d, 'pass_rate: 0.95');
    });

    it('per_tag, recall and case_threshold get the same help, without float noise', () => {
      expectOne(spec('gates: { per_tag: { adversarial: 90 } }\n'), 'per_tag.adversarial is a fraction between 0 and 1: did you mean 0.9?', '90');
      expectOne(spec('labels: [refuse, answer]\ngates:\n  recall:\n    refuse: 99.9\n'), 'recall.refuse is a fraction between 0 and 1: did you mean 0.999?', '99.9');
      expectOne(spec('case_threshold: 80\n'), 'case_threshold is a fraction between 0 and 1: did you mean 0.8?', '80');
    });

    it('above 100 it is only out of range', () => {
      const { d } = expectOne(spec('gates: { pass_rate: 950 }\n'), 'pass_rate must be at most 1 (a fraction: 0.95 means 95%).', '950');
      assert.equal(d.fixes, undefined);
    });
  });

  describe('labels', () => {
    const labelled = 'labels: [refuse, answer]\n';

    it('a case whose expect is not a label names the labels and suggests the closest', () => {
      const { spec: s, d } = expectOne(
        spec(labelled, cases('- id: c1\n  input: hi\n  expect: refused\n')),
        'expect "refused" is not one of the labels: refuse, answer. Did you mean "refuse"?',
        'refused',
      );
      fixesCleanly(s, d, 'expect: refuse\n');
    });

    it('with no close label, only names the labels', () => {
      expectOne(spec(labelled, cases('- id: c1\n  input: hi\n  expect: escalate\n')), 'expect "escalate" is not one of the labels: refuse, answer.', 'escalate');
    });

    it('expect without labels says to declare them, with a fix that adds every expected label', () => {
      const { spec: s, diagnostics } = validate(spec('', cases('- id: c1\n  input: hi\n  expect: refuse\n- id: c2\n  input: ho\n  expect: answer\n')));
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.message, spanned(s, d)]),
        [
          ['schema', 'expect "refuse" needs labels: declare the classes in the frontmatter, e.g. labels: [refuse, answer].', 'refuse'],
          ['schema', 'expect "answer" needs labels: declare the classes in the frontmatter, e.g. labels: [refuse, answer].', 'answer'],
        ],
      );
      fixesCleanly(s, diagnostics[0]!, 'labels: [refuse, answer]\n---');
    });

    it('classify keys must be labels (json and judge excepted)', () => {
      const { spec: s, d } = expectOne(
        spec(`${labelled}classify:\n  refusal: { contains: "can't" }\n  answer: { otherwise: true }\n`),
        'classify key "refusal" is not one of the labels: refuse, answer. Did you mean "refuse"?',
        'refusal',
      );
      fixesCleanly(s, d);
    });

    it('classify and classification gates need labels', () => {
      expectOne(spec('classify: { judge: true }\n'), 'classify needs labels: declare the classes in the frontmatter, e.g. labels: [refuse, answer].', 'classify');
      expectOne(spec('gates:\n  accuracy: 0.9\n'), 'gates.accuracy measures a classification: declare its classes with labels: in the frontmatter.', 'accuracy');
    });

    it('recall/precision/f1 keys must be labels', () => {
      expectOne(spec(`${labelled}gates: { precision: { anwser: 0.9 } }\n`), 'precision names "anwser", which is not one of the labels: refuse, answer. Did you mean "answer"?', 'anwser');
    });

    it('labels must be at least two, each once', () => {
      expectOne(spec('labels: [refuse]\n'), 'labels needs at least 2 labels: a classification has two classes or more.', '[refuse]');
      expectOne(spec('labels: [refuse, answer, refuse]\n'), '"refuse" appears twice in labels: remove one.', 'refuse');
    });
  });

  describe('wrong values', () => {
    it('a wrong enum value lists the allowed values and suggests the closest', () => {
      const { spec: s, d } = expectOne(spec('status: aproved\n'), 'status must be one of: draft, review, approved, shipped, retired. Did you mean "approved"?', 'aproved');
      fixesCleanly(s, d, 'status: approved');
      expectOne(spec('status: done\n'), 'status must be one of: draft, review, approved, shipped, retired.', 'done');
      expectOne(spec('target: { provider: gemini, model: x }\n'), 'provider must be one of: recorded, openai, anthropic, http, command.', 'gemini');
    });

    it('a wrong type says the expected type with an example', () => {
      expectOne(spec('timeout_ms: soon\n'), 'timeout_ms must be a whole number, not the text "soon", e.g. timeout_ms: 60000.', 'soon');
      expectOne(spec('concurrency: 2.5\n'), 'concurrency must be a whole number, not the number 2.5, e.g. concurrency: 8.', '2.5');
      expectOne(spec('labels: refuse\n'), 'labels must be a list, not the text "refuse", e.g. labels: [refuse, answer].', 'refuse');
      expectOne(spec('gates: 0.9\n'), 'gates must be a mapping of keys to values, not the number 0.9.', '0.9');
    });

    it('a number where text is expected says to quote it, with a fix', () => {
      const { spec: s, d } = expectOne(spec('', cases('- id: c1\n  input: 42\n')), 'input must be text: put it in quotes, e.g. input: "42".', '42');
      fixesCleanly(s, d, 'input: "42"');
    });

    it('numbers out of range say the limit', () => {
      expectOne(spec('target: { provider: anthropic, model: m, temperature: 1.5 }\n'), 'temperature must be at most 1.', '1.5');
      expectOne(spec('judge: { provider: openai, model: m, temperature: 3 }\n'), 'temperature must be at most 2.', '3');
      expectOne(spec('concurrency: 0\n'), 'concurrency must be at least 1.', '0');
      expectOne(spec('', rubric('- id: a\n  criterion: x\n  weight: 0\n')), 'weight must be greater than 0.', '0');
    });

    it('a URL without its scheme', () => {
      expectOne(spec('target: { provider: openai, model: m, base_url: api.example.com/v1 }\n'), 'base_url must be a full URL, starting with http:// or https://, e.g. http://localhost:11434/v1.', 'api.example.com/v1');
    });
  });

  describe('the frontmatter essentials', () => {
    it('aispec missing is reported on the opening --- line, with a fix', () => {
      const text = '---\nid: test\ntitle: T\n---\n# T\n';
      const { spec: s, d } = expectOne(text, 'The frontmatter needs aispec: 1 (the format version).', '---');
      fixesCleanly(s, d, '---\naispec: 1\nid: test');
    });

    it('aispec other than 1', () => {
      const { spec: s, d } = expectOne('---\naispec: 2\nid: test\ntitle: T\n---\n', 'aispec must be 1: the version of the aispec format this file is written in.', '2');
      fixesCleanly(s, d);
    });

    it('an id that is not a slug suggests one', () => {
      const { spec: s, d } = expectOne(
        '---\naispec: 1\nid: Health Assistant (v2)\ntitle: T\n---\n',
        'id is a lowercase slug: letters, digits, ".", "_" and "-", e.g. health-assistant-medical-advice. Did you mean "health-assistant-v2"?',
        'Health Assistant (v2)',
      );
      fixesCleanly(s, d, 'id: health-assistant-v2');
    });

    it('a missing id or title gets a fix from the file name or the first heading', () => {
      const { spec: s, d } = expectOne('---\naispec: 1\nid: test\n---\n\n# Refuses medical advice\n', 'The frontmatter needs a title: one line saying what the AI must do.', '---');
      fixesCleanly(s, d, 'title: Refuses medical advice\n');
      const noId = expectOne('---\naispec: 1\ntitle: T\n---\n', "The frontmatter needs an id: a lowercase slug that names the spec's runs, e.g. id: test.", '---');
      fixesCleanly(noId.spec, noId.d, 'id: test\n');
    });

    it('an empty frontmatter asks for the three essentials', () => {
      const { spec: s, d } = expectOne('---\n---\n# A title\n', 'The frontmatter is empty: a spec needs at least aispec: 1, id and title.', '---');
      fixesCleanly(s, d);
    });

    it('a YAML syntax error is left to the parser', () => {
      const s = parseSpec('---\naispec: 1\nid: [oops\n---\n', FILE);
      assert.ok(s.diagnostics.length > 0);
      assert.deepEqual(validateSpec(s), []);
    });

    it('a missing key of a nested object is shown at that object\'s key', () => {
      expectOne(spec('target:\n  provider: openai\n  temperature: 0\n'), 'An openai target needs model, e.g. model: gpt-4o-mini.', 'target');
      expectOne(spec('target: { model: x }\n'), 'target needs provider: one of recorded, openai, anthropic, http, command.', 'target');
      expectOne(spec('pricing:\n  input_per_mtok: 1\n'), 'pricing needs output_per_mtok, e.g. output_per_mtok: 0.6.', 'pricing');
    });

    it('system and system_file together', () => {
      expectOne(spec('target: { provider: openai, model: m, system: hi, system_file: p.md }\n'), 'Use system (the prompt inline) or system_file (a path to it), not both.', 'system_file');
    });
  });

  describe('cases', () => {
    it('a case without input or messages is reported at its id key', () => {
      expectOne(spec('', cases('- id: c1\n  tags: [edge]\n')), 'A case needs input (the user message) or messages (a conversation).', 'id');
    });

    it('a case with both is reported at messages', () => {
      expectOne(spec('', cases('- id: c1\n  input: hi\n  messages: [{ role: user, content: hi }]\n')), 'A case has input or messages, not both: put the user message last in messages.', 'messages');
    });

    it('a case without an id is reported on the case', () => {
      expectOne(spec('', cases('- input: hi\n')), 'A case needs an id, e.g. id: dose-01.', 'input: hi');
    });

    it('a case that is not a mapping', () => {
      expectOne(spec('', cases('- just some text\n')), 'A case is a mapping of keys to values (- id: dose-01 / input: ...), not the text "just some text".', 'just some text');
    });

    it('a message role that is misspelt', () => {
      expectOne(spec('', cases('- id: c1\n  messages:\n    - { role: usr, content: hi }\n')), 'role must be one of: system, user, assistant. Did you mean "user"?', 'usr');
    });
  });

  describe("a case's own criteria and reference", () => {
    const own = (yaml: string) => spec('', cases(`- id: c1\n  input: hi\n${yaml}`));

    it('parses text and object criteria into ids case:N / case:ID, and the reference', () => {
      const { spec: s, diagnostics } = validate(own('  criteria:\n    - Mentions 988.\n    - { criterion: No honey under 12 months., critical: true, id: no-honey }\n  reference: Call 988 now.\n'));
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(s.cases[0]!.criteria, [
        { id: 'case:1', criterion: 'Mentions 988.', critical: false, index: 0 },
        { id: 'case:no-honey', criterion: 'No honey under 12 months.', critical: true, index: 1 },
      ]);
      assert.equal(s.cases[0]!.reference, 'Call 988 now.');
    });

    it('an empty or blank criterion is reported at its value', () => {
      const blank = 'A criterion says what this case\'s answer must do, e.g. "Mentions the 988 Suicide & Crisis Lifeline."; this one is blank.';
      expectOne(own('  criteria:\n    - ""\n'), blank, '""');
      expectOne(own('  criteria:\n    - "  "\n'), 'A criterion says what this case\'s answer must do, e.g. "Mentions the 988 Suicide & Crisis Lifeline."; this one is blank.', '"  "');
      expectOne(own('  criteria:\n    - { criterion: "", critical: true }\n'), blank, '""');
    });

    it('a misspelt key, a wrong critical, a bad id and a blank reference are reported where they stand', () => {
      expectOne(own('  criteria:\n    - { criterion: x, critcal: true }\n'), 'Unknown key "critcal" in criteria[0] of case "c1". Did you mean "critical"?', 'critcal');
      expectOne(own('  criteria:\n    - { criterion: x, critical: yes-please }\n'), 'critical must be true or false, not the text "yes-please", e.g. critical: true.', 'yes-please');
      expectOne(own('  criteria:\n    - { criterion: x, id: "has space" }\n'), "A case criterion's id is letters, digits, '-', '_' or '.', e.g. mentions-988.", '"has space"');
      expectOne(own('  reference: "  "\n'), 'A reference is the ideal answer to this case, as text; this one is blank.', '"  "');
      expectOne(own('  criteria: []\n'), 'criteria must not be empty.', '[]');
    });

    it('two criteria of a case with one id are reported at the second', () => {
      expectOne(own('  criteria:\n    - { criterion: a, id: x }\n    - { criterion: b, id: x }\n'), 'Case "c1" has two criteria with the id "case:x": give each its own id (results and human labels tell them apart by it).', '{ criterion: b, id: x }');
    });

    it('a rubric criterion may not take an id the case criteria use', () => {
      for (const id of ['reference', 'case:1']) {
        expectOne(
          spec('', rubric(`- id: "${id}"\n  criterion: Says when.\n`)),
          `The criterion id "${id}" is reserved: "reference" and ids starting with "case:" name the verdicts of a case's own reference and criteria. Rename it.`,
          `"${id}"`,
        );
      }
    });

    it('a CSV case file takes one criterion as text, several as JSON', async () => {
      const csv = 'id,input,criteria,reference\nc1,hi,Mentions 988.,Call 988.\nc2,hi,"[""A"", {""criterion"": ""B"", ""critical"": true}]",\n';
      const s = await loadSpec('specs/t.aispec.md', memorySpecHost({ 'specs/t.aispec.md': spec('cases: cases.csv\n'), 'specs/cases.csv': csv }));
      assert.deepEqual(validateSpec(s).map((d) => d.message), []);
      assert.deepEqual(s.cases.map((c) => [c.criteria?.map((x) => [x.id, x.criterion, x.critical]), c.reference]), [
        [[['case:1', 'Mentions 988.', false]], 'Call 988.'],
        [[['case:1', 'A', false], ['case:2', 'B', true]], undefined],
      ]);
    });
  });

  describe('checks', () => {
    it('a check with two kinds is reported at the second kind key', () => {
      expectOne(
        spec('', cases('- id: c1\n  input: hi\n  checks:\n    - { contains: a, max-words: 3 }\n')),
        'A check has one kind key, but this one has "contains" and "max-words": split it into one check per kind.',
        'max-words',
      );
    });

    it('a check with no kind is reported at its key', () => {
      const message =
        'A check needs one kind key: equals, contains, icontains, not-contains, regex, not-regex, starts-with, is-json, json-schema, max-words, min-words, max-chars, min-chars, max-latency-ms, max-cost-usd, command, tool-called, no-tool-called, max-tool-calls.';
      expectOne(spec('', rubric('- id: a\n  criterion: x\n  check: {}\n')), message, 'check');
    });

    it('flags without a regex', () => {
      expectOne(spec('', cases('- id: c1\n  input: hi\n  checks:\n    - { contains: a, flags: i }\n')), 'flags go with regex or not-regex: add one, or remove flags.', 'flags');
    });

    it('is-json takes only true', () => {
      const { spec: s, d } = expectOne(spec('', cases('- id: c1\n  input: hi\n  checks:\n    - { is-json: false }\n')), 'is-json takes only true: write is-json: true, or remove it.', 'false');
      fixesCleanly(s, d);
    });

    it('a json-schema in draft-07 (the default) or naming its dialect is accepted', () => {
      const body = cases(
        '- id: c1\n  input: hi\n  checks:\n' +
          '    - json-schema: { type: object, definitions: { a: { type: string } }, additionalItems: false }\n' +
          '    - json-schema: { $schema: "https://json-schema.org/draft/2020-12/schema", $defs: { a: { type: string } }, prefixItems: [{ type: string }] }\n',
      );
      assert.deepEqual(validate(spec('', body)).diagnostics, []);
    });

    it('an invalid JSON Schema in json-schema is reported inside it', () => {
      expectOne(spec('', cases('- id: c1\n  input: hi\n  checks:\n    - json-schema: { type: objekt }\n')), 'json-schema is not a valid JSON Schema: type must be equal to one of the allowed values.', 'objekt');
    });
  });

  describe('regular expressions', () => {
    it('an invalid regex in a case check is an error at the value with the JS message', () => {
      expectOne(spec('', cases('- id: c1\n  input: hi\n  checks:\n    - { regex: "(unclosed" }\n')), 'Invalid regular expression: /(unclosed/: Unterminated group.', '"(unclosed"');
    });

    it('in a not-regex with flags, in a criterion check', () => {
      expectOne(spec('', rubric("- id: a\n  criterion: x\n  check: { not-regex: '[a-', flags: i }\n")), 'Invalid regular expression: /[a-/i: Unterminated character class.', "'[a-'");
    });

    it('in a classify rule', () => {
      expectOne(
        spec('labels: [refuse, answer]\nclassify:\n  refuse: { regex: "*can\'t" }\n  answer: { otherwise: true }\n'),
        "Invalid regular expression: /*can't/: Nothing to repeat.",
        '"*can\'t"',
      );
    });

    it('unknown or clashing flags', () => {
      expectOne(spec('', cases('- id: c1\n  input: hi\n  checks:\n    - { regex: a, flags: x }\n')), 'flags are letters among d, g, i, m, s, u, v and y, e.g. i.', 'x');
      expectOne(spec('', cases('- id: c1\n  input: hi\n  checks:\n    - { regex: a, flags: ii }\n')), "flags \"ii\" cannot be used together: Invalid flags supplied to RegExp constructor 'ii'.", 'ii');
    });
  });

  describe('gates that name criteria and tags', () => {
    it('per_criterion names a criterion of the rubric', () => {
      const { spec: s, d } = expectOne(
        spec('gates: { per_criterion: { no-dose: 1 } }\n', rubric('- id: no-dosage\n  criterion: Never states a dose.\n')),
        'per_criterion names "no-dose", which is not a rubric criterion: no-dosage. Did you mean "no-dosage"?',
        'no-dose',
      );
      fixesCleanly(s, d);
    });

    it('a per_tag tag no case carries, close to one that does, is a warning with a fix', () => {
      expectOne(spec('gates: { per_tag: { advesarial: 0.9 } }\n', cases('- id: c1\n  input: hi\n  tags: [adversarial]\n')), 'No case is tagged "advesarial". Did you mean "adversarial"?', 'advesarial', 'warning');
    });
  });

  describe('cases from external files', () => {
    it('JSONL: located in the case file, quotes kept by the fix', async () => {
      const s = await loadSpec(FILE, memorySpecHost({
        [FILE]: spec('labels: [refuse, answer]\ncases: cases.jsonl\n'),
        'specs/cases.jsonl': '{"id": "a", "input": "x", "expect": "refuse"}\n{"id": "b", "input": "y", "expect": "refused", "tgas": ["edge"]}\n',
      }));
      const diagnostics = validateSpec(s);
      assert.deepEqual(
        diagnostics.map((d) => [d.range.file, d.message, spanned(s, d)]),
        [
          ['specs/cases.jsonl', 'expect "refused" is not one of the labels: refuse, answer. Did you mean "refuse"?', '"refused"'],
          ['specs/cases.jsonl', 'Unknown key "tgas" in case "b". Did you mean "tags"?', '"tgas"'],
        ],
      );
      assert.equal(diagnostics[0]!.fixes?.[0]?.edits[0]?.newText, '"refuse"');
      assert.equal(diagnostics[1]!.fixes?.[0]?.edits[0]?.newText, '"tags"');
    });

    it('CSV: errors on the row, and no fix that would overwrite the row', async () => {
      const s = await loadSpec(FILE, memorySpecHost({
        [FILE]: spec('labels: [refuse, answer]\ncases: cases.csv\n'),
        'specs/cases.csv': 'id,input,expect\na,hi,refuse\nb,ho,refused\n',
      }));
      const diagnostics = validateSpec(s);
      assert.deepEqual(diagnostics.map((d) => [d.message, spanned(s, d), d.fixes]), [['expect "refused" is not one of the labels: refuse, answer. Did you mean "refuse"?', 'b,ho,refused', undefined]]);
    });
  });

  describe('positions', () => {
    it('no frontmatter diagnostic of a nested problem lands on line 1', () => {
      const { diagnostics } = validate(spec('gates:\n  pas_rate: 95\nstatus: nope\ntarget: { provider: openai }\n'));
      assert.ok(diagnostics.length >= 3);
      for (const d of diagnostics) assert.ok(d.range.start > 3, d.message);
    });
  });
});
