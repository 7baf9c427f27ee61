import type { GraphRecord, SourceRecord } from '../../db/records';
import { NODE_ATTRIBUTES } from './attributes';

/** A node element of Cytoscape.js's JSON: its `data` holds `id`, `label`, `type` and the rest. */
export interface CytoscapeNode {
  data: { id: string; labels: string[] } & Record<string, string | string[] | number | boolean | null>;
}

/** An edge element; its evidence stays a list, as the explorer shows it. */
export interface CytoscapeEdge {
  data: {
    id: string;
    source: string;
    target: string;
    type: string;
    label: string;
    role: string | null;
    title: string | null;
    date: string | null;
    evidence: SourceRecord[];
  };
}

/**
 * The graph in Cytoscape.js's elements format (what `cy.json()` gives and `cy.add()` and
 * `cytoscape({ elements })` take), with a top-level `data` that says whether it was truncated.
 */
export interface CytoscapeDocument {
  data: { title: string; truncated: boolean; nodeCount: number; edgeCount: number };
  elements: { nodes: CytoscapeNode[]; edges: CytoscapeEdge[] };
}

export function toCytoscapeJson(graph: GraphRecord, title = 'Migration governance graph'): CytoscapeDocument {
  const nodes = graph.nodes.map((node) => ({
    // `labels` stays a list here; the flat formats join it.
    data: { id: node.id, ...Object.fromEntries(NODE_ATTRIBUTES.map((a) => [a.name, a.value(node)])), labels: [...node.labels], name: node.name },
  }));
  const edges = graph.edges.map((edge) => ({
    data: {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: edge.type,
      label: edge.type,
      role: edge.role,
      title: edge.title,
      date: edge.date,
      evidence: edge.evidence.map((s) => ({ document: s.document, excerpt: s.excerpt })),
    },
  }));
  return { data: { title, truncated: graph.truncated, nodeCount: nodes.length, edgeCount: edges.length }, elements: { nodes, edges } };
}
