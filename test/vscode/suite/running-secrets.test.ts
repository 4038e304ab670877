// "aispec: Set API Key…" stores the key in secret storage, never in settings; a run reads it from there (and
// takes the openai base URL from the aispec.providers.openai.baseUrl setting) against a fixture server. The
// stored key counts as the user's say-so for its variable, not for a host: the key goes to the fixture server
// only once the user-level aispec.allowHosts setting names it.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/extension/running/run-manager.js';
import { runningApi, workspaceUri, type Api } from './running-support.js';

const NAME = 'AISPEC_RUNNING_TEST_KEY';
const KEY = 'sk-running-test-0123456789abcdef';

describe('running: API keys in secret storage', () => {
  let api: Api;
  let server: Server;
  let seenAuth: Array<string | undefined> = [];

  before(async () => {
    api = await runningApi();
    server = createServer((req, res) => {
      seenAuth.push(req.headers.authorization);
      req.resume().on('end', () => {
        const ok = req.headers.authorization === `Bearer ${KEY}`;
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? { choices: [{ message: { role: 'assistant', content: 'key accepted' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2 } } : { error: { message: 'bad key' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    await api.secrets.delete(NAME);
    await vscode.workspace.getConfiguration('aispec').update('providers.openai.baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('aispec').update('cache', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('aispec').update('allowHosts', undefined, vscode.ConfigurationTarget.Global);
    await new Promise((resolve) => server.close(resolve));
  });

  it('Set API Key stores the key in secret storage and nowhere in settings', async () => {
    const stored = await vscode.commands.executeCommand<string>('aispec.setApiKey', NAME, KEY);
    assert.equal(stored, NAME);
    assert.equal(await api.services.context.secrets.get(NAME), KEY, 'in the extension\'s secret storage, under the variable name');
    assert.equal(await api.secrets.source().get(NAME), KEY, 'runs read it');
    assert.deepEqual(api.secrets.names().includes(NAME), true, 'the name (only) is remembered');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('aispec')) + JSON.stringify(vscode.workspace.getConfiguration());
    assert.equal(settings.includes(KEY), false, 'the key is in no setting');
    assert.equal(JSON.stringify(api.services.context.globalState.keys().map((k) => api.services.context.globalState.get(k))).includes(KEY), false, 'nor in global state');
  });

  it('without aispec.allowHosts naming the server, the stored key is not sent there: the run stops at api_key_env', async () => {
    const port = (server.address() as AddressInfo).port;
    const config = vscode.workspace.getConfiguration('aispec');
    await config.update('providers.openai.baseUrl', `http://127.0.0.1:${port}/v1`, vscode.ConfigurationTarget.Workspace);
    await config.update('cache', false, vscode.ConfigurationTarget.Workspace);
    await config.update('allowHosts', undefined, vscode.ConfigurationTarget.Global);
    seenAuth = [];
    const outcome = await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', workspaceUri('running', 'openai-secret.aispec.md'));
    assert.equal(outcome?.kind, 'not-permitted', JSON.stringify(outcome));
    assert.match(outcome && 'message' in outcome ? outcome.message : '', new RegExp(`add "127\\.0\\.0\\.1:${port}" to the user setting aispec\\.allowHosts`));
    assert.deepEqual(seenAuth, [], 'no request at all');
  });

  it('a run sends the stored key to the base URL from settings once the user allows its host, and the key stays out of the results', async () => {
    const port = (server.address() as AddressInfo).port;
    const config = vscode.workspace.getConfiguration('aispec');
    await config.update('providers.openai.baseUrl', `http://127.0.0.1:${port}/v1`, vscode.ConfigurationTarget.Workspace);
    await config.update('cache', false, vscode.ConfigurationTarget.Workspace);
    await config.update('allowHosts', ['127.0.0.1'], vscode.ConfigurationTarget.Global);
    seenAuth = [];
    const outcome = await vscode.commands.executeCommand<RunOutcome>('aispec.runEval', workspaceUri('running', 'openai-secret.aispec.md'));
    assert.equal(outcome?.kind, 'ran', JSON.stringify(outcome));
    const results = (outcome as Extract<RunOutcome, { kind: 'ran' }>).results;
    assert.deepEqual(seenAuth, [`Bearer ${KEY}`], 'one request, with the stored key');
    assert.equal(results.cases[0]?.status, 'pass', results.cases[0]?.reason);
    assert.equal(JSON.stringify(results).includes(KEY), false, 'no key in the results');
  });
});
