// The schema's "uri" format takes a fast path for URLs of the usual shape: its answers must be ajv-formats'
// own, for those URLs and for everything else.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mulberry32 } from '../../../src/core/metrics/random.js';
import { uri } from '../../../src/core/spec/uri-format.cjs';

const { fullFormats } = createRequire(import.meta.url)('ajv-formats/dist/formats') as { fullFormats: { uri: (text: string) => boolean } };

describe('the schema\'s "uri" format', () => {
  it('answers as ajv-formats for usual, unusual and invalid URLs', () => {
    const fixed = [
      'http://127.0.0.1:41234/v1', 'https://api.openai.com/v1', 'https://example.com', 'http://localhost:8080/', 'HTTPS://EXAMPLE.COM/A',
      'https://x/a b', 'https://exa mple.com', 'http://', 'http:///path', 'https://[::1]:8080/v1', 'https://user:pw@host/v1', 'https://h/v1?q=1#f',
      'ftp://h/x', 'mailto:someone@example.com', 'urn:isbn:0451450523', 'https://h:99999/v1', 'https://h:123456/v1', 'https://h/%zz', 'https://h/%41',
      'https://münchen.de/', 'https://h/ä', '//h/v1', 'h/v1', '', 'https:', 'https://-/', 'https://.../', 'https://h/v1\n', '\nhttps://h/v1', 'http://h:/x',
    ];
    for (const text of fixed) assert.equal(uri(text), fullFormats.uri(text), JSON.stringify(text));
  });

  it('answers as ajv-formats over 20,000 generated URLs', () => {
    const random = mulberry32(3986);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const SCHEMES = ['http://', 'https://', 'HTTP://', 'Https://', 'ftp://', 'http:/', 'http:', ''];
    const HOST = 'abcxyzABC0189.-_~!$&()*+,;=%[]:@ ä';
    const PATH = 'abcXYZ019._~-/!$&()*+,;=:@%?# ä\t';
    let usual = 0;
    for (let step = 0; step < 20000; step++) {
      let text = random() < 0.7 ? pick(['http://', 'https://']) : pick(SCHEMES);
      const hostLength = Math.floor(random() * 12);
      for (let i = 0; i < hostLength; i++) text += random() < 0.95 ? pick([...'abc019.-']) : pick([...HOST]);
      if (random() < 0.4) text += `:${Math.floor(random() * 200000)}`;
      const pathLength = Math.floor(random() * 12);
      for (let i = 0; i < pathLength; i++) text += random() < 0.95 ? pick([...'abz09/._-~']) : pick([...PATH]);
      if (/^https?:\/\/[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:\/[A-Za-z0-9._~/-]*)?$/.test(text)) usual++;
      assert.equal(uri(text), fullFormats.uri(text), `step ${step}: ${JSON.stringify(text)}`);
    }
    assert.ok(usual > 2000, `only ${usual} generated URLs took the fast path`);
  });
});
