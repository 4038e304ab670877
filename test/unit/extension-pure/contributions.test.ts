// What package.json contributes for authoring points at real, well-formed files; the rule docs cover every
// code `aispec check` can report; the region scan agrees with the parser.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { ruleDocsMarkdown } from '../../../src/core/authoring/rule-docs.js';
import { regionAt, scanLayout } from '../../../src/core/authoring/regions.js';
import { lintRules, LINT_CONFIG } from '../../../src/core/lint/index.js';
import { parseSpec } from '../../../src/core/spec/parse.js';

const root = new URL('../../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { contributes: Record<string, unknown> };

describe('authoring: contributions', () => {
  it('declares the aispec language with its configuration, grammar and snippets, all present', () => {
    const c = pkg.contributes as {
      languages: { id: string; extensions: string[]; configuration: string }[];
      grammars: { language: string; scopeName: string; path: string; embeddedLanguages: Record<string, string>; tokenTypes: Record<string, string> }[];
      snippets: { language: string; path: string }[];
    };
    const lang = c.languages.find((l) => l.id === 'aispec')!;
    assert.deepEqual(lang.extensions, ['.aispec.md']);
    assert.ok(existsSync(new URL(lang.configuration, root)));
    JSON.parse(readFileSync(new URL(lang.configuration, root), 'utf8'));
    const grammar = c.grammars.find((g) => g.language === 'aispec')!;
    const tm = JSON.parse(readFileSync(new URL(grammar.path, root), 'utf8')) as { scopeName: string; patterns: { include: string }[] };
    assert.equal(tm.scopeName, grammar.scopeName);
    assert.ok(tm.patterns.some((p) => p.include === 'text.html.markdown'), 'keeps Markdown highlighting');
    assert.equal(grammar.embeddedLanguages['meta.embedded.block.frontmatter.aispec'], 'yaml');
    assert.equal(grammar.embeddedLanguages['meta.embedded.block.yaml'], 'yaml');
    assert.equal(grammar.tokenTypes['text.html.markdown.aispec - meta.embedded'], 'comment');
    const snippets = c.snippets.find((s) => s.language === 'aispec')!;
    assert.ok(existsSync(new URL(snippets.path, root)));
  });

  it('the grammar\'s regexes name the scopes the tests and themes rely on', () => {
    const text = readFileSync(new URL('syntaxes/aispec.tmLanguage.json', root), 'utf8');
    for (const scope of ['meta.embedded.block.frontmatter.aispec', 'meta.embedded.block.yaml.cases.aispec', 'meta.embedded.block.yaml.rubric.aispec', 'entity.name.anti-pattern.aispec', 'markup.inserted.example.pass.aispec', 'markup.deleted.example.fail.aispec', 'string.regexp.detector.aispec']) {
      assert.ok(text.includes(scope), scope);
    }
  });
});

describe('authoring: rule docs', () => {
  it('documents every lint rule and the built-in codes', () => {
    for (const rule of lintRules) {
      const doc = ruleDocsMarkdown(rule.id)!;
      assert.ok(doc.startsWith(`# ${rule.id}`));
      assert.ok(doc.includes(rule.docs));
      assert.ok(doc.includes(`${rule.id}: `), 'says how to configure it');
    }
    for (const code of ['parse', 'schema', LINT_CONFIG]) assert.match(ruleDocsMarkdown(code)!, new RegExp(`^# ${code}`));
    assert.equal(ruleDocsMarkdown('no-such-rule'), undefined);
  });
});

describe('authoring: YAML regions', () => {
  it('finds the frontmatter and the cases and rubric fences the parser reads, not other fences', () => {
    const text = readFileSync(new URL('examples/health-assistant/health-assistant.aispec.md', root), 'utf8');
    const layout = scanLayout(text);
    const spec = parseSpec(text, '/h.aispec.md');
    assert.equal(layout.frontmatter?.contentStart, spec.frontmatter?.range.start);
    // The region keeps the line break before the closing `---`: a cursor on a last empty line is inside.
    assert.equal(text.slice(layout.frontmatter!.contentStart, layout.frontmatter!.contentEnd), `${text.slice(spec.frontmatter!.range.start, spec.frontmatter!.range.end)}\n`);
    const blocks = layout.regions.filter((r) => r.kind !== 'frontmatter');
    assert.deepEqual(blocks.filter((r) => r.kind === 'rubric').map((r) => [r.start, r.end]), spec.rubricBlocks.map((b) => [b.start, b.end]));
    assert.deepEqual(blocks.filter((r) => r.kind === 'cases').map((r) => r.start), spec.caseSources.filter((s) => s.kind === 'inline').map((s) => s.range.start));
  });

  it('reads ~~~ fences, longer fences, unclosed fences, and not a fence line itself', () => {
    const text = '---\na: 1\n---\n\n~~~~yaml cases\n- id: a\n```\n~~~~\n\n```yaml rubric\n- id: b\n';
    const layout = scanLayout(text);
    assert.deepEqual(layout.regions.map((r) => r.kind), ['frontmatter', 'cases', 'rubric']);
    assert.equal(regionAt(layout, text.indexOf('```\n~~~~')), layout.regions[1], 'a shorter fence inside does not close it');
    assert.equal(regionAt(layout, text.indexOf('~~~~yaml') + 2), undefined);
    assert.equal(regionAt(layout, text.length), layout.regions[2], 'an unclosed fence runs to the end');
  });

  it('stops early when asked about one offset, and still answers for it', () => {
    const text = `---\na: 1\n---\n\nprose\n\n\`\`\`yaml cases\n- id: a\n\`\`\`\n${'more prose\n'.repeat(1000)}\`\`\`yaml rubric\n- id: b\n\`\`\`\n`;
    const early = scanLayout(text, text.indexOf('prose'));
    assert.deepEqual(early.regions.map((r) => r.kind), ['frontmatter']);
    const inCases = text.indexOf('- id: a');
    const partial = scanLayout(text, inCases);
    assert.equal(regionAt(partial, inCases)?.kind, 'cases');
    assert.equal(regionAt(scanLayout(text), inCases)?.kind, 'cases');
  });
});
