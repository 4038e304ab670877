// Completion and hover in a real VS Code, on a spec being edited (restored after each test):
// frontmatter keys with their descriptions, a target's provider values and provider keys, the labels for
// `expect`, the tags in use, case snippets inside a cases block, the contributed snippets in the prose.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openSpec, restore, services, waitFor } from './authoring-support.js';

const CURSOR = '§';

/** Replaces `search` with `replacement`, in which `§` marks the cursor; returns the cursor position. */
async function typeAt(document: vscode.TextDocument, search: string, replacement: string): Promise<vscode.Position> {
  const start = document.getText().indexOf(search);
  if (start < 0) throw new Error(`"${search}" is not in the document`);
  const at = replacement.indexOf(CURSOR);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(start + search.length)), replacement.replace(CURSOR, ''));
  assert.ok(await vscode.workspace.applyEdit(edit));
  return document.positionAt(start + at);
}

async function complete(document: vscode.TextDocument, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, trigger);
  return list?.items ?? [];
}

const labelOf = (item: vscode.CompletionItem): string => (typeof item.label === 'string' ? item.label : item.label.label);
const docOf = (item: vscode.CompletionItem | undefined): string => (item?.documentation instanceof vscode.MarkdownString ? item.documentation.value : String(item?.documentation ?? ''));

describe('authoring: completion', () => {
  let document: vscode.TextDocument;
  let original: string;

  before(async () => {
    await services();
    document = (await openSpec('authoring', 'complete.aispec.md')).document;
    original = document.getText();
  });

  afterEach(async () => {
    await restore(document, original);
  });

  it('offers the frontmatter keys not yet written, with the schema\'s descriptions', async () => {
    const position = await typeAt(document, 'status: review\n', `status: review\now${CURSOR}\n`);
    const items = await complete(document, position);
    const owner = items.find((i) => labelOf(i) === 'owner');
    assert.ok(owner, `items: ${items.map(labelOf).join(', ')}`);
    assert.equal(owner.kind, vscode.CompletionItemKind.Property);
    assert.match(docOf(owner), /Who answers for the spec/);
    assert.equal((owner.insertText as vscode.SnippetString).value, 'owner: $0');
    assert.ok(!items.some((i) => labelOf(i) === 'status' && i.kind === vscode.CompletionItemKind.Property), 'status is already written');
    // Ours (detail = the snippet's name): VS Code's own snippet items may also show while the new line is
    // not yet tokenized as embedded YAML.
    const ours = items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet && /^(Target|Judge|Gates)/.test(i.detail ?? ''));
    assert.ok(!ours.some((i) => i.detail?.startsWith('Target')), 'target is written: no target snippets');
    assert.ok(ours.some((i) => i.detail === 'Judge'));
  });

  it('offers the provider values in a target block, and the keys of the chosen provider', async () => {
    const position = await typeAt(document, 'provider: openai', `provider: ${CURSOR}`);
    const values = (await complete(document, position, ' ')).filter((i) => i.kind === vscode.CompletionItemKind.Value).map(labelOf);
    assert.deepEqual(values, ['recorded', 'openai', 'anthropic', 'http', 'command']);
    await restore(document, original);
    const keyAt = await typeAt(document, '  model: gpt-4o-mini\n', `  model: gpt-4o-mini\n  ${CURSOR}\n`);
    const keys = (await complete(document, keyAt)).filter((i) => i.kind === vscode.CompletionItemKind.Property).map(labelOf);
    assert.ok(keys.includes('temperature') && keys.includes('base_url') && keys.includes('system_file'), `keys: ${keys}`);
    assert.ok(!keys.includes('url') && !keys.includes('model'), `keys: ${keys}`);
  });

  it('offers the spec\'s labels for expect, and its tags for tags', async () => {
    const position = await typeAt(document, 'expect: answer', `expect: ${CURSOR}`);
    const labels = (await complete(document, position, ' ')).filter((i) => i.kind === vscode.CompletionItemKind.EnumMember).map(labelOf);
    assert.deepEqual(labels, ['refuse', 'answer']);
    await restore(document, original);
    const tagAt = await typeAt(document, 'tags: [core]', `tags: [core, ${CURSOR}]`);
    const tags = (await complete(document, tagAt, ' ')).filter((i) => i.kind === vscode.CompletionItemKind.Keyword).map(labelOf);
    assert.deepEqual(tags, ['adversarial', 'edge', 'regression']);
  });

  it('offers the case snippets in a cases block, with the spec\'s labels as the choices of expect', async () => {
    const position = await typeAt(document, '  tags: [core]\n```', `  tags: [core]\n${CURSOR}\n\`\`\``);
    const items = await complete(document, position);
    const snippet = items.find((i) => labelOf(i) === 'case-label');
    assert.ok(snippet, `items: ${items.map(labelOf).join(', ')}`);
    assert.equal(snippet.kind, vscode.CompletionItemKind.Snippet);
    assert.match((snippet.insertText as vscode.SnippetString).value, /expect: \$\{3\|refuse,answer\|\}/);
  });

  it('leaves the contributed snippets to VS Code in the prose', async () => {
    const position = await typeAt(document, '## Goal\n\n', `## Goal\n\n${CURSOR}\n\n`);
    const items = await complete(document, position);
    const prefixes = items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf);
    for (const p of ['spec', 'anti-pattern', 'pass-example', 'fail-example']) assert.ok(prefixes.includes(p), `${p} not among ${prefixes.join(', ')}`);
    assert.ok(!items.some((i) => i.kind === vscode.CompletionItemKind.Property), 'no keys in prose');
  });
});

describe('authoring: hover', () => {
  it('shows the schema\'s description of a key and the meaning of a value', async () => {
    await services();
    const document = (await openSpec('authoring', 'complete.aispec.md')).document;
    const at = (text: string) => document.positionAt(document.getText().indexOf(text) + 1);
    const text = async (position: vscode.Position) => {
      const hovers = await waitFor('a hover', async () => {
        const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
        return h?.length ? h : undefined;
      });
      return hovers.flatMap((h) => h.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : typeof c === 'string' ? c : c.value))).join('\n');
    };
    const passRate = await text(at('pass_rate'));
    assert.match(passRate, /\*\*gates\.pass_rate\*\*/);
    assert.match(passRate, /Minimum overall pass rate/);
    assert.match(await text(at('review')), /Ready for review/);
    assert.match(await text(at('max-words')), /at most this many words/);
  });
});
