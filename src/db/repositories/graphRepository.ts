import { entityLabel, relationshipEvidence, toPlain } from '../conversions';
import type { QueryRunner } from '../queryRunner';
import type { GraphEdgeRecord, GraphNodeRecord, GraphRecord } from '../records';
import { relationshipAlternation, type RelationshipType } from '../relationships';

interface GraphRow {
  nodes: Array<{ props: Record<string, unknown>; labels: string[] }>;
  rels: Array<{ type: string; source: string; target: string; props: Record<string, unknown> }>;
}

/** The stable id of an edge: one relationship of a type joins two entities at most once. */
export function edgeId(source: string, type: string, target: string): string {
  return `${source}-${type}-${target}`;
}

function toGraph(row: GraphRow): GraphRecord {
  const nodes: GraphNodeRecord[] = [];
  for (const node of row.nodes) {
    const type = entityLabel(node.labels);
    if (type === null) continue;
    const acronym = toPlain(node.props.acronym);
    nodes.push({
      id: String(toPlain(node.props.id)),
      name: String(toPlain(node.props.name)),
      type,
      labels: [...node.labels].filter((label) => label !== 'Entity').sort(),
      acronym: typeof acronym === 'string' ? acronym : null,
    });
  }
  const edges: GraphEdgeRecord[] = row.rels.map((rel) => ({
    id: edgeId(rel.source, rel.type, rel.target),
    source: rel.source,
    target: rel.target,
    type: rel.type,
    evidence: relationshipEvidence(rel.props),
  }));
  return { nodes, edges };
}

export const MAX_NEIGHBOURHOOD_DEPTH = 3;
export const MAX_PATH_LENGTH = 10;

export class GraphRepository {
  constructor(private readonly runner: QueryRunner) {}

  /** The entity and everything within `depth` hops, at most `limit` nodes besides it. */
  async neighbourhood(id: string, depth: number, limit: number, types?: readonly RelationshipType[]): Promise<GraphRecord | null> {
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_NEIGHBOURHOOD_DEPTH) throw new Error(`depth out of range: ${depth}`);
    const rows = await this.runner.read<GraphRow>('graph.neighbourhood', { id, limit }, { TYPES: relationshipAlternation(types), DEPTH: String(depth) });
    const row = rows[0];
    return row ? toGraph(row) : null;
  }

  /** A shortest path between two entities, or null when none joins them. */
  async shortestPath(from: string, to: string, types?: readonly RelationshipType[]): Promise<GraphRecord | null> {
    const rows = await this.runner.read<GraphRow>('graph.shortestPath', { from, to }, { TYPES: relationshipAlternation(types), MAX_LENGTH: String(MAX_PATH_LENGTH) });
    const row = rows[0];
    return row ? toGraph(row) : null;
  }
}
