// The extension's stand-ins (vscode is only a type in feature-loader.ts, so plain mocha runs it): a command
// used before the features load loads them and runs the real command; when loading fails, every command
// still answers, with why aispec could not start, instead of VS Code's "command not found".
import assert from 'node:assert/strict';
import { createFeatureLoader, type StandInHost } from '../../../src/extension/feature-loader.js';

/** A command registry with VS Code's one-registration-per-command rule. */
function fakeHost() {
  const registered = new Map<string, (...args: unknown[]) => unknown>();
  const failures: unknown[] = [];
  let serializer: ((panel: never, state: unknown) => unknown) | undefined;
  const host: StandInHost = {
    registerCommand(command, run) {
      if (registered.has(command)) throw new Error(`command '${command}' already exists`);
      registered.set(command, run);
      return { dispose: () => registered.delete(command) };
    },
    async executeCommand(command, ...args) {
      const run = registered.get(command);
      if (!run) throw new Error(`command '${command}' not found`);
      return run(...args);
    },
    registerPanelSerializer(restore) {
      serializer = restore as typeof serializer;
      return { dispose: () => (serializer = undefined) };
    },
    showFailure: (error) => failures.push(error),
  };
  return { host, registered, failures, restore: (state: unknown) => serializer?.({} as never, state) };
}

describe('extension: feature loader (stand-ins)', () => {
  it('a stand-in loads the features once and hands over to the real command, arguments and all', async () => {
    const { host, registered } = fakeHost();
    let loads = 0;
    const loader = createFeatureLoader(['aispec.run', 'aispec.check'], host, () => {
      loads += 1;
      registered.set('aispec.run', (...args) => `ran ${args.join(',')}`);
      registered.set('aispec.check', () => 'checked');
      return {};
    }, () => assert.fail('no failure expected'));
    assert.equal(await host.executeCommand('aispec.run', 'a', 1), 'ran a,1');
    assert.equal(await host.executeCommand('aispec.check'), 'checked');
    loader.load();
    assert.equal(loads, 1);
  });

  it('a restored panel loads the features and is handed to their serializer', async () => {
    const { host, restore } = fakeHost();
    const restored: unknown[] = [];
    createFeatureLoader([], host, () => ({ restoreResultsPanel: (_panel: unknown, state: unknown) => void restored.push(state) }), () => {});
    await restore({ view: 'cases' });
    assert.deepEqual(restored, [{ view: 'cases' }]);
  });

  it('when the features fail to load, every command shows why (also one they registered before failing); the load is not retried', async () => {
    const { host, registered, failures } = fakeHost();
    const broken = new Error('Cannot find module ./extension-features.cjs');
    const logged: unknown[] = [];
    let loads = 0;
    const loader = createFeatureLoader(['aispec.run', 'aispec.check'], host, () => {
      loads += 1;
      registered.set('aispec.check', () => 'the real check'); // registered before the failure: it stays
      throw broken;
    }, (error) => logged.push(error));
    await assert.rejects(Promise.resolve(host.executeCommand('aispec.run')), broken);
    assert.deepEqual(logged, [broken]);
    assert.equal(failures.length, 1);
    await host.executeCommand('aispec.run'); // not "command not found"
    assert.equal(failures.length, 2);
    assert.equal(await host.executeCommand('aispec.check'), 'the real check');
    assert.throws(() => loader.load(), broken);
    assert.equal(loads, 1);
    assert.equal(failures.length, 3);
  });

  it('dispose removes the stand-ins', () => {
    const { host, registered } = fakeHost();
    const loader = createFeatureLoader(['aispec.run'], host, () => ({}), () => {});
    assert.ok(registered.has('aispec.run'));
    loader.dispose();
    assert.equal(registered.size, 0);
  });
});
