// parseMarkdown (src/core/spec/markdown.ts) cuts the content of ```yaml cases / rubric blocks out before remark
// reads the document, and maps every offset back. Whatever the fences, the tree must be the one remark makes
// of the whole text: the same nodes at the same offsets (a masked block's code value aside: parse.ts reads the
// content from the source). The scanner jumps from a block's opening line to the next line holding its fence
// run; these texts put such runs where they do not close the block.
import assert from 'node:assert/strict';
import type { Nodes, Parent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { markdownProcessor, parseMarkdown } from '../../../src/core/spec/markdown.js';

/** The same parser, without the masking. */
const whole = markdownProcessor;

function shape(node: Nodes): unknown {
  return {
    type: node.type,
    at: [node.position?.start.offset, node.position?.end.offset],
    children: 'children' in node ? (node as Parent).children.map((c) => shape(c as Nodes)) : undefined,
  };
}

const texts = [
  '# T\n\n```yaml cases\n- id: a\n  input: "```"\n  note: x ``` y\n- id: b\n```\n\nafter\n',
  '# T\n\n````yaml cases\n- id: a\n```\n  input: x\n````\n\n```yaml rubric\n- id: r\n```\n',
  '# T\n\n~~~yaml cases\n- id: a\n```\n~~\n~~~~ x\n~~~~\n\ntext\n',
  '# T\n\n```yaml cases\n- id: a\n    ```\n```yaml\n```\n',
  '# T\n\n```yaml cases\n- id: a\r\n```\r\n\r\n```yaml rubric\r\n- id: r\r\n```  \r\n',
  '# T\n\n```yaml cases\n- id: a\n  input: unclosed ``\n',
  '# T\n\n```js\nx ```\n```\n\n```yaml cases\n- id: a\n```',
];

describe('parseMarkdown masking of cases blocks', () => {
  for (const [i, text] of texts.entries()) {
    it(`gives the offsets remark gives the whole text (${i + 1})`, () => {
      assert.deepEqual(shape(parseMarkdown(text)), shape(whole.parse(text)));
    });
  }
});

describe('parseMarkdown: GFM as GitHub reads it, bare links aside', () => {
  const text = [
    '# T',
    '',
    '| a | b |',
    '| - | - |',
    '| 1 | 2 |',
    '',
    '- [x] done',
    '- [ ] to do',
    '',
    'Say ~~no~~ yes[^1], see www.example.com or https://example.com/a_b or help@example.com.',
    '',
    '[^1]: A note.',
    '',
  ].join('\n');
  const types = (node: Nodes): string[] => [node.type, ...('children' in node ? (node as Parent).children.flatMap((c) => types(c as Nodes)) : [])];

  it('reads tables, task lists, strikethrough and footnotes as remark-gfm does', () => {
    const ours = parseMarkdown(text);
    for (const type of ['table', 'tableRow', 'tableCell', 'delete', 'footnoteReference', 'footnoteDefinition']) assert.ok(types(ours).includes(type), type);
    const items = (ours.children.find((n) => n.type === 'list') as Parent).children as Array<{ checked?: boolean | null }>;
    assert.deepEqual(items.map((i) => i.checked), [true, false]);
  });

  it('leaves bare URLs and emails as text (no autolink literals); everything else is the tree remark-gfm makes', () => {
    const gfm = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).parse(text);
    assert.ok(types(gfm).includes('link'), 'remark-gfm links them');
    assert.ok(!types(parseMarkdown(text)).includes('link'));
    // Without the paragraph holding them, the two trees are the same.
    const withoutLinks = (root: Parent) => ({ ...root, children: root.children.filter((n) => !(n.type === 'paragraph' && JSON.stringify(n).includes('example.com'))) });
    assert.deepEqual(shape(withoutLinks(parseMarkdown(text)) as Nodes), shape(withoutLinks(gfm) as Nodes));
  });
});
