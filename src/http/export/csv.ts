import type { GraphRecord } from '../../db/records';
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES } from './attributes';

/**
 * What a spreadsheet may read as the start of a formula (OWASP, "CSV Injection"):
 * `=`, `+`, `-`, `@`, a tab or a carriage return as the first character. Leading spaces are
 * looked past as well, because spreadsheets that trim cells on import would otherwise find the
 * formula behind them.
 */
const FORMULA_START = /^[ ]*[=+\-@\t\r]/;

/**
 * A text cell as a spreadsheet will show it rather than run it: one that could start a
 * formula gets a single quote in front (which spreadsheets take as "this is text"), as OWASP
 * advises; every other text is left as it is.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One CSV field after RFC 4180: quoted when it holds a comma, a double quote, a line break or
 * leading or trailing space, with its double quotes doubled. A missing value is an empty field.
 *
 * Text is neutralised first (see `neutraliseFormula`) and a neutralised cell is always quoted.
 * A finite number is written as JavaScript prints it, negative ones with their minus sign
 * (`-3`): the digits of a number cannot form a formula, and a spreadsheet should keep reading
 * it as a number. Only text that happens to look like a negative number (`"-3"` in a text
 * column) is neutralised, since a text column may as well hold `-2+3+cmd|' /C calc'!A0`.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const original = String(value);
  const text = neutraliseFormula(original);
  return text !== original || /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
