// Starts code-server (real VS Code server, Node extension host) on 127.0.0.1 with a free port in its own
// process group, and stops that whole group: code-server, its VS Code server, file watcher, extension hosts.
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { CODE_SERVER, NODE24 } from './env.mjs';
import { execTracked, onCleanup } from './lifecycle.mjs';

const dirArgs = (sb) => ['--user-data-dir', sb.userData, '--extensions-dir', sb.extensions];

/** Runs a one-shot code-server CLI command (e.g. --install-extension) against the sandbox's dirs. */
export async function codeServerCli(sandbox, args) {
  try {
    const { stdout } = await execTracked(NODE24, [CODE_SERVER, ...dirArgs(sandbox), ...args], { timeout: 120_000 });
    return stdout;
  } catch (err) {
    throw new Error(`code-server ${args.join(' ')} failed (${err.code ?? err.signal}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/**
 * @param {object} o
 * @param {object} o.sandbox  from createSandbox
 * @param {string} o.folder   workspace folder to open
 * @param {string[]} [o.args] extra code-server flags
 * Stopping it is registered with lifecycle.mjs as soon as it is spawned (a signal may come mid-start).
 * @returns {Promise<{ url: string, log: string }>}
 */
export async function startCodeServer({ sandbox, folder, args = [] }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = path.join(sandbox.root, 'code-server.log');
  const out = openSync(log, 'a');
  const child = spawn(NODE24, [CODE_SERVER, ...dirArgs(sandbox),
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--reconnection-grace-time', '5', // extension hosts die 5 s after the browser leaves, not 3 h
    ...args, folder,
  ], { detached: true, stdio: ['ignore', out, out] }); // detached = setsid: its pid is the group id
  let exited = null;
  child.once('exit', (code, signal) => { exited = code ?? signal; });

  const alive = () => { try { process.kill(-child.pid, 0); return true; } catch { return false; } };
  const kill = () => { if (alive()) process.kill(-child.pid, 'SIGKILL'); };
  const stop = async () => {
    if (!alive()) return;
    process.kill(-child.pid, 'SIGTERM');
    // A graceful exit takes ~3 s (extension hosts wind down); the server is disposable and its logs are
    // already collected, so 1 s, then SIGKILL.
    for (let i = 0; i < 10 && alive(); i++) await sleep(100);
    kill();
  };
  onCleanup(stop, kill);

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== null) throw new Error(`code-server exited (${exited}) before it answered:\n${readFileSync(log, 'utf8')}`);
    try { if ((await globalThis.fetch(`${url}/healthz`)).ok) break; } catch { /* not listening yet */ }
    if (Date.now() > deadline) { kill(); throw new Error(`code-server did not answer ${url}/healthz in 30 s; log: ${log}`); }
    await sleep(100);
  }
  return { url, log };
}
