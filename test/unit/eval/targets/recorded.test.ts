import assert from 'node:assert/strict';
import { createTarget, TargetConfigError } from '../../../../src/core/eval/targets/index.js';
import { RecordedTarget } from '../../../../src/core/eval/targets/recorded.js';
import { hashText30 } from '../../../../src/core/util/first-by-hash.js';
import { caseError, makeCase, makeDeps, never } from './helpers.js';

function configError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof TargetConfigError && pattern.test(e.message));
}

describe('targets: recorded', () => {
  const deps = makeDeps();
  after(() => deps.http.close());

  it('JSONL: output, latency, usage and score by case id; non-string outputs as JSON', async () => {
    const target = await createTarget({ provider: 'recorded', path: 'recorded.jsonl' }, deps);
    assert.deepEqual(await target.run(makeCase({ id: 'r1' }), never()), {
      output: 'Refund approved.',
      latency_ms: 420,
      usage: { input_tokens: 120, output_tokens: 8 },
      score: 0.92,
    });
    assert.deepEqual(await target.run(makeCase({ id: 'r2' }), never()), { output: "I can't help with that." });
    assert.deepEqual(await target.run(makeCase({ id: '3' }), never()), { output: '{"label":"refuse"}' });
    assert.deepEqual(await target.run(makeCase({ id: 'r5' }), never()), { output: '' });
    await caseError(target.run(makeCase({ id: 'r4' }), never()), /^recorded\.jsonl:5: the recorded call for case r4 failed: upstream timeout$/);
  });

  it('for a subset (a shard) keeps only its cases\' outputs, yet checks every line and fingerprints the whole file', () => {
    const text = ['{"id":"a","output":"A"}', '{"id":"b","output":"B"}', '{"id":"c","error":"down"}'].join('\n');
    const whole = new RecordedTarget('out.jsonl', text);
    const shard = new RecordedTarget('out.jsonl', text, new Set(['b', 'c']));
    assert.equal(whole.size, 3);
    assert.equal(shard.size, 2);
    assert.equal(shard.fingerprint, whole.fingerprint);
    // A problem outside the subset still stops it, at its line, as it stops the whole run.
    configError(() => new RecordedTarget('out.jsonl', `${text}\n{"id":"a","output":"again"}`, new Set(['b'])), /^out\.jsonl:4: case id "a" is recorded twice \(first on line 1\)/);
    configError(() => new RecordedTarget('out.jsonl', `${text}\n{"id":"b","output":"again"}`, new Set(['b'])), /^out\.jsonl:4: case id "b" is recorded twice \(first on line 2\)/);
    configError(() => new RecordedTarget('out.jsonl', `${text}\n{"id":"d"}`, new Set(['b'])), /^out\.jsonl:4: missing "output"/);
    configError(() => new RecordedTarget('out.csv', 'id,output\na,x\na,y\n', new Set(['z'])), /^out\.csv:3: case id "a" is recorded twice \(first on line 2\)/);
  });

  it('answers each case its own output whatever the order asked: the file\'s, reversed, shuffled, repeated, with gaps', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const text = ids.map((id, i) => JSON.stringify(i % 9 === 4 ? { id, error: `down ${id}` } : { id, output: `out ${id}`, latency_ms: i })).join('\n');
    const answer = (target: RecordedTarget, id: string) => {
      try {
        return target.runNow(makeCase({ id }), never());
      } catch (error) {
        return (error as Error).message;
      }
    };
    const fresh = new RecordedTarget('out.jsonl', text);
    const expected = new Map([...ids, 'missing'].map((id) => [id, answer(fresh, id)]));
    assert.deepEqual(expected.get('c3'), { output: 'out c3', latency_ms: 3 });
    assert.match(String(expected.get('c4')), /out\.jsonl:5: the recorded call for case c4 failed: down c4/);
    assert.match(String(expected.get('missing')), /no recorded output for case missing/);
    const orders = {
      file: ids,
      reversed: [...ids].reverse(),
      shuffled: ids.map((_, i) => ids[(i * 17) % ids.length]!),
      repeated: ids.flatMap((id) => [id, id, id]),
      gaps: [...ids.slice(0, 10), 'missing', ...ids.slice(12, 30), 'c11', 'c10', ...ids.slice(30)],
    };
    for (const [name, order] of Object.entries(orders)) {
      const target = new RecordedTarget('out.jsonl', text);
      for (const id of order) assert.deepEqual(answer(target, id), expected.get(id), `${name}: ${id}`);
    }
  });

  it('a case with no recorded output is a CaseError naming case and file', async () => {
    const target = await createTarget({ provider: 'recorded', path: 'recorded.jsonl' }, deps);
    await caseError(target.run(makeCase({ id: 'nope' }), never()), /^no recorded output for case nope in recorded\.jsonl$/);
  });

  it('CSV with a header: quoted commas and newlines, usage columns, empty output', async () => {
    const target = await createTarget({ provider: 'recorded', path: 'recorded.csv' }, deps);
    assert.deepEqual(await target.run(makeCase({ id: 'r1' }), never()), {
      output: 'Refund approved, with a note.',
      latency_ms: 420,
      usage: { input_tokens: 120, output_tokens: 8 },
      score: 0.92,
    });
    assert.deepEqual(await target.run(makeCase({ id: 'r2' }), never()), { output: 'Line one\nline two' });
    assert.deepEqual(await target.run(makeCase({ id: 'r3' }), never()), { output: '' });
  });

  it('the fingerprint follows the content, not just the path', () => {
    const a = new RecordedTarget('out.jsonl', '{"id":"a","output":"x"}\n');
    const b = new RecordedTarget('out.jsonl', '{"id":"a","output":"y"}\n');
    assert.notEqual(a.fingerprint, b.fingerprint);
    assert.equal(a.fingerprint, new RecordedTarget('out.jsonl', '{"id":"a","output":"x"}\n').fingerprint);
  });

  it('gives each case a fresh output with its fields in the order they always came (kept flat, built per run)', async () => {
    const text = '\uFEFF{"id":"a","usage":{"output_tokens":2},"score":0.5,"latency_ms":7,"tool_calls":[{"name":"f","arguments":{}}],"output":"x"}\r\n  \n {"id":"b","output":"y"} \n';
    const target = new RecordedTarget('log.jsonl', text);
    const first = await target.run(makeCase({ id: 'a' }), never());
    assert.deepEqual(Object.keys(first), ['output', 'toolCalls', 'latency_ms', 'score', 'usage']);
    assert.deepEqual(first.usage, { input_tokens: 0, output_tokens: 2 });
    const again = await target.run(makeCase({ id: 'a' }), never());
    assert.notEqual(again, first);
    assert.notEqual(again.usage, first.usage);
    assert.deepEqual(again, first);
    assert.deepEqual(await target.run(makeCase({ id: 'b' }), never()), { output: 'y' });
    // Line numbers count the blank line, the BOM and CRLF as before.
    configError(() => new RecordedTarget('log.jsonl', '\uFEFF{"id":"a","output":"x"}\r\n\r\n{"id":"a","output":"y"}'), /^log\.jsonl:3: case id "a" is recorded twice \(first on line 1\)/);
  });

  it('ids whose hashes are equal are told apart: each answered its own, a copy of either found', () => {
    // Ids are found by a 30-bit hash: two different ids with one hash must still be two cases.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const id = `case-${i.toString(36)}`;
      const other = seen.get(hashText30(id));
      if (other !== undefined) pair = [other, id];
      else seen.set(hashText30(id), id);
    }
    const [a, b] = pair;
    const text = [a, 'x', b].map((id) => JSON.stringify({ id, output: `out ${id}` })).join('\n');
    const target = new RecordedTarget('out.jsonl', text);
    for (const id of [b, a, 'x', b, a]) assert.deepEqual(target.runNow(makeCase({ id }), never()), { output: `out ${id}` });
    assert.throws(() => target.runNow(makeCase({ id: 'missing' }), never()), /no recorded output for case missing/);
    configError(() => new RecordedTarget('out.jsonl', `${text}\n{"id":"${b}","output":"again"}`), new RegExp(`^out\\.jsonl:4: case id "${b}" is recorded twice \\(first on line 3\\)`));
    configError(() => new RecordedTarget('out.jsonl', `${text}\n{"id":"${a}","output":"again"}`), new RegExp(`^out\\.jsonl:4: case id "${a}" is recorded twice \\(first on line 1\\)`));
    const shard = new RecordedTarget('out.jsonl', text, new Set([b]));
    assert.equal(shard.size, 1);
    assert.deepEqual(shard.runNow(makeCase({ id: b }), never()), { output: `out ${b}` });
  });

  it('malformed JSONL lines fail with FILE:LINE', () => {
    configError(() => new RecordedTarget('log.jsonl', '{"id":"a","output":"x"}\n\n{"id": "b", "output": \n'), /^log\.jsonl:3: not valid JSON/);
    configError(() => new RecordedTarget('log.jsonl', '["a", "b"]\n'), /^log\.jsonl:1: each line holds one JSON object/);
    configError(() => new RecordedTarget('log.jsonl', '{"output":"x"}\n'), /^log\.jsonl:1: missing "id"/);
    configError(() => new RecordedTarget('log.jsonl', '{"id":"a"}\n'), /^log\.jsonl:1: missing "output"/);
    configError(() => new RecordedTarget('log.jsonl', '{"id":"a","output":"x","score":1.5}\n'), /^log\.jsonl:1: "score" must be in 0\.\.1/);
    configError(() => new RecordedTarget('log.jsonl', '{"id":"a","output":"x","latency_ms":"fast"}\n'), /^log\.jsonl:1: "latency_ms" must be a number/);
    configError(() => new RecordedTarget('log.jsonl', '{"id":"a","output":"x","usage":{"input_tokens":-1}}\n'), /^log\.jsonl:1: "usage\.input_tokens" must be a number ≥ 0/);
    configError(() => new RecordedTarget('log.jsonl', '{"id":"a","output":"x"}\r\n{"id":"a","output":"y"}\r\n'), /^log\.jsonl:2: case id "a" is recorded twice \(first on line 1\)/);
  });

  it('malformed CSV fails with FILE:LINE; the header needs id and output', () => {
    configError(() => new RecordedTarget('log.csv', 'id,output\na,"fine"\nb,"unclosed\n'), /^log\.csv:\d+: CSV error/);
    configError(() => new RecordedTarget('log.csv', 'id,text\na,x\n'), /^log\.csv:1: the header row needs an "output" column \(found: id, text\)/);
    configError(() => new RecordedTarget('log.csv', 'id,output,score\na,x,0.5\nb,y,high\n'), /^log\.csv:3: "score" must be a number/);
    configError(() => new RecordedTarget('log.csv', 'id,output\na,x\n,y\n'), /^log\.csv:3: missing "id"/);
  });

  it('an unreadable file rejects createTarget with TargetConfigError', async () => {
    await assert.rejects(createTarget({ provider: 'recorded', path: 'missing.jsonl' }, deps), (e: unknown) => e instanceof TargetConfigError && /target\.path "missing\.jsonl"/.test(e.message));
  });
});
