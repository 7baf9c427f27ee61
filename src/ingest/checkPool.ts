import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GraphPlan } from '../db/graphPlan';
import { renderImportChunk, type RenderedChunk } from '../db/repositories/graphImport';
import type { EntityLabel } from '../domain/entities';
import { projectRoot } from '../projectRoot';
import { DatasetError, type DatasetIssue } from './datasetErrors';
import type { Dataset } from './datasetSchema';
import { checkedPlan } from './ingest';

/**
 * Checks chunks of a large load (validation, planning, every excerpt found in its document,
 * the deny-list) on worker threads, so that the thread which writes (CSV files for the import,
 * Cypher batches for the transactional load) never waits for them. The checks are the same
 * function (checkedPlan) in a worker as in process; each chunk's plan comes back whole, and a
 * chunk that fails its checks rejects with the same DatasetError, issue for issue.
 *
 * Entities a chunk refers to outside itself and outside `known` are looked up by the thread
 * that owns the database (the worker asks, `findLabels` answers), as in process.
 *
 * For the import, a worker also renders the checked chunk as import files (checkAndRender:
 * renderImportChunk), so the writing thread only writes them; it keeps the publication dates
 * of every document it has been sent, and each request carries those it has not seen yet.
 *
 * With no workers (one processor, or `workers: 0`) the checks run in process, one at a time.
 */

/** What a worker is asked: check one chunk. */
export interface CheckRequest {
  kind: 'check';
  job: number;
  dataset: Dataset;
  documents: string | ReadonlyMap<string, string>;
  known: ReadonlyMap<string, EntityLabel>;
  /** Render the checked plan as import files: `published` holds the documents' dates this worker has not been sent yet. */
  render?: { today: string; published: Array<readonly [string, string | null]> };
}

/** The main thread's answer to a worker's lookup. */
export interface LabelsAnswer {
  kind: 'labels';
  lookup: number;
  labels?: ReadonlyMap<string, EntityLabel>;
  error?: string;
}

export type ToWorker = CheckRequest | LabelsAnswer;

/** An error as it crosses the thread boundary (a class does not survive the structured clone). */
export type SentError = { kind: 'dataset'; issues: DatasetIssue[] } | { kind: 'error'; message: string; stack?: string };

export type FromWorker =
  | { kind: 'plan'; job: number; plan: GraphPlan }
  | { kind: 'rendered'; job: number; chunk: RenderedChunk }
  | { kind: 'failed'; job: number; error: SentError }
  | { kind: 'findLabels'; job: number; lookup: number; ids: string[] };

export function sendableError(error: unknown): SentError {
  if (error instanceof DatasetError) return { kind: 'dataset', issues: error.issues };
  if (error instanceof Error) return { kind: 'error', message: error.message, stack: error.stack };
  return { kind: 'error', message: String(error) };
}

function receivedError(error: SentError): Error {
  if (error.kind === 'dataset') return new DatasetError(error.issues);
  const received = new Error(error.message);
  if (error.stack) received.stack = error.stack;
  return received;
}

/** Workers for the checks by default: every processor but the one the writing thread keeps. */
export function defaultCheckWorkers(): number {
  return Math.max(0, availableParallelism() - 1);
}

/**
 * The compiled worker: beside this module when it runs compiled (dist/src/ingest), and in the
 * build when it runs from source under ts-jest (which a worker thread cannot load); null when
 * neither is there, and the checks then run in process.
 */
export function checkWorkerScript(): string | null {
  const beside = path.join(__dirname, 'checkWorker.js');
  if (existsSync(beside)) return beside;
  const built = path.join(projectRoot(), 'dist', 'src', 'ingest', 'checkWorker.js');
  return existsSync(built) ? built : null;
}

export interface CheckPoolOptions {
  /** Worker threads; default defaultCheckWorkers(). 0 checks in process. */
  workers?: number;
  /** Labels of entities outside the chunk and `known` (the database's); default: none are known. */
  findLabels?: (ids: string[]) => Promise<Map<string, EntityLabel>>;
  log?: (message: string) => void;
}

type Job = { kind: 'plan'; resolve: (plan: GraphPlan) => void; reject: (error: Error) => void } | { kind: 'rendered'; resolve: (chunk: RenderedChunk) => void; reject: (error: Error) => void };

/** A chunk waiting for a free worker: its request is made when a worker takes it. */
interface Queued {
  job: number;
  entry: Job;
  request: (thread: Thread) => CheckRequest;
}

interface Thread {
  worker: Worker;
  /** The one job it works on, or null when it is free. */
  current: { job: number; entry: Job } | null;
  /** How many of the documents' dates (checkAndRender's `published`) this worker has been sent. */
  publishedSent: number;
}

/** What checkAndRender is given besides the chunk. */
export interface RenderOptions {
  documents: string | ReadonlyMap<string, string>;
  known: ReadonlyMap<string, EntityLabel>;
  /** Every document's publication date, in the order they were generated, up to and including this chunk's; only ever appended to. */
  published: ReadonlyArray<readonly [string, string | null]>;
  /** The day whose derived statuses the project rows carry. */
  today: string;
}

/**
 * Worker threads that each check one chunk at a time; chunks wait in order for the first free
 * one, so a slow chunk never holds back the workers behind it.
 */
export class CheckPool {
  private readonly threads: Thread[] = [];
  private readonly queue: Queued[] = [];
  private readonly findLabels: (ids: string[]) => Promise<Map<string, EntityLabel>>;
  private nextJob = 0;
  private closed = false;
  /** In process: the documents' dates seen so far. */
  private readonly localPublished = new Map<string, string | null>();
  private localPublishedSeen = 0;

