// An error inside a case file or a recorded-outputs file quotes at most a short excerpt of the offending
// token, on one line and without control characters: a file that is not what the spec says (a secret, a
// log with escape sequences) never reaches a message whole.
import assert from 'node:assert/strict';
import { checkSpec } from '../../../src/core/check.js';
import { parseRecorded } from '../../../src/core/eval/targets/recorded.js';
import { readCaseFile } from '../../../src/core/spec/case-files.js';
import { EXCERPT_MAX } from '../../../src/core/spec/excerpt.js';
import { memorySpecHost } from '../../support/memory-host.js';

const LONG_SECRET = `SECRET_TOKEN=${'x'.repeat(200)}_END`;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected an error');
}

describe('case file errors quote a short, sanitised excerpt', () => {
  it('a CSV header without "id" quotes at most a short excerpt of the header', () => {
    const { diagnostics } = readCaseFile(`${LONG_SECRET},\u001b]0;title\u0007b\n1,2\n`, 'c.csv', 'csv');
    const message = diagnostics.map((d) => d.message).join('\n');
    assert.match(message, /needs an "id" column \(found: SECRET_TOKEN=x+…\)/);
    assert.doesNotMatch(message, /_END/);
    assert.doesNotMatch(message, CONTROLS);
    assert.ok(message.length < 120 + EXCERPT_MAX, message);
  });

  it('a recorded-outputs line that is not JSON quotes at most a short excerpt', () => {
    const message = errorOf(() => parseRecorded(`${LONG_SECRET}\n`, 'out.jsonl'));
    assert.match(message, /^out\.jsonl:1: not valid JSON/);
    assert.doesNotMatch(message, /_END/);
    assert.ok(message.length < 220, message);
  });

  it('a recorded CSV header without "id" quotes at most a short excerpt', () => {
    const message = errorOf(() => parseRecorded(`${LONG_SECRET},\u202eb\n1,2\n`, 'out.csv'));
    assert.match(message, /needs an "id" column/);
    assert.doesNotMatch(message, /_END/);
    assert.doesNotMatch(message, CONTROLS);
  });

  it('a recorded number that is not one quotes a short, one-line excerpt', () => {
    const message = errorOf(() => parseRecorded(`{"id":"a","output":"x","latency_ms":"${'y'.repeat(100)}\\n::error::z"}\n`, 'out.jsonl'));
    assert.match(message, /"latency_ms" must be a number/);
    assert.doesNotMatch(message, /::error/);
  });
});

describe('schema messages quote a short, clean excerpt of an unknown key', () => {
  it('an unknown key in a case file is cut and blanked', async () => {
    const specText = '---\naispec: 1\nid: a\ntitle: A\nlabels: [yes, no]\ncases: c.jsonl\n---\n\n## Goal\nSay yes.\n';
    const host = memorySpecHost({ '/p/a.aispec.md': specText, '/p/c.jsonl': `{"id":"a","input":"hi","${LONG_SECRET}\\u001b[2J":1}\n` });
    const { diagnostics } = await checkSpec('/p/a.aispec.md', host);
    const message = diagnostics.find((d) => d.message.startsWith('Unknown key'))?.message ?? '';
    assert.match(message, /^Unknown key "SECRET_TOKEN=x+…" in case "a"/);
    assert.doesNotMatch(message, /_END/);
    assert.doesNotMatch(message, CONTROLS);
  });
});
