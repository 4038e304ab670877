// The aispec language in a real VS Code: activation cost, the TextMate grammar as VS Code's own tokenizer
// reads it (Markdown kept, YAML embedded, callouts scoped), embedded YAML's comment style, the editor
// defaults, and the Markdown preview of a spec.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../support/index.js';
import { openSpec, restore, services, waitFor } from './authoring-support.js';

describe('authoring: language', () => {
  before(async () => {
    await services();
  });

  it('logs its activation time, the features load after it (authoring part of them), and activates on its own events only, never *', async function () {
    const { context } = await services();
    const logFile = vscode.Uri.joinPath(context.logUri, 'aispec.log');
    const [ms, features, authoring] = await waitFor('"aispec activated in X ms" and "features loaded in Y ms" in the log', async () => {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(logFile));
      const total = /aispec activated in ([\d.]+) ms/.exec(text);
      const loaded = /aispec features loaded in ([\d.]+) ms/.exec(text);
      const ours = /authoring features registered in ([\d.]+) ms/.exec(text);
      return total && loaded && ours ? [Number(total[1]), Number(loaded[1]), Number(ours[1])] : undefined;
    });
    console.log(`    activation: ${ms} ms; features loaded after it in ${features} ms, ${authoring} ms of that registering the authoring features`);
    this.test!.title += ` (${ms} ms; features ${features} ms; authoring ${authoring} ms)`;
    // The figures are printed, not asserted: the 50 ms activation budget is measured by `npm run bench:editor`
    // (a timed test fails on a loaded machine and proves nothing about speed). Activation registers stand-ins
    // only; the authoring features are registered when the features bundle loads, so they are part of that.
    assert.ok([ms, features, authoring].every(Number.isFinite) && authoring <= features, `${authoring} ms of ${features} ms`);
    const events: string[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*'));
  });

  it('applies the spec editor defaults: word wrap, two-space indent, no word-based suggestions', () => {
    const config = vscode.workspace.getConfiguration('editor', { languageId: 'aispec' });
    assert.equal(config.get('wordWrap'), 'on');
    assert.equal(config.get('tabSize'), 2);
    assert.equal(config.get('wordBasedSuggestions'), 'off');
  });

  it('comments YAML lines with # and prose with <!-- -->: the frontmatter and blocks are embedded YAML', async () => {
    const editor = await openSpec('authoring', 'complete.aispec.md');
    const document = editor.document;
    const original = document.getText();
    const lineOf = (text: string): number => document.positionAt(document.getText().indexOf(text)).line;
    try {
      for (const [text, commented] of [
        ['status: review', /^# status: review$/],
        ['  criterion: Answers in at most 120 words.', /^ {2}# criterion: Answers in at most 120 words\.$/],
        ['General information builds trust', /^<!-- General information builds trust.* -->$/],
      ] as const) {
        const line = lineOf(text);
        editor.selection = new vscode.Selection(line, 2, line, 2);
        await vscode.commands.executeCommand('editor.action.commentLine');
        await waitFor(`line ${line} to be commented`, () => commented.test(document.lineAt(line).text));
      }
    } finally {
      await restore(document, original);
    }
  });

  it('continues a callout on Enter', async () => {
    const editor = await openSpec('authoring', 'complete.aispec.md');
    const document = editor.document;
    const original = document.getText();
    try {
      const line = document.positionAt(document.getText().indexOf('> Detect:')).line;
      const end = document.lineAt(line).range.end;
      editor.selection = new vscode.Selection(end, end);
      await vscode.commands.executeCommand('type', { text: '\n' });
      await waitFor('the new line to start with "> "', () => document.lineAt(line + 1).text === '> ');
    } finally {
      await restore(document, original);
    }
  });

  it('opens a spec in the Markdown preview', async () => {
    const document = (await openSpec('authoring', 'complete.aispec.md')).document;
    await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri);
    const tab = await waitFor('a Markdown preview tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('markdown.preview')),
    );
    assert.match(tab.label, /complete\.aispec\.md/);
    await vscode.window.tabGroups.close(tab);
  });

  describe('grammar (VS Code\'s own TextMate engine and grammars)', () => {
    type Registry = { loadGrammarWithConfiguration(scope: string, id: number, config: object): Promise<Grammar | null> };
    type Grammar = { tokenizeLine(line: string, state: unknown): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[]; ruleStack: unknown }; tokenizeLine2(line: string, state: unknown): { tokens: Uint32Array; ruleStack: unknown } };
    let grammar: Grammar;
    let INITIAL: unknown;
    let lines: { text: string; tokens: { text: string; scopes: string[]; type: number }[] }[];

    before(async function () {
      // vscode-textmate and vscode-oniguruma ship inside VS Code (code-server: lib/vscode/node_modules).
      const modules = path.join(vscode.env.appRoot, 'node_modules');
      if (!existsSync(path.join(modules, 'vscode-textmate'))) this.skip();
      const load = createRequire(path.join(modules, 'x.js'));
      const tm = load('vscode-textmate');
      const onig = load('vscode-oniguruma');
      await onig.loadWASM(readFileSync(path.join(modules, 'vscode-oniguruma', 'release', 'onig.wasm')).buffer);
      const files = new Map<string, string>();
      let ours: { tokenTypes: Record<string, string> } | undefined;
      for (const ext of vscode.extensions.all) {
        for (const g of (ext.packageJSON.contributes?.grammars ?? []) as { scopeName: string; path: string; language?: string; tokenTypes?: Record<string, string> }[]) {
          if (!files.has(g.scopeName)) files.set(g.scopeName, path.join(ext.extensionPath, g.path));
          if (g.language === 'aispec') ours = g as { tokenTypes: Record<string, string> };
        }
      }
      assert.ok(ours, 'the aispec grammar is contributed');
      const types: Record<string, number> = { other: 0, comment: 1, string: 2 };
      const registry: Registry = new tm.Registry({
        onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new onig.OnigScanner(s), createOnigString: (s: string) => new onig.OnigString(s) }),
        loadGrammar: async (scope: string) => {
          const file = files.get(scope);
          return file ? tm.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
        },
      });
      const tokenTypes = Object.fromEntries(Object.entries(ours.tokenTypes).map(([k, v]) => [k, types[v]]));
      grammar = (await registry.loadGrammarWithConfiguration('text.html.markdown.aispec', 1, { tokenTypes }))!;
      INITIAL = tm.INITIAL;
      const text = readFileSync(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'authoring', 'complete.aispec.md').fsPath, 'utf8');
      let state = INITIAL;
      lines = text.split('\n').map((line) => {
        const scoped = grammar.tokenizeLine(line, state);
        const typed = grammar.tokenizeLine2(line, state);
        state = scoped.ruleStack;
        const typeAt = (offset: number): number => {
          let type = 0;
          for (let i = 0; i < typed.tokens.length; i += 2) if (typed.tokens[i]! <= offset) type = (typed.tokens[i + 1]! >>> 8) & 3;
          return type;
        };
        return { text: line, tokens: scoped.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes, type: typeAt(t.startIndex) })) };
      });
    });

    const token = (lineStart: string, text: string) => {
      const line = lines.find((l) => l.text.startsWith(lineStart));
      assert.ok(line, `no line starting ${lineStart}`);
      const t = line.tokens.find((x) => x.text === text);
      assert.ok(t, `no token "${text}" in ${JSON.stringify(line.text)}: ${line.tokens.map((x) => x.text).join(' | ')}`);
      return t;
    };
    const has = (scopes: string[], scope: string) => assert.ok(scopes.some((s) => s === scope || s.startsWith(`${scope}.`)), `${scope} not in ${scopes.join(' ')}`);

    it('keeps Markdown highlighting for headings and emphasis', () => {
      has(token('## Goal', 'Goal').scopes, 'entity.name.section.markdown');
      has(token('> **Passes.**', 'How much ibuprofen?').scopes, 'markup.italic.markdown');
    });

    it('embeds YAML in the frontmatter, the rubric and the cases blocks', () => {
      const key = token('status: review', 'status').scopes;
      has(key, 'meta.embedded.block.frontmatter.aispec');
      has(key, 'entity.name.tag.yaml');
      has(token('- id: no-dosage', 'id').scopes, 'meta.embedded.block.yaml.rubric.aispec');
      has(token('- id: dose-01', 'dose-01').scopes, 'meta.embedded.block.yaml.cases.aispec');
      has(token('```yaml cases', 'cases').scopes, 'keyword.other.block.cases.aispec');
    });

    it('scopes the callouts: alert, anti-pattern name, detector regex, pass and fail leads', () => {
      has(token('> [!CAUTION]', 'CAUTION').scopes, 'keyword.other.alert.caution');
      has(token('> **Anti-pattern', 'hedge, then advise').scopes, 'entity.name.anti-pattern.aispec');
      const detector = lines.find((l) => l.text.startsWith('> Detect:'))!;
      assert.ok(detector.tokens.some((t) => t.scopes.includes('string.regexp.detector.aispec')));
      has(token('> Detect:', 'i').scopes, 'keyword.other.regexp-flags.aispec');
      has(token('> **Passes.**', 'Passes.').scopes, 'markup.inserted.example.pass.aispec');
      has(token('> **Fails.**', 'Fails.').scopes, 'markup.deleted.example.fail.aispec');
    });

    it('types prose as comments (no completion popping up while writing) and YAML as code', () => {
      assert.equal(token('## Goal', 'Goal').type, 1);
      assert.equal(token('status: review', 'review').type, 2);
      assert.equal(token('- id: dose-01', 'id').type, 2);
    });
  });
});
