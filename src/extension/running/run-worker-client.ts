// The extension host's side of a run in the run worker (run-worker.ts): starts one worker for the run, hands it
// the job, answers its requests for secrets through `secret` (the caller decides what the run was granted),
// forwards its batches of finished cases and its log lines, and turns a cancel into a message the worker acts
// on (it stops, keeps and saves what finished, and answers as usual). A worker that fails to start, throws or
// exits before answering rejects with an error that says so: the run never hangs on a dead worker.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { RunJob, RunJobOutcome } from './run-job.js';
import type { CaseProgress, FromRunWorker, RunWorkerTimings, ToRunWorker } from './run-worker-protocol.js';

/** After a cancel the worker answers as soon as the cases in flight are stopped; past this it is ended outright. */
const CANCEL_GRACE_MS = 10_000;

export interface RunWorkerHost {
  signal: AbortSignal;
  /** A secret the run asks for; throws (the message is passed on) when the run may not have it. */
  secret: (name: string, destination: string | undefined) => Promise<string | undefined>;
  onProgress: (cases: CaseProgress[]) => void;
  log: (level: 'info' | 'warn', message: string) => void;
  /** Where the run's time went (when it ran to an outcome), just before the outcome is resolved. */
  onTimings?: (timings: RunWorkerTimings) => void;
  /** The bundled worker (dist/run-worker.cjs beside dist/extension.cjs). */
  workerFile?: string;
}

export function runInWorker(job: RunJob, host: RunWorkerHost): Promise<RunJobOutcome> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let worker: Worker;
    let graceTimer: NodeJS.Timeout | undefined;
    const end = (settle: () => void) => {
      if (settled) return;
      settled = true;
      if (graceTimer) clearTimeout(graceTimer);
      host.signal.removeEventListener('abort', onAbort);
      settle();
      void worker?.terminate();
    };
    const post = (message: ToRunWorker) => {
      if (!settled) worker.postMessage(message);
    };
    const onAbort = () => {
      const reason = host.signal.reason instanceof Error ? host.signal.reason.message : 'cancelled';
      post({ type: 'cancel', reason });
      graceTimer = setTimeout(() => end(() => reject(new Error(`the run did not stop within ${CANCEL_GRACE_MS / 1000} s of being cancelled, so its worker was ended`))), CANCEL_GRACE_MS);
    };
    const createdAt = performance.timeOrigin + performance.now();
    try {
      worker = new Worker(host.workerFile ?? join(__dirname, 'run-worker.cjs'));
    } catch (error) {
      reject(new Error(`the run worker could not start: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    worker.on('message', (message: FromRunWorker) => {
      if (settled) return;
      switch (message.type) {
        case 'progress':
          host.onProgress(message.cases);
          break;
        case 'log':
          host.log(message.level, message.message);
          break;
        case 'secret':
          host.secret(message.name, message.destination).then(
            (value) => post({ type: 'secret', id: message.id, ...(value !== undefined ? { value } : {}) }),
            (error: unknown) => post({ type: 'secret', id: message.id, refused: error instanceof Error ? error.message : String(error) }),
          );
          break;
        case 'done':
          host.onTimings?.({ createdAt, answeredAt: performance.timeOrigin + performance.now(), worker: message.timings });
          end(() => resolve(message.outcome));
          break;
        case 'failed': {
          const error = new Error(message.message);
          if (message.stack) error.stack = message.stack;
          end(() => reject(error));
          break;
        }
      }
    });
    worker.on('error', (error) => end(() => reject(new Error(`the run worker failed: ${error.message}`))));
    worker.on('exit', (code) => end(() => reject(new Error(`the run worker stopped (exit code ${code}) before the run ended`))));
    if (host.signal.aborted) onAbort();
    else host.signal.addEventListener('abort', onAbort, { once: true });
    post({ type: 'start', job });
  });
}
