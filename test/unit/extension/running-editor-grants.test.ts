// The editor's permissions as a pure mapping (run-manager.ts feeds it the trust state and the user-level
// settings): a trusted workspace runs programs and reads anywhere, secrets beyond a provider's key to its
// official host need the user's own settings, and the manifest keeps those settings out of a workspace's reach.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { permissionProblems, secretAllowed } from '../../../src/core/index.js';
import { EDITOR_GRANT_ADVICE, editorGrants, type EditorGrantInputs } from '../../../src/extension/running/editor-grants.js';

const inputs = (patch: Partial<EditorGrantInputs> = {}): EditorGrantInputs => ({ trusted: true, allowEnv: undefined, allowHosts: undefined, storedKeys: [], roots: ['/'], ...patch });

describe('extension running: the editor\'s grants', () => {
  it('untrusted grants nothing (nothing runs there anyway); trusted allows programs and reads anywhere', () => {
    const untrusted = editorGrants(inputs({ trusted: false, allowEnv: ['X'], allowHosts: ['h.example'], storedKeys: ['Y'] })).grants;
    assert.deepEqual([untrusted.command, [...untrusted.env], untrusted.hosts, untrusted.read], [false, [], [], []]);
    const trusted = editorGrants(inputs()).grants;
    assert.equal(trusted.command, true);
    assert.deepEqual(trusted.read, ['/']);
    assert.deepEqual(trusted.hosts, []);
  });

  it('secrets: provider keys to official hosts only, unless the user lists hosts; a stored key counts for its variable, not a host', () => {
    const plain = editorGrants(inputs({ storedKeys: ['GATEWAY_KEY'] })).grants;
    assert.equal(secretAllowed('OPENAI_API_KEY', 'https://api.openai.com/v1', plain), true);
    assert.equal(secretAllowed('OPENAI_API_KEY', 'http://127.0.0.1:8080/v1', plain), false, 'a workspace base_url setting gets no key');
    assert.equal(secretAllowed('GATEWAY_KEY', 'https://gw.example.com/v1', plain), false, 'stored, but the host is not allowed');
    assert.equal(secretAllowed('GATEWAY_KEY', 'https://api.openai.com/v1', plain), true);
    const listed = editorGrants(inputs({ storedKeys: ['GATEWAY_KEY'], allowHosts: ['gw.example.com'] })).grants;
    assert.equal(secretAllowed('GATEWAY_KEY', 'https://gw.example.com/v1', listed), true);
    assert.equal(secretAllowed('GITHUB_TOKEN', 'https://gw.example.com/v1', listed), false);
    assert.equal(secretAllowed('GITHUB_TOKEN', 'https://gw.example.com/v1', editorGrants(inputs({ allowEnv: ['GITHUB_TOKEN'], allowHosts: ['gw.example.com'] })).grants), true);
  });

  it('entries that are not names or hosts are ignored and reported; a non-list is nothing', () => {
    const { grants, ignored } = editorGrants(inputs({ allowEnv: ['OK_NAME', 'not a name', 3], allowHosts: ['https://x.example/v1', 'good.example'] }));
    assert.deepEqual([...grants.env], ['OK_NAME']);
    assert.deepEqual(grants.hosts, [{ host: 'good.example' }]);
    assert.equal(ignored.length, 2);
    assert.deepEqual(editorGrants(inputs({ allowEnv: 'X', allowHosts: { a: 1 } })).grants.hosts, []);
  });

  it('a refused run names the user settings to add', () => {
    const [problem] = permissionProblems({ target: { provider: 'openai', model: 'm', base_url: 'https://gw.example.com/v1', api_key_env: 'GATEWAY_KEY' } }, editorGrants(inputs()).grants, EDITOR_GRANT_ADVICE);
    assert.match(problem!.message, /add "GATEWAY_KEY" to the user setting aispec\.allowEnv .* and add "gw\.example\.com" to the user setting aispec\.allowHosts$/);
  });

  it('the manifest: both settings are application-scoped (user settings only) and restricted in untrusted workspaces', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    };
    for (const key of ['aispec.allowEnv', 'aispec.allowHosts']) {
      assert.equal(pkg.contributes.configuration.properties[key]?.scope, 'application', key);
      assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key), key);
    }
  });
});
