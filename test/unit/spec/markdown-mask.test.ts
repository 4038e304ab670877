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
import { parseMarkdown } from '../../../src/core/spec/markdown.js';

const whole = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

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
