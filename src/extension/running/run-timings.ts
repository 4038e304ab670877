// Where the time of a run from the editor went, as one log line: starting the worker (loading and compiling
// its bundle), reading and checking the spec, setting up the target, the cases from first to last answer,
// grading's tail and saving, and handing the outcome back. Logged at debug level after every run, so that
// "the editor is slower than the CLI" can be traced to a step without a profiler.
import type { RunWorkerTimings } from './run-worker-protocol.js';

export function describeRunTimings({ createdAt, answeredAt, worker: t }: RunWorkerTimings): string {
  const ms = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? 'n/a' : `${Math.round(to - from)} ms`);
  const parts = [
    `worker start ${ms(createdAt, t.loadedAt)}`,
    `to the job ${ms(t.loadedAt, t.startedAt)}`,
    `check ${ms(t.startedAt, t.checkedAt)}`,
    `setup ${ms(t.checkedAt, t.casesStartedAt)}`,
    `to the first case ${ms(t.casesStartedAt, t.firstCaseAt)}`,
    `cases ${ms(t.firstCaseAt, t.lastCaseAt)}`,
    `summary and save ${ms(t.lastCaseAt ?? t.casesStartedAt, t.finishedAt)}`,
    `outcome to the editor ${ms(t.finishedAt, answeredAt)}`,
  ];
  return `run timings: ${Math.round(answeredAt - createdAt)} ms in all: ${parts.join(', ')}; worker busy ${Math.round(t.utilization * 100)}%, ${t.progressCases} cases in ${t.progressMessages} progress messages`;
}
