import type { ServerResponse } from 'node:http';
import type { GraphRepository } from '../../db/repositories/graphRepository';
import type { GraphRecord } from '../../db/records';
import { ServiceError } from '../../errors';
import { edgesCsv, nodesCsv } from './csv';
import { toCytoscapeJson } from './cytoscapeJson';
import { toGexf } from './gexf';
import { toGraphML } from './graphml';
import { parseExportRequest, type ExportRequest } from './parameters';

/** Where the exports live: /export/graph.json, /export/graph.graphml, ... */
export const EXPORT_PREFIX = '/export/';

interface ExportFormat {
  contentType: string;
  extension: string;
  serialise(graph: GraphRecord, title: string): string;
}

/**
 * The export formats by file name; one small serialiser module each. A Map, not an object
 * literal, so that a name such as `__proto__` or `constructor` is no format.
 */
export const EXPORT_FORMATS: ReadonlyMap<string, ExportFormat> = new Map<string, ExportFormat>([
  ['graph.json', { contentType: 'application/json; charset=utf-8', extension: 'json', serialise: (g, t) => JSON.stringify(toCytoscapeJson(g, t)) }],
  ['graph.graphml', { contentType: 'application/graphml+xml; charset=utf-8', extension: 'graphml', serialise: toGraphML }],
  ['graph.gexf', { contentType: 'application/gexf+xml; charset=utf-8', extension: 'gexf', serialise: toGexf }],
  ['nodes.csv', { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv', serialise: (g) => nodesCsv(g) }],
  ['edges.csv', { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv', serialise: (g) => edgesCsv(g) }],
]);

function describe(request: ExportRequest): string {
  const types = request.types ? `, relationships ${request.types.join(', ')}` : '';
  return request.focus === null ? `Migration governance graph${types}` : `Migration governance graph around ${request.focus}, depth ${request.depth}${types}`;
}

// A file name a download keeps: the format's name, prefixed with the focus when there is one.
function fileName(name: string, request: ExportRequest): string {
  if (request.focus === null) return name;
  return `${request.focus.replace(/[^A-Za-z0-9._-]+/g, '-')}-depth${request.depth}-${name}`;
}

async function readGraph(graphs: GraphRepository, request: ExportRequest): Promise<GraphRecord> {
  const types = request.types ?? undefined;
  if (request.focus === null) return graphs.wholeGraph(types);
  const graph = await graphs.neighbourhood(request.focus, request.depth, request.limit, types);
  if (!graph) throw new ServiceError('NOT_FOUND', `No entity has the id "${request.focus}".`);
  return graph;
}

/**
 * Answers GET /export/<name> (and HEAD, with the same headers and no body): the whole graph or
 * the neighbourhood of `focus`, serialised. Everything that can be refused without the database
 * is refused first: an unknown name is NOT_FOUND with the list of exports, bad parameters are
 * BAD_REQUEST, both thrown as ServiceErrors with a clear message; an unknown focus is NOT_FOUND
 * after the read. HEAD reads and serialises as GET does, so that its Content-Length and node
 * and edge counts are the ones GET would send; it passes the same rate limit as GET.
 */
export async function serveExport(name: string, method: string | undefined, params: URLSearchParams, graphs: () => GraphRepository, res: ServerResponse): Promise<boolean> {
  const format = EXPORT_FORMATS.get(name);
  if (format === undefined) {
    const names = [...EXPORT_FORMATS.keys()].map((n) => `${EXPORT_PREFIX}${n}`).join(', ');
    // The name is echoed cut short: a path may be kilobytes long.
    throw new ServiceError('NOT_FOUND', `No export is named "${name.slice(0, 80)}"; the exports are ${names}.`);
  }
  const request = parseExportRequest(params);
  // A ServiceError from the database (DATABASE_UNAVAILABLE: 503, which clients may retry) is
  // answered by the server's refusal, with the status /graphql gives it.
  const graph = await readGraph(graphs(), request);
  const body = format.serialise(graph, describe(request));
  res.statusCode = 200;
  res.setHeader('Content-Type', format.contentType);
  res.setHeader('Content-Length', String(Buffer.byteLength(body)));
  res.setHeader('Content-Disposition', `attachment; filename="${fileName(name, request)}"`);
  res.setHeader('X-Graph-Nodes', String(graph.nodes.length));
  res.setHeader('X-Graph-Edges', String(graph.edges.length));
  res.setHeader('X-Graph-Truncated', String(graph.truncated));
  res.end(method === 'HEAD' ? undefined : body);
  return true;
}
