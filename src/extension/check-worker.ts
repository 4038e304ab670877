// The live-check worker (dist/check-worker.cjs, a worker_threads worker of the extension host): checks an open
// spec's unsaved text exactly as `aispec check` does (checkSpecFile: the same parser, schema, RE2 regexes and
// lint rules); a second instance makes its editor model, folds and outlines it; so that
// parsing and validating a large spec never blocks the extension host's main thread. One request at a time;
// the client (check-worker-client.ts) drops requests a newer edit made stale.
import { parentPort } from 'node:worker_threads';
import { answerRequest, type WorkerRequest, type WorkerResponse } from './live-check.js';

parentPort?.on('message', (request: WorkerRequest) => {
  answerRequest(request).then(
    (answer) => parentPort!.postMessage({ id: request.id, answer } satisfies WorkerResponse),
    (error: unknown) => parentPort!.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerResponse),
  );
});
