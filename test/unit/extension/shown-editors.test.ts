// shown-editors.ts: which documents a visible editor shows, following onDidChangeVisibleTextEditors (a fake
// window here: vscode is only a type in that module). CodeLens change events are fired for these only.
import assert from 'node:assert/strict';
import { ShownEditors, type EditorWindow } from '../../../src/extension/shown-editors.js';

type TextEditor = EditorWindow['visibleTextEditors'][number];
type Uri = Parameters<ShownEditors['isShown']>[0];

const editor = (uri: string) => ({ document: { uri: { toString: () => uri } } }) as unknown as TextEditor;

function fakeWindow(initial: string[]) {
  const listeners = new Set<(editors: readonly TextEditor[]) => void>();
  const window = {
    visibleTextEditors: initial.map(editor),
    onDidChangeVisibleTextEditors: (listener: (editors: readonly TextEditor[]) => void) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  } as unknown as EditorWindow;
  const show = (uris: string[]) => listeners.forEach((l) => l(uris.map(editor)));
  return { window, show, listeners };
}

describe('extension: ShownEditors', () => {
  it('knows the editors visible when it starts', () => {
    const { window } = fakeWindow(['file:///a.aispec.md']);
    const shown = new ShownEditors(window);
    assert.equal(shown.isShown('file:///a.aispec.md'), true);
    assert.equal(shown.isShown('file:///b.aispec.md'), false);
  });

  it('follows the visible editors as they change, by URI string or Uri', () => {
    const { window, show } = fakeWindow([]);
    const shown = new ShownEditors(window);
    show(['file:///a.aispec.md', 'file:///b.aispec.md']);
    assert.equal(shown.isShown('file:///b.aispec.md'), true);
    assert.equal(shown.isShown({ toString: () => 'file:///a.aispec.md' } as unknown as Uri), true);
    show(['file:///b.aispec.md']);
    assert.equal(shown.isShown('file:///a.aispec.md'), false);
    assert.equal(shown.isShown('file:///b.aispec.md'), true);
  });

  it('stops listening when disposed', () => {
    const { window, listeners } = fakeWindow([]);
    const shown = new ShownEditors(window);
    assert.equal(listeners.size, 1);
    shown.dispose();
    assert.equal(listeners.size, 0);
  });
});
