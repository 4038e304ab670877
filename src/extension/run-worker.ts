// The run worker (dist/run-worker.cjs, a worker_threads worker the extension host starts for each run from the
// editor): runs the spec with the CLI's engine (running/run-job.ts) so that requests, grading (JSON Schema,
// RE2 regexes, classification), summarizing and writing results never block the extension host's main thread.
// Secrets come from the main thread one at a time; a cancel aborts the run, which keeps and saves what finished.
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { SecretSource } from '../core/index.js';
import { runJob } from './running/run-job.js';
import type { CaseProgress, FromRunWorker, RunTimings, ToRunWorker } from './running/run-worker-protocol.js';

/** Now on the wall clock, as precise as performance.now(): comparable with the main thread's. */
const now = () => performance.timeOrigin + performance.now();
const loadedAt = now();

/**
 * How often finished cases are sent to the main thread: each message costs it a task (and its handling: the
 * log, the progress notification, a Test Explorer run's results), so a batch every 200 ms, about what the eye
 * follows; the last batch goes before the outcome, and a cancelled run's before its partial outcome.
 */
const PROGRESS_BATCH_MS = 200;

const port = parentPort;
if (!port) throw new Error('run-worker.cjs is a worker thread: the extension host starts it');
const post = (message: FromRunWorker) => port.postMessage(message);

const controller = new AbortController();
const pendingSecrets = new Map<number, { resolve: (value: string | undefined) => void; reject: (error: Error) => void }>();
let nextSecret = 1;
const askMainThread = (name: string, destination: string | undefined) =>
  new Promise<string | undefined>((resolve, reject) => {
    const id = nextSecret++;
    pendingSecrets.set(id, { resolve, reject });
    post({ type: 'secret', id, name, ...(destination !== undefined ? { destination } : {}) });
  });
/**
 * Each secret is asked for once per destination and run, and the answer (a value, none, or a refusal) kept
 * for the rest of the run: a chat target reads its key for every request, and a question to the main thread
 * costs a task there and a round trip to the editor's secret storage (in a browser, for code-server), which
 * made a 1,000-case run several times slower than the CLI's (whose environment is read in a microsecond).
 * The answer cannot change within a run: the grants were decided before it started; a key stored meanwhile
 * counts from the next run, as a changed environment variable does for the CLI.
 */
const answered = new Map<string, Promise<string | undefined>>();
const secrets: SecretSource = {
  get: (name, destination) => {
    const key = `${name}\0${destination ?? ''}`;
    let answer = answered.get(key);
    if (!answer) answered.set(key, (answer = askMainThread(name, destination)));
    return answer;
  },
};

let batch: CaseProgress[] = [];
let batchTimer: NodeJS.Timeout | undefined;
let progressMessages = 0;
let progressCases = 0;
function flush(): void {
  if (batchTimer) clearTimeout(batchTimer);
  batchTimer = undefined;
  if (batch.length === 0) return;
  post({ type: 'progress', cases: batch });
  progressMessages++;
  progressCases += batch.length;
  batch = [];
}

port.on('message', (message: ToRunWorker) => {
  if (message.type === 'cancel') controller.abort(new Error(message.reason));
  else if (message.type === 'secret') {
    const waiting = pendingSecrets.get(message.id);
    pendingSecrets.delete(message.id);
    if (message.refused !== undefined) waiting?.reject(new Error(message.refused));
    else waiting?.resolve(message.value);
  } else if (message.type === 'start') {
    const startedAt = now();
    const phases: Partial<Pick<RunTimings, 'checkedAt' | 'casesStartedAt' | 'firstCaseAt' | 'lastCaseAt'>> = {};
    const timings = (): RunTimings => ({ loadedAt, startedAt, ...phases, finishedAt: now(), progressMessages, progressCases, utilization: performance.eventLoopUtilization().utilization });
    runJob(message.job, {
      secrets,
      signal: controller.signal,
      log: (level, text) => post({ type: 'log', level, message: text }),
      onPhase: (phase) => {
        if (phase === 'checked') phases.checkedAt = now();
        else phases.casesStartedAt = now();
      },
      onProgress: (event, target) => {
        phases.lastCaseAt = now();
        phases.firstCaseAt ??= phases.lastCaseAt;
        batch.push(target === undefined ? { event } : { event, target });
        batchTimer ??= setTimeout(flush, PROGRESS_BATCH_MS);
      },
    }).then(
      (outcome) => {
        flush();
        post({ type: 'done', outcome, timings: timings() });
      },
      (error: unknown) => {
        flush();
        post({ type: 'failed', message: error instanceof Error ? error.message : String(error), ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) });
      },
    );
  }
});
