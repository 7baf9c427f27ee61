import { setMaxListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import { ServiceError } from '../errors';

/**
 * The signal of one HTTP request, handed through the request's context to every query it runs
 * (db/driver/database.ts closes the query's session when it aborts, which ends the transaction
 * in Neo4j). It aborts:
 *
 * - when the connection closes before the answer is written: the client hung up, so nobody is
 *   left to read what the query finds (CLIENT_CLOSED_REQUEST);
 * - when the request has run for `timeoutMs` (the HTTP request timeout): Node's requestTimeout
 *   only bounds receiving the request, not the work after it, so the service bounds that
 *   itself (QUERY_TIMEOUT).
 *
 * It stops watching once the answer is written.
 */
export function requestSignal(res: ServerResponse, timeoutMs: number): AbortSignal {
  const controller = new AbortController();
  // Each query in flight listens while it runs (db/driver/database.ts) and stops when it ends;
  // a request resolving 50 names runs 50 at once, past Node's default warning at 10.
  setMaxListeners(1_000, controller.signal);
  const timer = setTimeout(() => {
    controller.abort(new ServiceError('QUERY_TIMEOUT', `The request ran past the HTTP request timeout (${timeoutMs} ms) and its queries were stopped; ask for less.`));
  }, timeoutMs);
  // A pending timer must not keep a stopping process alive.
  timer.unref();
  res.once('close', () => {
    clearTimeout(timer);
    if (!res.writableFinished) controller.abort(new ServiceError('CLIENT_CLOSED_REQUEST', 'The client closed the connection before its answer was written.'));
  });
  return controller.signal;
}
