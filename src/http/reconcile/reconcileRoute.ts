import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Repositories } from '../../db/repositories';
import { ServiceError } from '../../errors';
import type { Viewer } from '../../security/apiKeys';
import type { Admission } from '../../security/requestGuard';
import { readBody } from '../body';
import { sendRefusal } from '../refusal';
import { PREVIEW_PATH, RECONCILE_PATH, serviceManifest, SUGGEST_ENTITY_PATH, SUGGEST_TYPE_PATH } from './manifest';
import { servePreview } from './preview';
import { answerQueryBatch, parseQueryBatch } from './queries';
import { suggestEntities, suggestTypes } from './suggest';

/**
 * The W3C Reconciliation Service API, version 0.2 (https://reconciliation-api.github.io/specs/0.2/),
 * as one router, after yente's reconcile router: the manifest (GET /reconcile), query batches
 * (POST /reconcile with the form parameter `queries`, or GET ?queries=), the preview and the
 * suggest services. OpenRefine calls it from the browser, so every answer of these paths,
 * refusals included, allows any origin (the spec makes CORS mandatory); nothing else of the
 * service does. It passes the same door as /graphql: rate limit and API keys.
 */

export { RECONCILE_PATH };

/** The methods the router answers; OPTIONS is the CORS preflight. */
export const RECONCILE_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'OPTIONS'];

/** What the router needs from the service: the door, and a request's repositories. */
export interface ReconcileDoor {
  admit(req: IncomingMessage): Admission;
  repositories(viewer: Viewer, res: ServerResponse): Repositories;
}

const PATHS = new Set([RECONCILE_PATH, PREVIEW_PATH, SUGGEST_ENTITY_PATH, SUGGEST_TYPE_PATH]);
/** A JSONP callback is a dotted JavaScript name, nothing that could be script of its own. */
const CALLBACK = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
const MAX_CALLBACK_LENGTH = 100;
/** A Host header we echo into the manifest's URLs: a host name or address and a port, nothing else. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

const FORM = 'application/x-www-form-urlencoded';
const GET_PARAMETERS = ['queries', 'callback', '_'];

function bad(message: string): ServiceError {
  return new ServiceError('BAD_REQUEST', message);
}

function setCors(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
  res.setHeader('Access-Control-Max-Age', '600');
}

/** The address the client used, for the manifest's absolute URL templates. */
function originOf(req: IncomingMessage): string {
  const host = req.headers.host && HOST.test(req.headers.host) ? req.headers.host : `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 80}`;
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

/** The JSONP callback of a GET, checked, or null. */
function callbackOf(params: URLSearchParams, method: string): string | null {
  const callback = params.get('callback');
  if (callback === null) return null;
  if (method === 'POST') throw bad('"callback" (JSONP) applies to GET requests only.');
  if (callback.length > MAX_CALLBACK_LENGTH || !CALLBACK.test(callback)) {
    throw bad(`"callback" must be a JavaScript function name (letters, digits, _ and $, dotted), at most ${MAX_CALLBACK_LENGTH} characters; got ${JSON.stringify(callback.slice(0, 40))}.`);
  }
  return callback;
}

/** Writes a JSON answer, or a JSONP one when the GET named a callback; HEAD gets the headers alone. */
function send(res: ServerResponse, method: string, body: unknown, callback: string | null): void {
  const json = JSON.stringify(body);
  // The comment keeps a callback name from being read as the start of a file type (the Rosetta Flash fix).
  const text = callback ? `/**/ typeof ${callback} === 'function' && ${callback}(${json});` : json;
  res.statusCode = 200;
  res.setHeader('Content-Type', callback ? 'text/javascript; charset=utf-8' : 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(method === 'HEAD' ? undefined : text);
}

/** The `queries` of a POST: an url-encoded form with that one field. */
async function postedQueries(req: IncomingMessage): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== FORM) throw bad(`A reconciliation POST must be ${FORM} with the form field "queries"; got Content-Type ${JSON.stringify(type || 'none')}.`);
  const form = new URLSearchParams(await readBody(req));
  const unknown = [...new Set(form.keys())].filter((k) => k !== 'queries');
  if (unknown.length > 0) throw bad(`Unknown form field ${unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}; a reconciliation POST takes "queries".`);
  const queries = form.getAll('queries');
  if (queries.length !== 1) throw bad(`The form must hold "queries" once, a JSON object of query id -> {query, ...}; got it ${queries.length} times.`);
  return queries[0] as string;
}

/** GET /reconcile: the manifest, or a batch given as ?queries=. */
function checkGetParameters(params: URLSearchParams): void {
  for (const name of new Set(params.keys())) {
    if (!GET_PARAMETERS.includes(name)) throw bad(`Unknown parameter ${JSON.stringify(name.slice(0, 40))}; /reconcile takes queries (a batch) and callback (JSONP), or nothing for the manifest.`);
    if (params.getAll(name).length > 1) throw bad(`"${name}" is given more than once.`);
  }
}

/**
 * Answers a path of the reconciliation API; false for any other path under /reconcile (and
 * for a method a path does not take), so the caller answers 404.
 */
export async function serveReconcile(req: IncomingMessage, res: ServerResponse, url: URL, door: ReconcileDoor): Promise<boolean> {
  const path = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  const method = req.method ?? 'GET';
  if (!PATHS.has(path) || (method === 'POST' && path !== RECONCILE_PATH)) return false;
  setCors(res);
  if (method === 'OPTIONS') {
    res.statusCode = 204;
    res.end();
    return true;
  }
  const admission = door.admit(req);
  if (!admission.admitted) {
    sendRefusal(res, admission);
    return true;
  }
  const params = url.searchParams;
  const repositories = () => door.repositories(admission.viewer, res);

  if (path === PREVIEW_PATH) {
    await servePreview(params, method, repositories(), res);
    return true;
  }
  const callback = callbackOf(params, method);
  if (path === SUGGEST_ENTITY_PATH) {
    send(res, method, await suggestEntities(params, repositories()), callback);
    return true;
  }
  if (path === SUGGEST_TYPE_PATH) {
    send(res, method, suggestTypes(params), callback);
    return true;
  }
  if (method === 'POST') {
    const queries = parseQueryBatch(await postedQueries(req));
    send(res, method, await answerQueryBatch(repositories().names, queries), null);
    return true;
  }
  checkGetParameters(params);
  const queries = params.get('queries');
  if (queries === null) send(res, method, serviceManifest(originOf(req)), callback);
  else send(res, method, await answerQueryBatch(repositories().names, parseQueryBatch(queries)), callback);
  return true;
}
