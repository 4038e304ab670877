// An eval against a plain http target starts no program and makes no TLS connection, so the HTTP client and
// the process runner load node:https (and node:tls with it) and node:child_process only when a request or a
// program first needs them. Checked in a fresh process: a plain http request leaves node:https and node:tls
// unloaded, and the first https request and the first program still work. (Whether node:child_process is
// loaded cannot be seen here: tsx itself loads it to run esbuild.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');

const SCRIPT = `
import { createServer } from 'node:http';
const { createHttpClient } = await import('./src/node/http-client.ts');
const { createProcessRunner } = await import('./src/node/process-runner.ts');
const loaded = () => ['https', 'tls'].filter((m) => process.moduleLoadList.includes('NativeModule ' + m));
const report = { atStart: loaded() };
const server = createServer((req, res) => res.end('{"ok":true}'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const http = createHttpClient({ maxRetries: 0 });
const signal = new AbortController().signal;
const plain = await http.send({ url: 'http://127.0.0.1:' + server.address().port + '/', method: 'POST', headers: {}, body: '{}', timeoutMs: 10000, signal });
report.plain = plain.status;
report.afterHttp = loaded();
// Nothing listens on the port just closed: the https request fails to connect, after loading node:https.
const port = server.address().port;
await new Promise((resolve) => server.close(resolve));
report.https = await http.send({ url: 'https://127.0.0.1:' + port + '/', method: 'GET', headers: {}, timeoutMs: 10000, signal }).then(() => 'answered', (e) => e.unreachable === true ? 'unreachable' : String(e));
report.afterHttps = loaded();
const ran = await createProcessRunner().run([process.execPath, '-e', 'process.stdout.write("ran")'], { stdin: '', cwd: process.cwd(), timeoutMs: 30000, signal });
report.program = ran.stdout;
report.afterProgram = loaded();
await http.close();
console.log(JSON.stringify(report));
`;

describe('node builtins an eval may not need', () => {
  it('load with the first https request and the first program, not with the HTTP client or the process runner', function () {
    this.timeout(60_000);
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    assert.deepEqual(report, {
      atStart: [],
      plain: 200,
      afterHttp: [],
      https: 'unreachable',
      afterHttps: ['https', 'tls'],
      program: 'ran',
      afterProgram: ['https', 'tls'],
    });
  });
});
