import { parentPort } from 'node:worker_threads';
import type { EntityLabel } from '../domain/entities';
import { renderImportChunk } from '../db/repositories/graphImport';
import { sendableError, type CheckRequest, type FromWorker, type LabelsAnswer, type ToWorker } from './checkPool';
import { checkedPlan } from './ingest';

/**
 * A worker thread of CheckPool: checks the chunks it is sent (checkedPlan) and sends back
 * each plan, or the error that stopped it. Lookups of entities outside a chunk go to the
 * main thread, which owns the database.
 */

const port = parentPort;
if (port === null) throw new Error('checkWorker runs as a worker thread of CheckPool (src/ingest/checkPool.ts), not on its own.');

const lookups = new Map<number, { resolve: (labels: Map<string, EntityLabel>) => void; reject: (error: Error) => void }>();
let nextLookup = 0;
/** Every document's publication date this worker has been sent (checkAndRender). */
const published = new Map<string, string | null>();

function send(message: FromWorker): void {
  port?.postMessage(message);
}

async function check(request: CheckRequest): Promise<void> {
  const findLabels = (ids: string[]) =>
    new Promise<Map<string, EntityLabel>>((resolve, reject) => {
      const lookup = nextLookup++;
      lookups.set(lookup, { resolve, reject });
      send({ kind: 'findLabels', job: request.job, lookup, ids });
    });
  try {
    for (const [id, date] of request.render?.published ?? []) published.set(id, date);
    const plan = await checkedPlan(request.dataset, { documents: request.documents, known: request.known }, findLabels);
    if (request.render) send({ kind: 'rendered', job: request.job, chunk: renderImportChunk(plan, published, request.render.today) });
    else send({ kind: 'plan', job: request.job, plan });
  } catch (error) {
    send({ kind: 'failed', job: request.job, error: sendableError(error) });
  }
}

function answer(message: LabelsAnswer): void {
  const waiting = lookups.get(message.lookup);
  if (!waiting) return;
  lookups.delete(message.lookup);
  if (message.error !== undefined) waiting.reject(new Error(message.error));
  else waiting.resolve(new Map(message.labels ?? []));
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'check') void check(message);
  else answer(message);
});
