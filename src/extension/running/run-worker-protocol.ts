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
  | { type: 'done'; outcome: RunJobOutcome; timings: RunTimings }
  | { type: 'failed'; message: string; stack?: string };

/**
 * Where a run's time went, for the log and the editor bench: when the worker reached each step, in ms of the
 * wall clock (performance.timeOrigin + performance.now(), comparable across threads), and how busy it was.
 */
export interface RunTimings {
  /** The worker's bundle was loaded and compiled (its first line ran). */
  loadedAt: number;
  /** The job arrived. */
  startedAt: number;
  /** The spec was read and checked. */
  checkedAt?: number;
  /** The first request could go: targets set up, cache and session opened. */
  casesStartedAt?: number;
  firstCaseAt?: number;
  lastCaseAt?: number;
  /** The run returned: graded, summarized and saved. */
  finishedAt: number;
  /** Messages of finished cases sent to the main thread, and the cases in them. */
  progressMessages: number;
  progressCases: number;
  /** The worker's event-loop utilization from its start to the end of the run (0-1: 1 means never idle). */
  utilization: number;
}

/** A run's timings as the main thread saw them: when it created the worker, when the outcome arrived, and the worker's own. */
export interface RunWorkerTimings {
  createdAt: number;
  answeredAt: number;
  worker: RunTimings;
}
