// The messages between the extension host's main thread (run-worker-client.ts) and the run worker
// (run-worker.ts). One worker per run: the main thread starts it with the job, answers its requests for
// secrets (only those the run's grants allow), and may ask it to cancel; the worker sends progress in batches
// (a few messages a second, not one per case), log lines, and the outcome last.
import type { ProgressEvent } from '../../core/index.js';
import type { RunJob, RunJobOutcome } from './run-job.js';

export type ToRunWorker =
  | { type: 'start'; job: RunJob }
  | { type: 'cancel'; reason: string }
  /** The answer to a `secret` request: the value (or none), or why it is refused. */
  | { type: 'secret'; id: number; value?: string; refused?: string };

export interface CaseProgress {
  event: ProgressEvent;
  target?: string;
}

export type FromRunWorker =
  | { type: 'secret'; id: number; name: string; destination?: string }
  | { type: 'progress'; cases: CaseProgress[] }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | { type: 'done'; outcome: RunJobOutcome }
  | { type: 'failed'; message: string; stack?: string };