  constructor(options: CheckPoolOptions = {}) {
    this.findLabels = options.findLabels ?? (async () => new Map<string, EntityLabel>());
    const wanted = Math.max(0, Math.floor(options.workers ?? defaultCheckWorkers()));
    const script = wanted > 0 ? checkWorkerScript() : null;
    if (wanted > 0 && script === null) options.log?.('No compiled check worker (npm run build makes dist/src/ingest/checkWorker.js): checking in process.');
    if (script === null) return;
    for (let i = 0; i < wanted; i++) this.threads.push(this.start(script));
  }

  /** How many chunks are checked at once: the worker threads, or 1 in process. */
  get parallelism(): number {
    return Math.max(1, this.threads.length);
  }

  /** Worker threads running the checks (0: in process). */
  get workerThreads(): number {
    return this.threads.length;
  }

  /** The checked plan of one chunk (checkedPlan). `known` is read when this is called. */
  check(dataset: Dataset, options: { documents: string | ReadonlyMap<string, string>; known: ReadonlyMap<string, EntityLabel> }): Promise<GraphPlan> {
    if (this.closed) return Promise.reject(new Error('The check pool is closed: no chunk can be checked after close().'));
    if (this.threads.length === 0) return checkedPlan(dataset, { documents: options.documents, known: new Map(options.known) }, this.findLabels);
    const known = new Map(options.known);
    return new Promise<GraphPlan>((resolve, reject) => {
      this.enqueue({ kind: 'plan', resolve, reject }, (job) => () => ({ kind: 'check', job, dataset, documents: options.documents, known }));
    });
  }

  /** The chunk checked (checkedPlan) and rendered as import files (renderImportChunk). `known` and `published` are read when this is called. */
  checkAndRender(dataset: Dataset, options: RenderOptions): Promise<RenderedChunk> {
    if (this.closed) return Promise.reject(new Error('The check pool is closed: no chunk can be checked after close().'));
    const upTo = options.published.length;
    if (this.threads.length === 0) {
      for (const [id, date] of options.published.slice(this.localPublishedSeen, upTo)) this.localPublished.set(id, date);
      this.localPublishedSeen = upTo;
      return checkedPlan(dataset, { documents: options.documents, known: new Map(options.known) }, this.findLabels).then((plan) => renderImportChunk(plan, this.localPublished, options.today));
    }
    const known = new Map(options.known);
    return new Promise<RenderedChunk>((resolve, reject) => {
      this.enqueue({ kind: 'rendered', resolve, reject }, (job) => (thread) => {
        // Chunks are taken in order, so upTo only grows from one worker's request to its next.
        const published = options.published.slice(thread.publishedSent, upTo);
        thread.publishedSent = Math.max(thread.publishedSent, upTo);
        return { kind: 'check', job, dataset, documents: options.documents, known, render: { today: options.today, published } };
      });
    });
  }

  /** Stops the workers; chunks being checked or waiting reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closedError = new Error('The check pool was closed before this chunk was checked.');
    for (const queued of this.queue.splice(0)) queued.entry.reject(closedError);
    const threads = this.threads.splice(0);
    for (const thread of threads) this.fail(thread, closedError);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private enqueue(entry: Job, request: (job: number) => (thread: Thread) => CheckRequest): void {
    const job = this.nextJob++;
    this.queue.push({ job, entry, request: request(job) });
    this.dispatch();
  }

  /** Gives waiting chunks, in order, to free workers. */
  private dispatch(): void {
    for (const thread of this.threads) {
      if (thread.current !== null) continue;
      const next = this.queue.shift();
      if (next === undefined) return;
      thread.current = { job: next.job, entry: next.entry };
      thread.worker.postMessage(next.request(thread));
    }
  }

  private start(script: string): Thread {
    const thread: Thread = { worker: new Worker(script), current: null, publishedSent: 0 };
    thread.worker.on('message', (message: FromWorker) => this.receive(thread, message));
    thread.worker.on('error', (error) => this.lose(thread, new Error(`A check worker failed: ${error.message}`)));
    thread.worker.on('exit', (code) => {
      if (!this.closed) this.lose(thread, new Error(`A check worker stopped (exit code ${code}) before it answered.`));
    });
    return thread;
  }

  private receive(thread: Thread, message: FromWorker): void {
    if (message.kind === 'findLabels') {
      const answer = (reply: Omit<LabelsAnswer, 'kind' | 'lookup'>) => {
        if (!this.closed) thread.worker.postMessage({ kind: 'labels', lookup: message.lookup, ...reply } satisfies LabelsAnswer);
      };
      this.findLabels(message.ids).then(
        (labels) => answer({ labels }),
        (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
      );
      return;
    }
    const current = thread.current;
    if (current === null || current.job !== message.job) return;
    thread.current = null;
    const job = current.entry;
    if (message.kind === 'failed') job.reject(receivedError(message.error));
    else if (message.kind === 'plan' && job.kind === 'plan') job.resolve(message.plan);
    else if (message.kind === 'rendered' && job.kind === 'rendered') job.resolve(message.chunk);
    else job.reject(new Error(`A check worker answered "${message.kind}" to a request for "${job.kind}".`));
    this.dispatch();
  }

  /** A worker that failed or stopped: its chunk rejects, and with no worker left, so do those waiting. */
  private lose(thread: Thread, error: Error): void {
    this.fail(thread, error);
    const at = this.threads.indexOf(thread);
    if (at >= 0) this.threads.splice(at, 1);
    if (this.threads.length === 0) for (const queued of this.queue.splice(0)) queued.entry.reject(error);
  }

  private fail(thread: Thread, error: Error): void {
    thread.current?.entry.reject(error);
    thread.current = null;
  }
}
