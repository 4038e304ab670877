// The floor for bench/eval-vs-promptfoo.ts: the least a Node program can do for the same eval. It reads the
// cases from a JSONL file, sends each as a Chat Completions request through node:http with a keep-alive
// agent at the given concurrency, and grades by comparing the answer with the expected label. No spec
// parsing, validation, retries, timeouts, cache or report. Measured like the tools, it shows what this
// machine allows right now (start-up, the HTTP round trips, the CPU per request), so the tools' overhead
// can be read against it as well as against the theoretical ideal.
//
//   node bench/http-floor-client.mjs BASE_URL CASES.jsonl CONCURRENCY SYSTEM_PROMPT [--out FILE]
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const [baseUrl, casesFile, concurrencyArg, system] = process.argv.slice(2);
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
if (!baseUrl || !casesFile || !concurrencyArg || system === undefined) {
  console.error('usage: node bench/http-floor-client.mjs BASE_URL CASES.jsonl CONCURRENCY SYSTEM_PROMPT [--out FILE]');
  process.exit(2);
}
const cases = readFileSync(casesFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));
const concurrency = Number(concurrencyArg);
const url = new URL(`${baseUrl.replace(/\/+$/, '')}/chat/completions`);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function complete(input) {
  const body = JSON.stringify({
    model: 'bench-model',
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: input },
    ],
    temperature: 0,
    max_tokens: 16,
  });
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        try {
          if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
          resolve(JSON.parse(text).choices[0].message.content);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const tally = { passed: 0, failed: 0, errors: 0 };
let next = 0;
async function worker() {
  while (next < cases.length) {
    const c = cases[next++];
    try {
      const output = await complete(c.input);
      if (output.trim().toLowerCase() === String(c.expect).toLowerCase()) tally.passed++;
      else tally.failed++;
    } catch {
      tally.errors++;
    }
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, cases.length) }, worker));
agent.destroy();
if (out) writeFileSync(out, JSON.stringify(tally));
process.exitCode = tally.errors > 0 ? 1 : 0;
