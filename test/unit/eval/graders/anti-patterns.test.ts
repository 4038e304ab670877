import assert from 'node:assert/strict';
import { detectAntiPatterns } from '../../../../src/core/eval/graders/anti-patterns.js';
import { makeAntiPattern } from './fakes.js';

describe('detectAntiPatterns', () => {
  const hedge = makeAntiPattern('hedge, then advise', { pattern: 'not a doctor.{0,80}\\d+\\s?mg', flags: 'i' });
  const prose = makeAntiPattern('lecturing');
  const emoji = makeAntiPattern('emoji', { pattern: '\\p{Extended_Pictographic}', flags: 'u' });

  it('reports each hit with the anti-pattern and the matched text', () => {
    const scan = detectAntiPatterns("I'm Not a Doctor, but most adults take 400 mg 👍", [hedge, prose, emoji]);
    assert.deepEqual(scan, {
      hits: [
        { id: 'hedge-then-advise', name: 'hedge, then advise', matched: 'Not a Doctor, but most adults take 400 mg' },
        { id: 'emoji', name: 'emoji', matched: '👍' },
      ],
      errors: [],
    });
  });

  it('no hit on a clean output; an anti-pattern without a detector is skipped', () => {
    assert.deepEqual(detectAntiPatterns('Ask a pharmacist.', [hedge, prose]), { hits: [], errors: [] });
  });

  it('respects the flags (no i: no hit on a different case)', () => {
    const caseSensitive = makeAntiPattern('shouting', { pattern: 'URGENT' });
    assert.equal(detectAntiPatterns('urgent', [caseSensitive]).hits.length, 0);
    assert.equal(detectAntiPatterns('URGENT', [caseSensitive]).hits.length, 1);
  });

  it('an invalid detector is an error, and the other detectors still run', () => {
    const broken = makeAntiPattern('broken', { pattern: '(' });
    const scan = detectAntiPatterns('not a doctor, 5 mg', [broken, hedge]);
    assert.equal(scan.hits.length, 1);
    assert.equal(scan.errors.length, 1);
    assert.match(scan.errors[0] ?? '', /^anti-pattern "broken": invalid regex \/\(\//);
  });
});
