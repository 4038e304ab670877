// The extension is found, activates lazily when a spec is opened, and registers its output channel.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openSpec, waitFor } from '../support/index.js';

describe('activation', () => {
  it('is installed under its id and declares no eager activation', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in this extension host`);
    const events: string[] = ext.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `eager activation: ${events}`);
  });

  it('opens hello.aispec.md as language aispec and activates the extension', async () => {
    const editor = await openSpec('hello.aispec.md');
    assert.equal(editor.document.languageId, 'aispec');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    // Opening the spec must activate it (onLanguage:aispec); we never call ext.activate() ourselves.
    await waitFor('the extension to activate after opening a spec', () => ext?.isActive);
  });

  it('creates the "aispec" output channel', async () => {
    // The workbench registers a "show this channel" command per output channel; a log channel's id is
    // `<extension id>.<name>` (VS Code 1.139 appends `.log`).
    const prefix = 'workbench.action.output.show.';
    const ours = [`${prefix}${EXTENSION_ID}.aispec`, `${prefix}${EXTENSION_ID}.aispec.log`];
    let seen: string[] = [];
    const command = await waitFor('the workbench to register the "aispec" output channel', async () => {
      seen = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith(prefix));
      return seen.find((c) => ours.includes(c));
    }).catch((err: Error) => { throw new Error(`${err.message}; channels seen: ${seen.join(', ')}`); });
    await vscode.commands.executeCommand(command);
  });
});
