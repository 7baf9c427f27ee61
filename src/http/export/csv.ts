import type { GraphRecord } from '../../db/records';
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES } from './attributes';

/**
 * One CSV field after RFC 4180: quoted when it holds a comma, a double quote, a line break or
 * leading or trailing space, with its double quotes doubled. A missing value is an empty field.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// RFC 4180 ends every record, the last one included, with CRLF.
function csvTable(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** The nodes as CSV: a header row, then one row per entity (`id` first). */
export function nodesCsv(graph: GraphRecord): string {
  return csvTable(
    ['id', ...NODE_ATTRIBUTES.map((a) => a.name)],
    graph.nodes.map((node) => [node.id, ...NODE_ATTRIBUTES.map((a) => a.value(node))]),
  );
}

/** The edges as CSV: a header row, then one row per relationship (`id`, `source`, `target` first). */
export function edgesCsv(graph: GraphRecord): string {
  return csvTable(
    ['id', 'source', 'target', ...EDGE_ATTRIBUTES.map((a) => a.name)],
    graph.edges.map((edge) => [edge.id, edge.source, edge.target, ...EDGE_ATTRIBUTES.map((a) => a.value(edge))]),
  );
}
