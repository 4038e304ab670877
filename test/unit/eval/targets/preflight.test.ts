// Preflight: what would fail every case alike (a missing API key or ${VAR} secret) is found before any
// request, so `aispec eval` exits 2 with one message instead of running N cases into the same error.
import assert from 'node:assert/strict';
import { createChatModel, createTarget } from '../../../../src/core/eval/targets/index.js';
import { specUsesJudge } from '../../../../src/core/eval/graders/classify.js';
import { memorySecrets as secretsFrom } from '../../../support/memory-host.js';
import { caseError, makeDeps } from './helpers.js';

describe('targets: preflight', () => {
  it('openai and anthropic need their key when the spec names api_key_env or the vendor\'s own URL', async () => {
    const deps = makeDeps({ secrets: secretsFrom({}) });
    const openai = await createTarget({ provider: 'openai', model: 'm', base_url: 'http://127.0.0.1:9/v1', api_key_env: 'MY_KEY' }, deps);
    await caseError(openai.preflight!(), /The openai target \(http:\/\/127\.0\.0\.1:9\/v1\) needs the environment variable MY_KEY, which is not set/);
    const anthropic = await createTarget({ provider: 'anthropic', model: 'm' }, deps);
    await caseError(anthropic.preflight!(), /The anthropic target \(https:\/\/api\.anthropic\.com\) needs the environment variable ANTHROPIC_API_KEY/);
    const judge = createChatModel({ provider: 'openai', model: 'gpt-4o' }, deps, { timeoutMs: 1000 });
    await caseError(judge.preflight!(), /OPENAI_API_KEY/);
  });

  it('passes with the key set, for a local server that needs none, and when a header of the spec carries the auth', async () => {
    const withKey = makeDeps({ secrets: secretsFrom({ MY_KEY: 'sk-123' }) });
    await (await createTarget({ provider: 'openai', model: 'm', base_url: 'http://127.0.0.1:9/v1', api_key_env: 'MY_KEY' }, withKey)).preflight!();
    const none = makeDeps({ secrets: secretsFrom({}) });
    await (await createTarget({ provider: 'openai', model: 'm', base_url: 'http://127.0.0.1:11434/v1' }, none)).preflight!();
    const header = makeDeps({ secrets: secretsFrom({ AZ: 'k' }) });
    await (await createTarget({ provider: 'openai', model: 'm', base_url: 'https://api.openai.com/v1', headers: { 'api-key': '${AZ}' } }, header)).preflight!();
  });

  it('a ${VAR} in a header or the url that is not set fails, naming it', async () => {
    const deps = makeDeps({ secrets: secretsFrom({}) });
    const inHeader = await createTarget({ provider: 'openai', model: 'm', base_url: 'http://127.0.0.1:9/v1', headers: { 'X-Team': '${TEAM_TOKEN}' } }, deps);
    await caseError(inHeader.preflight!(), /TEAM_TOKEN/);
    const http = await createTarget({ provider: 'http', url: 'http://127.0.0.1:9/x?key=${URL_KEY}' }, deps);
    await caseError(http.preflight!(), /URL_KEY/);
  });

  it('a judge is needed only by a criterion without a check or by judge classification', () => {
    assert.equal(specUsesJudge([{ check: { regex: 'x' } }], undefined), false);
    assert.equal(specUsesJudge([{ check: { regex: 'x' } }, {}], undefined), true);
    assert.equal(specUsesJudge([], { judge: true }), true);
    assert.equal(specUsesJudge([], { yes: { regex: 'y' } } as never), false);
  });
});
