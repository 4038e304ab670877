// Cleanup that runs however a runner ends (done, failure, timeout, Ctrl-C, SIGTERM from CI), and an overall
// deadline, so a run never hangs and never leaves code-server or Chromium behind.
import { execFile } from 'node:child_process';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { promisify } from 'node:util';

const cleanups = []; // [async fn, sync fallback] in registration order; run in reverse
let finishing = false;
let crashesBelongToMocha = false;

/** `fn(exitCode)` runs at the end; `sync` runs from process 'exit' if `fn` never got to: it must not await. */
export function onCleanup(fn, sync) {
  cleanups.push([fn, sync]);
}

/** True once the run is ending: what fails after that is fallout of the cleanup, not news. */
export const isFinishing = () => finishing;

export async function finish(code) {
  if (finishing) return;
  finishing = true;
  while (cleanups.length) {
    const [fn] = cleanups.pop();
    try { await fn(code); } catch (err) { console.error('cleanup failed:', err); }
  }
  process.exit(code);
}

/** Installs signal/exit/crash handlers and the deadline; `phase()` says what the run was waiting for. */
export function guard({ timeoutMs, phase }) {
  const signals = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [sig, code] of Object.entries(signals)) {
    process.once(sig, () => { console.error(`\n${sig}: stopping (was: ${phase()})`); void finish(code); });
  }
  process.on('exit', () => {
    for (const [, sync] of cleanups.reverse()) try { sync?.(); } catch { /* best effort */ }
  });
  // While finishing, closing the browser rejects whatever was still waiting on it: expected, not news.
  const fail = (what) => (err) => {
    if (finishing || crashesBelongToMocha) return;
    console.error(`${what} while ${phase()}:`, err);
    void finish(1);
  };
  process.on('uncaughtException', fail('uncaught exception'));
  process.on('unhandledRejection', fail('unhandled rejection'));
  const timer = setTimeout(() => {
    console.error(`TIMEOUT: gave up after ${timeoutMs / 1000} s while ${phase()} (raise it with --timeout SECONDS)`);
    void finish(124);
  }, timeoutMs);
  return () => clearTimeout(timer);
}

/** While mocha runs in this process it attributes uncaught errors to the current test: leave them to it. */
export function letMochaHandleCrashes() {
  crashesBelongToMocha = true;
}

/** execFile (promisified) for a one-shot child that is killed if the run ends first. */
export async function execTracked(file, args, options = {}) {
  const abort = new globalThis.AbortController();
  const entry = [() => abort.abort(), () => abort.abort()];
  cleanups.push(entry);
  try {
    return await promisify(execFile)(file, args, { ...options, signal: abort.signal });
  } finally {
    const i = cleanups.indexOf(entry); // gone already if finish() ran it
    if (i >= 0) cleanups.splice(i, 1);
  }
}
