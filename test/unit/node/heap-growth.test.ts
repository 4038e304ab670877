import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { userChoseHeapGrowth, userSizedYoungGeneration } from '../../../src/node/heap-growth.js';

describe('heap growth step for aispec eval', () => {
  it('is left to the user who started node with one, on its command line or in NODE_OPTIONS', () => {
    assert.equal(userChoseHeapGrowth(['--heap-growing-percent=0'], ''), true);
    assert.equal(userChoseHeapGrowth([], '--max-old-space-size=4096 --heap_growing_percent=30'), true);
  });

  it('is set when node was started without one', () => {
    assert.equal(userChoseHeapGrowth([], ''), false);
    assert.equal(userChoseHeapGrowth(['--enable-source-maps'], '--max-old-space-size=4096'), false);
  });
});

describe('young generation size for aispec eval', () => {
  it('is left to the user who started node with one, on its command line or in NODE_OPTIONS', () => {
    assert.equal(userSizedYoungGeneration(['--max-semi-space-size=64'], ''), true);
    assert.equal(userSizedYoungGeneration([], '--max-old-space-size=4096 --semi_space_growth_factor=4'), true);
    assert.equal(userSizedYoungGeneration(['--min-semi-space-size=8'], ''), true);
  });

  it('is kept small when node was started without one', () => {
    assert.equal(userSizedYoungGeneration([], ''), false);
    assert.equal(userSizedYoungGeneration(['--enable-source-maps'], '--max-old-space-size=4096 --heap-growing-percent=50'), false);
  });
});

describe('young generation kept small, in a real V8', function () {
  this.timeout(60000);
  // What keepYoungGenerationSmall relies on: V8 reading --semi-space-growth-factor each time it would grow the
  // young generation. A Node whose V8 stops doing so fails here instead of silently giving the memory back.
  /** The young generation's size before and after a loop whose objects survive scavenges. */
  const newSpaceAroundSurvivors = (keepSmall: boolean, thenGrow = false): { before: number; after: number } => {
    const script = [
      `import { keepYoungGenerationSmall, letYoungGenerationGrow } from ${JSON.stringify(resolve(import.meta.dirname, '../../../src/node/heap-growth.ts'))};`,
      keepSmall ? 'keepYoungGenerationSmall();' : '',
      thenGrow ? 'letYoungGenerationGrow();' : '',
      "const v8 = await import('node:v8');",
      "const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;",
      'const before = newSpace();',
      // Objects that survive scavenges, as a run's cases in flight do: what makes V8 grow its young generation.
      'const kept = new Array(50000);',
      'for (let i = 0; i < 400000; i++) kept[i % 50000] = { i, text: "case " + i };',
      'console.log(JSON.stringify({ before, after: newSpace() }));',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as { before: number; after: number };
  };

  it('grows without it and stays at its size with it', () => {
    const grown = newSpaceAroundSurvivors(false);
    const kept = newSpaceAroundSurvivors(true);
    assert.ok(grown.after > grown.before, `new space without the setting: ${JSON.stringify(grown)} bytes (expected V8 to grow it)`);
    assert.equal(kept.after, kept.before, `new space with the setting: ${JSON.stringify(kept)} bytes`);
  });

  it('grows again for a large run (letYoungGenerationGrow after keepYoungGenerationSmall)', () => {
    const regrown = newSpaceAroundSurvivors(true, true);
    assert.ok(regrown.after > regrown.before, `new space: ${JSON.stringify(regrown)} bytes (expected V8 to grow it)`);
  });
});
