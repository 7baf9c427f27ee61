import type { GraphEdgeRecord, GraphNodeRecord } from '../../db/records';

/** The value types the exports declare: GraphML's attr.type and GEXF's attribute type. */
export type AttributeType = 'string' | 'int' | 'boolean';

/** One column of a node or edge export: its name, its declared type and how to read it. */
export interface Attribute<T> {
  name: string;
  type: AttributeType;
  value(item: T): string | number | boolean | null;
}

/**
 * The node attributes every export carries, in one list so that GraphML keys, GEXF attributes,
 * CSV columns and the Cytoscape data agree. Multi-valued ones are flattened for the flat
 * formats: labels joined with `;` (labels never contain one).
 */
export const NODE_ATTRIBUTES: ReadonlyArray<Attribute<GraphNodeRecord>> = [
  { name: 'label', type: 'string', value: (n) => n.name },
  { name: 'type', type: 'string', value: (n) => n.type },
  { name: 'labels', type: 'string', value: (n) => n.labels.join(';') },
  { name: 'acronym', type: 'string', value: (n) => n.acronym },
  { name: 'kind', type: 'string', value: (n) => n.kind },
  { name: 'status', type: 'string', value: (n) => n.status },
  { name: 'startDate', type: 'string', value: (n) => n.startDate },
  { name: 'endDate', type: 'string', value: (n) => n.endDate },
  { name: 'isoCode', type: 'string', value: (n) => n.isoCode },
  { name: 'jurisdiction', type: 'string', value: (n) => n.jurisdiction },
  { name: 'year', type: 'int', value: (n) => n.year },
  { name: 'degree', type: 'int', value: (n) => n.degree },
];

/**
 * The edge attributes of the flat formats. The evidence travels whole as a JSON array of
 * `{document, excerpt}` (an excerpt may hold any character, so no separator would be safe),
 * beside its count and its documents for filtering without parsing.
 */
export const EDGE_ATTRIBUTES: ReadonlyArray<Attribute<GraphEdgeRecord>> = [
  { name: 'type', type: 'string', value: (e) => e.type },
  { name: 'role', type: 'string', value: (e) => e.role },
  { name: 'title', type: 'string', value: (e) => e.title },
  { name: 'date', type: 'string', value: (e) => e.date },
  { name: 'evidenceCount', type: 'int', value: (e) => e.evidence.length },
  { name: 'evidenceDocuments', type: 'string', value: (e) => [...new Set(e.evidence.map((s) => s.document))].join(';') },
  { name: 'evidence', type: 'string', value: (e) => JSON.stringify(e.evidence.map((s) => ({ document: s.document, excerpt: s.excerpt }))) },
];
