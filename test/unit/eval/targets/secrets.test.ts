import assert from 'node:assert/strict';
import { firstSecretSource, Scrubber } from '../../../../src/core/eval/targets/index.js';
import { headersForFingerprint, resolveHeaders } from '../../../../src/core/eval/targets/secrets.js';
import { createEnvSecrets } from '../../../../src/node/env-secrets.js';
import { memorySecrets } from '../../../support/memory-host.js';
import { caseError } from './helpers.js';

describe('targets: secrets', () => {
  it('the scrubber replaces known secrets (also URL- and JSON-escaped) and bearer tokens', () => {
    const s = new Scrubber();
    s.add('sk-abc/def+ghi"123');
    s.add('no'); // too short to scrub
    const text = `key sk-abc/def+ghi"123 in url ${encodeURIComponent('sk-abc/def+ghi"123')} in json ${JSON.stringify('sk-abc/def+ghi"123')} Authorization: Bearer eyJhbGciOi.xyz no`;
    const out = s.scrub(text);
    assert.ok(!out.includes('sk-abc'), out);
    assert.match(out, /Bearer \*\*\*/);
    assert.match(out, / no$/);
    assert.equal(s.scrubKnown('Bearer eyJhbGciOi.xyz'), 'Bearer eyJhbGciOi.xyz');
  });

  it('resolveHeaders fills ${ENV}, scrubs literal credential headers, errors name the variable', async () => {
    const s = new Scrubber();
    const headers = await resolveHeaders({ Authorization: 'Bearer ${TOKEN}', 'x-api-key': 'literal-key-1234', Accept: 'json' }, memorySecrets({ TOKEN: 'tok-5678-abcd' }), 'https://api.example.com', s, 'test');
    assert.deepEqual(headers, { Authorization: 'Bearer tok-5678-abcd', 'x-api-key': 'literal-key-1234', Accept: 'json' });
    assert.equal(s.scrub('tok-5678-abcd literal-key-1234'), '*** ***');
    await caseError(resolveHeaders({ A: '${MISSING_ONE}' }, memorySecrets({}), 'https://api.example.com', s, 'test'), /MISSING_ONE/);
  });

  it('fingerprints keep ${ENV} references and redact literal credentials', () => {
    assert.deepEqual(headersForFingerprint({ Authorization: 'Bearer ${K}', 'X-Api-Key': 'sk-literal', 'X-Org': 'acme' }), {
      authorization: 'Bearer ${K}',
      'x-api-key': '***',
      'x-org': 'acme',
    });
    assert.equal(headersForFingerprint({}), undefined);
  });

  it('env secrets trim values and treat empty as missing; firstSecretSource falls through', async () => {
    const env = createEnvSecrets({ A: ' key-a\n', EMPTY: '', B: 'env-b' });
    assert.equal(await env.get('A'), 'key-a');
    assert.equal(await env.get('EMPTY'), undefined);
    assert.equal(await env.get('NOPE'), undefined);
    const chained = firstSecretSource(memorySecrets({ B: 'stored-b' }), env);
    assert.equal(await chained.get('B'), 'stored-b');
    assert.equal(await chained.get('A'), 'key-a');
  });
});
