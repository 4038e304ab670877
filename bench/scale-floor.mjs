// The floor for the scale bench: the least work an eval of a recorded target must do, in plain Node. Reads
// the case file and the recorded outputs line by line, JSON.parse each line, pairs outputs with cases by id,
// grades each with one regex, and writes one JSON line per case to a results file. No checks, no metrics.
//   node bench/scale-floor.mjs DIR   (DIR holds cases.jsonl and outputs.jsonl, as scale-fixtures.ts writes them)
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const lines = (file) => readFileSync(join(dir, file), 'utf8').split('\n').filter((line) => line !== '');
const outputs = new Map();
for (const line of lines('outputs.jsonl')) {
  const row = JSON.parse(line);
  outputs.set(row.id, row.output);
}
const fd = openSync(join(dir, 'floor-results.jsonl'), 'w');
let chunk = '';
let passed = 0;
for (const line of lines('cases.jsonl')) {
  const testCase = JSON.parse(line);
  const output = outputs.get(testCase.id) ?? '';
  const pass = !/\d+\s?mg/i.test(output);
  if (pass) passed++;
  chunk += `${JSON.stringify({ id: testCase.id, status: pass ? 'pass' : 'fail', output })}\n`;
  if (chunk.length > 1 << 20) {
    writeSync(fd, chunk);
    chunk = '';
  }
}
writeSync(fd, chunk);
closeSync(fd);
process.stdout.write(`${passed}\n`);
