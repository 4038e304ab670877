// The extension host's side of the check worker (check-worker.ts): starts it on first use, sends it one request
// at a time and keeps, per kind and spec, only the newest request still waiting, so a burst of edits to a large
// spec costs one check after the pause instead of one per keystroke; a waiting check goes before models
// and folds. A request a newer one overtook resolves to undefined (stale), never to an old answer. If the worker
// cannot start or dies, requests are answered on the main thread (the same code), so diagnostics never stop.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OutlineNode } from '../core/index.js';
import type { EditorModel } from './editor-model.js';
import { answerRequest, type Fold, type FoldRequest, type LiveCheck, type LiveCheckRequest, type ModelRequest, type OutlineRequest, type Unnumbered, type WorkerAnswers, type WorkerRequest, type WorkerResponse } from './live-check.js';

type Kind = WorkerRequest['kind'];

interface Job {
  request: WorkerRequest;
  /** Everyone waiting for this answer: a request for the same text that this one replaced shares it. */
  waiters: Array<{ resolve: (answer: WorkerAnswers[Kind] | undefined) => void; reject: (error: Error) => void }>;
}

export class CheckWorkerClient {
  private worker: Worker | undefined;
  private broken = false;
  private running: Job | undefined;
  /** The newest request waiting per kind and file: a newer one replaces (and resolves as stale) an older one. */
  private readonly waiting = new Map<string, Job>();
  private nextId = 1;
  /** The client whose requests go first (see yieldTo). */
  private yieldingTo: CheckWorkerClient | undefined;
  /** Called whenever this client has nothing running or waiting. */
  private readonly idleListeners = new Set<() => void>();

  /**
   * @param workerFile the bundled worker (dist/check-worker.cjs beside dist/extension.cjs)
   * @param onFallback called once when requests move to the main thread, with why
   */
  constructor(
    private readonly workerFile = join(__dirname, 'check-worker.cjs'),
    private readonly onFallback: (reason: string) => void = () => undefined,
  ) {}

  /**
   * The answer to `request`; undefined when a newer request of the same kind for the same file, of another
   * text, replaced it before it ran (a request for the same text shares the newer one's answer).
   */
  ask(request: Unnumbered<LiveCheckRequest>): Promise<LiveCheck | undefined>;
  ask(request: Unnumbered<ModelRequest>): Promise<EditorModel | undefined>;
  ask(request: Unnumbered<OutlineRequest>): Promise<OutlineNode[] | undefined>;
  ask(request: Unnumbered<FoldRequest>): Promise<Fold[] | undefined>;
  ask(request: Unnumbered<WorkerRequest>): Promise<WorkerAnswers[Kind] | undefined> {
    if (this.broken) return answerRequest(request);
    return new Promise((resolve, reject) => {
      const key = `${request.kind}:${request.file}`;
      const replaced = this.waiting.get(key);
      const job: Job = { request: { ...request, id: this.nextId++ }, waiters: [{ resolve, reject }] };
      if (replaced?.request.text === request.text) job.waiters.unshift(...replaced.waiters);
      else replaced?.waiters.forEach((w) => w.resolve(undefined));
      this.waiting.set(key, job);
      this.pump();
    });
  }

  /**
   * Starts no request of its own while `other` has one running or waiting: the background worker (models,
   * folds, outlines) yields to the check worker, so that on a 2-core machine a keystroke's check does not share
   * the cores with a model of an older text as well as with the extension host. A request already running here
   * runs on (a worker cannot be paused); the next one starts when `other` is idle.
   */
  yieldTo(other: CheckWorkerClient): void {
    this.yieldingTo = other;
    other.idleListeners.add(() => this.pump());
  }

  /** Whether a request is running or waiting. */
  get busy(): boolean {
    return this.running !== undefined || this.waiting.size > 0;
  }

  dispose(): void {
    this.broken = true;
    void this.worker?.terminate();
    this.worker = undefined;
    for (const job of [...this.waiting.values(), ...(this.running ? [this.running] : [])]) job.waiters.forEach((w) => w.resolve(undefined));
    this.waiting.clear();
    this.running = undefined;
  }

  private pump(): void {
    if (this.running || this.broken) return;
    if (this.yieldingTo?.busy && !this.yieldingTo.broken) return; // started again when it is idle (yieldTo)
    if (this.waiting.size === 0) {
      this.idleListeners.forEach((listener) => listener());
      return;
    }
    // Checks first: diagnostics are what the user waits for after typing; models and folds can follow.
    const entries = [...this.waiting.entries()];
    const next = (entries.find(([, j]) => j.request.kind === 'check') ?? entries[0])!;
    const [key, job] = next;
    this.waiting.delete(key);
    this.running = job;
    try {
      this.ensureWorker().postMessage(job.request);
    } catch (error) {
      this.fallBack(`the check worker could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.unref(); // it never keeps the extension host alive
    worker.on('message', (response: WorkerResponse) => {
      const job = this.running;
      if (!job || job.request.id !== response.id) return;
      this.running = undefined;
      if ('answer' in response) job.waiters.forEach((w) => w.resolve(response.answer));
      else job.waiters.forEach((w) => w.reject(new Error(response.error)));
      this.pump();
    });
    worker.on('error', (error) => this.fallBack(`the check worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker && !this.broken) this.fallBack(`the check worker exited (${code})`);
    });
    this.worker = worker;
    return worker;
  }

  /** From now on every request is answered on the main thread; the ones in progress too. */
  private fallBack(reason: string): void {
    if (this.broken) return;
    this.broken = true;
    this.worker = undefined;
    this.onFallback(reason);
    const jobs = [...(this.running ? [this.running] : []), ...this.waiting.values()];
    this.running = undefined;
    this.waiting.clear();
    for (const job of jobs) answerRequest(job.request).then((a) => job.waiters.forEach((w) => w.resolve(a)), (e: Error) => job.waiters.forEach((w) => w.reject(e)));
    this.idleListeners.forEach((listener) => listener()); // nothing waits in this worker any more
  }
}
