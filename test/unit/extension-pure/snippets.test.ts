// Every snippet in snippets/aispec.code-snippets, expanded with its defaults (and with each of its choices),
// makes a spec that `aispec check` accepts: no parse or schema errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseJsonc } from 'jsonc-parser';
import { SNIPPET_CONTEXTS, escapeSnippet, expandSnippet, type SpecSnippet } from '../../../src/core/authoring/snippets.js';
import { checkSpec } from '../../../src/core/check.js';
import { memorySpecHost } from '../../support/memory-host.js';
import { SNIPPETS } from './helpers.js';

const host = memorySpecHost();

const FRONTMATTER = 'aispec: 1\nid: snippet-test\ntitle: Snippet test';
const BODY = '# Snippet test\n\n## Goal\n\nWhy it matters.\n';

/** The spec a snippet's expansion is checked in, by where the snippet belongs. */
function specWith(snippet: SpecSnippet, expanded: string): string {
  switch (snippet.context) {
    case 'document':
      return expanded;
    case 'frontmatter':
      return `---\n${FRONTMATTER}\n${expanded}\n---\n\n${BODY}`;
    case 'body':
      return `---\n${FRONTMATTER}\n---\n\n${BODY}\n${expanded}\n`;
    case 'cases':
      return `---\n${FRONTMATTER}\nlabels: [refuse, answer]\n---\n\n${BODY}\n\`\`\`yaml cases\n${expanded}\n\`\`\`\n`;
    case 'rubric':
      return `---\n${FRONTMATTER}\n---\n\n${BODY}\n\`\`\`yaml rubric\n${expanded}\n\`\`\`\n`;
  }
}

/** Expansions of a snippet: all defaults, then each choice of each choice placeholder. */
function expansions(body: string): { label: string; text: string }[] {
  const variables = { TM_FILENAME_BASE: 'Refund Policy.aispec' };
  const out = [{ label: 'defaults', text: expandSnippet(body, { variables }) }];
  const choices = new Map<number, string[]>();
  expandSnippet(body, { variables, choose: (i, c) => (choices.set(i, c), c[0]!) });
  for (const [index, options] of choices) {
    for (const option of options.slice(1)) out.push({ label: `$${index} = ${option}`, text: expandSnippet(body, { variables, choose: (i, c) => (i === index ? option : c[0]!) }) });
  }
  return out;
}

describe('authoring: snippets', () => {
  it('has every snippet the extension promises, each with a known place', () => {
    const file = parseJsonc(readFileSync(new URL('../../../snippets/aispec.code-snippets', import.meta.url), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(file).sort(), Object.keys(SNIPPET_CONTEXTS).sort());
    const prefixes = SNIPPETS.map((s) => s.prefix);
    for (const p of ['spec', 'criterion', 'anti-pattern', 'pass-example', 'fail-example', 'case', 'case-label', 'gates', 'target-openai', 'target-anthropic', 'target-http', 'target-command', 'target-recorded']) {
      assert.ok(prefixes.includes(p), `no snippet with prefix ${p}`);
    }
    assert.equal(new Set(prefixes).size, prefixes.length, 'prefixes are unique');
  });

  for (const snippet of SNIPPETS) {
    it(`"${snippet.name}" expands to a valid spec, with every choice`, async () => {
      for (const { label, text } of expansions(snippet.body)) {
        const spec = specWith(snippet, text);
        const { diagnostics } = await checkSpec('/specs/refund-policy.aispec.md', host, { text: spec });
        const errors = diagnostics.filter((d) => d.code === 'parse' || d.code === 'schema');
        assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], `${snippet.name} (${label}):\n${spec}`);
      }
    });
  }

  it('the whole-spec snippet leaves no lint errors, names the spec after its file, and parses every part', async () => {
    const skeleton = SNIPPETS.find((s) => s.context === 'document')!;
    const text = expandSnippet(skeleton.body, { variables: { TM_FILENAME_BASE: 'Refund Policy.aispec' } });
    assert.match(text, /^id: refund-policy$/m);
    const { spec, diagnostics } = await checkSpec('/specs/Refund Policy.aispec.md', host, { text });
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    assert.equal(spec.rubric.length, 2);
    assert.equal(spec.antiPatterns.length, 1);
    assert.ok(spec.antiPatterns[0]!.detector, 'the detector regex is read');
    assert.deepEqual(spec.examples.map((e) => e.kind), ['pass', 'fail']);
    assert.equal(spec.cases.length, 4);
  });

  it('expands VS Code snippet syntax: placeholders, mirrors, choices, escapes, variables and transforms', () => {
    assert.equal(expandSnippet('a ${1:x} ${1} $2 \\$ \\} \\\\'), 'a x x  $ } \\');
    assert.equal(expandSnippet('${1|a,b\\,c|} $1'), 'a a');
    assert.equal(expandSnippet('${1|a,b\\,c|}', { choose: (_i, c) => c[1]! }), 'b,c');
    assert.equal(expandSnippet('${TM_FILENAME_BASE/(.*)/${1:/upcase}/}', { variables: { TM_FILENAME_BASE: 'ab' } }), 'AB');
    assert.equal(expandSnippet('${X/(a)|(b)/${1:+A}${2:?B:-}/g}', { variables: { X: 'ab' } }), 'A-B');
    assert.equal(expandSnippet('${UNKNOWN}'), 'UNKNOWN');
    assert.equal(escapeSnippet('${a}\\'), '\\${a\\}\\\\');
  });
});
