import { entityLabel, relationshipEvidence, toPlain } from '../conversions';
import type { QueryRunner } from '../driver/queryRunner';
import type { GraphEdgeRecord, GraphNodeRecord, GraphRecord, ProjectStatusValue } from '../records';
import { RELATIONSHIP_TYPES, relationshipAlternation, type RelationshipType } from '../relationships';

/** What every graph query returns: one row, or none when its start is not found. */
interface GraphRow {
  nodes: Array<{ props: Record<string, unknown>; labels: string[]; degree: unknown }>;
  rels: Array<{ type: string; source: string; target: string; props: Record<string, unknown> }>;
  truncated: boolean;
}

/** The stable id of an edge: one relationship of a type joins two entities at most once. */
export function edgeId(source: string, type: string, target: string): string {
  return `${source}-${type}-${target}`;
}

const PROJECT_STATUSES: readonly ProjectStatusValue[] = ['PLANNED', 'ONGOING', 'COMPLETED', 'CANCELLED', 'SUSPENDED'];

function text(props: Record<string, unknown>, key: string): string | null {
  const value = toPlain(props[key]);
  return typeof value === 'string' && value !== '' ? value : null;
}

function integer(props: Record<string, unknown>, key: string): number | null {
  const value = toPlain(props[key]);
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function toGraphNode(node: GraphRow['nodes'][number]): GraphNodeRecord | null {
  const type = entityLabel(node.labels);
  if (type === null) return null;
  const status = text(node.props, 'status');
  return {
    id: String(toPlain(node.props.id)),
    name: String(toPlain(node.props.name)),
    type,
    labels: [...node.labels].filter((label) => label !== 'Entity').sort(),
    acronym: text(node.props, 'acronym'),
    kind: text(node.props, 'kind'),
    status: PROJECT_STATUSES.find((s) => s === status) ?? null,
    startDate: text(node.props, 'startDate'),
    endDate: text(node.props, 'endDate'),
    isoCode: text(node.props, 'isoCode'),
    jurisdiction: text(node.props, 'jurisdiction'),
    year: integer(node.props, 'year'),
    degree: Number(toPlain(node.degree) ?? 0),
  };
}

function toGraphEdge(rel: GraphRow['rels'][number]): GraphEdgeRecord {
  return {
    id: edgeId(rel.source, rel.type, rel.target),
    source: rel.source,
    target: rel.target,
    type: rel.type,
    role: text(rel.props, 'role'),
    title: text(rel.props, 'title'),
    date: text(rel.props, 'date'),
    evidence: relationshipEvidence(rel.props),
  };
}

function toGraph(row: GraphRow): GraphRecord {
  const nodes = row.nodes.map(toGraphNode).filter((node): node is GraphNodeRecord => node !== null);
  return { nodes, edges: row.rels.map(toGraphEdge), truncated: row.truncated === true };
}

export const MAX_NEIGHBOURHOOD_DEPTH = 3;
export const MAX_PATH_LENGTH = 10;
/** allShortestPaths merges at most this many paths; between hubs there can be thousands. */
export const MAX_SHORTEST_PATHS = 100;

/**
 * The whole-graph read of the exports is capped, so that what the service holds in memory
 * to serialise it stays bounded however the graph grows: beyond these, the export says it
 * was truncated and a client asks for a neighbourhood (`focus`) instead.
 */
export const WHOLE_GRAPH_NODE_LIMIT = 20_000;
export const WHOLE_GRAPH_EDGE_LIMIT = 100_000;

/**
 * What a graph answer carries beyond ids, names and types: each node's degree (counted over
 * every entity relationship type) and each edge's evidence. A client that asks for neither
 * (a drawing of a neighbourhood, say) spares the database both.
 */
export interface GraphDetail {
  degree: boolean;
  evidence: boolean;
  /** Node properties beyond id and name (acronym, kind, status, dates, ISO code, jurisdiction, year). */
  nodeProperties: boolean;
  /** Edge properties (role, title, date). */
  edgeProperties: boolean;
}

export const FULL_DETAIL: Readonly<GraphDetail> = Object.freeze({ degree: true, evidence: true, nodeProperties: true, edgeProperties: true });

function edgeProps(detail: Readonly<GraphDetail>): string {
  const keys = [...(detail.edgeProperties ? ['.role', '.title', '.date'] : []), ...(detail.evidence ? ['.evidenceDocuments', '.evidenceExcerpts'] : [])];
  return keys.length > 0 ? `r {${keys.join(', ')}}` : '{}';
}

// Cypher takes neither a relationship type nor a variable-length bound as a parameter; both
// slots are rendered from the fixed list of types and from integers checked here, and the
// detail slots from two fixed fragments each.
function slots(types: readonly RelationshipType[] | undefined, extra: Record<string, string> = {}, detail: Readonly<GraphDetail> = FULL_DETAIL): Record<string, string> {
  const allTypes = relationshipAlternation(RELATIONSHIP_TYPES);
  return {
    TYPES: relationshipAlternation(types),
    ALL_TYPES: allTypes,
    DEGREE: detail.degree ? `COUNT { (n)-[:${allTypes}]-() }` : '0',
    NODE_PROPS: detail.nodeProperties ? 'n {.id, .name, .acronym, .kind, .status, .startDate, .endDate, .isoCode, .jurisdiction, .year}' : 'n {.id, .name}',
    EDGE_PROPS: edgeProps(detail),
    ...extra,
  };
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} out of range ${min}..${max}: ${value}`);
}

/** Graphs for visual clients and exports: neighbourhoods, paths, subgraphs and the whole graph. */
export class GraphRepository {
  constructor(private readonly runner: QueryRunner) {}

  /**
   * The entity and everything within `depth` hops over `types`, nearest first, at most
   * `limit` nodes besides it; null when no entity has the id.
   */
  async neighbourhood(id: string, depth: number, limit: number, types?: readonly RelationshipType[], detail: Readonly<GraphDetail> = FULL_DETAIL): Promise<GraphRecord | null> {
    checkRange('depth', depth, 1, MAX_NEIGHBOURHOOD_DEPTH);
    checkRange('limit', limit, 0, Number.MAX_SAFE_INTEGER - 1);
    const rows = await this.runner.read<GraphRow>('graph.neighbourhood', { id, limit }, slots(types, { DEPTH: String(depth) }, detail));
    const row = rows[0];
    return row ? toGraph(row) : null;
  }

  /** A shortest path between two entities, its nodes from `from` to `to`; null when none joins them. */
  async shortestPath(from: string, to: string, types?: readonly RelationshipType[], maxLength: number = MAX_PATH_LENGTH, detail: Readonly<GraphDetail> = FULL_DETAIL): Promise<GraphRecord | null> {
    checkRange('maxLength', maxLength, 1, MAX_PATH_LENGTH);
    const rows = await this.runner.read<GraphRow>('graph.shortestPath', { from, to }, slots(types, { MAX_LENGTH: String(maxLength) }, detail));
    const row = rows[0];
    return row ? toGraph(row) : null;
  }

  /** Every shortest path between two entities merged into one graph (at most MAX_SHORTEST_PATHS); null when none. */
  async allShortestPaths(from: string, to: string, types?: readonly RelationshipType[], maxLength: number = MAX_PATH_LENGTH, detail: Readonly<GraphDetail> = FULL_DETAIL): Promise<GraphRecord | null> {
    checkRange('maxLength', maxLength, 1, MAX_PATH_LENGTH);
    const rows = await this.runner.read<GraphRow>('graph.allShortestPaths', { from, to, maxPaths: MAX_SHORTEST_PATHS }, slots(types, { MAX_LENGTH: String(maxLength) }, detail));
    const row = rows[0];
    return row ? toGraph(row) : null;
  }

  /** The entities with these ids (unknown ones left out) and every relationship among them. */
  async subgraph(ids: readonly string[], types?: readonly RelationshipType[], detail: Readonly<GraphDetail> = FULL_DETAIL): Promise<GraphRecord> {
    if (ids.length === 0) return { nodes: [], edges: [], truncated: false };
    const rows = await this.runner.read<GraphRow>('graph.subgraph', { ids }, slots(types, {}, detail));
    const row = rows[0];
    return row ? toGraph(row) : { nodes: [], edges: [], truncated: false };
  }

  /** The whole graph for an export, capped (see WHOLE_GRAPH_NODE_LIMIT); `truncated` when a cap was reached. */
  async wholeGraph(types?: readonly RelationshipType[], limits: { nodes: number; edges: number } = { nodes: WHOLE_GRAPH_NODE_LIMIT, edges: WHOLE_GRAPH_EDGE_LIMIT }): Promise<GraphRecord> {
    checkRange('node limit', limits.nodes, 0, Number.MAX_SAFE_INTEGER - 1);
    checkRange('edge limit', limits.edges, 0, Number.MAX_SAFE_INTEGER - 1);
    const rows = await this.runner.read<GraphRow>('graph.all', { limit: limits.nodes, edgeLimit: limits.edges }, slots(types));
    const row = rows[0];
    return row ? toGraph(row) : { nodes: [], edges: [], truncated: false };
  }
}
