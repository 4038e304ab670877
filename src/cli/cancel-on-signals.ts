// Ctrl-C and SIGTERM while a run's cases are running: the first signal cancels (requests in flight and
// running commands are aborted, finished cases are kept and saved, the run is marked cancelled); a second one
// exits at once. Stopping must not take longer than STOP_WITHIN_MS: if it does (a request that ignores its
// abort, a slow disk), the process exits anyway; with the cache on, the session's cache still holds every
// finished case for the next run to resume.
//
// Outside a run (checking the spec, writing reports) no handler is installed: a signal then ends the process
// at once by its default action, which needs no turn of the event loop (checking a very large spec is
// synchronous work during which no JavaScript handler could run), and there is nothing unfinished to keep.
// Reports and results are written atomically, so no file is ever left half-written.
import { writeStderr } from './direct-output.js';

export const STOP_WITHIN_MS = 1500;

/** Installs the handlers; the returned function removes them (call it once the run has returned). */
export function cancelOnSignals(controller: AbortController, exitCode: number): () => void {
  let deadline: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(exitCode);
    const again = signal === 'SIGINT' ? 'Ctrl-C again' : `${signal} again`;
    writeStderr(`\naispec: cancelling (${signal}); finished cases are kept (${again} to quit now)\n`);
    controller.abort(new Error('cancelled'));
    deadline = setTimeout(() => {
      writeStderr(`aispec: still stopping after ${STOP_WITHIN_MS / 1000} s; quitting without saving this run (with the cache on, the next run resumes what finished)\n`);
      process.exit(exitCode);
    }, STOP_WITHIN_MS);
    deadline.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (deadline) clearTimeout(deadline);
  };
}
