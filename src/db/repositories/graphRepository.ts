import { relationshipEvidence, toPlain } from '../conversions';
import type { QueryRunner } from '../driver/queryRunner';
import type { GraphDetail, GraphEdgeRecord, GraphNodeRecord, GraphRecord } from '../records';
import type { Slots } from '../cypher/catalog';
import { FULL_DETAIL, detailSlots, integerSlot, typesSlot } from '../cypher/slots';
import { entityLabelOf, isProjectStatus } from '../../domain/entities';
import { MAX_PATH_LENGTH, MAX_SHORTEST_PATHS, MAX_NEIGHBOURHOOD_DEPTH, WHOLE_GRAPH_EDGE_LIMIT, WHOLE_GRAPH_NODE_LIMIT } from '../../domain/limits';
import type { RelationshipType } from '../../domain/relationships';

/**
 * What every graph query returns: one row, or none when its start is not found. Nodes and
 * relationships come as lists, not maps (Bolt would send a map's keys with each of hundreds).
 */
interface GraphRow {
  nodes: Array<[props: Record<string, unknown>, labels: string[], degree: unknown]>;
  rels: Array<[type: string, source: string, target: string, props: Record<string, unknown>]>;
  truncated: boolean;
}

/** The stable id of an edge: one relationship of a type joins two entities at most once. */
export function edgeId(source: string, type: string, target: string): string {
  return `${source}-${type}-${target}`;
}

function text(props: Record<string, unknown>, key: string): string | null {
  const value = toPlain(props[key]);
  return typeof value === 'string' && value !== '' ? value : null;
}

function integer(props: Record<string, unknown>, key: string): number | null {
  const value = toPlain(props[key]);
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function toGraphNode([props, labels, degree]: GraphRow['nodes'][number]): GraphNodeRecord | null {
  const type = entityLabelOf(labels);
  if (type === null) return null;
  // The status today where a refresh stored one (src/domain/projectStatus.ts), as Project.status gives it.
  const status = text(props, 'derivedStatus') ?? text(props, 'status');
  return {
    id: String(toPlain(props.id)),
    name: String(toPlain(props.name)),
    type,
    labels: [...labels].filter((label) => label !== 'Entity').sort(),
    acronym: text(props, 'acronym'),
    kind: text(props, 'kind'),
    status: isProjectStatus(status) ? status : null,
    startDate: text(props, 'startDate'),
    endDate: text(props, 'endDate'),
    isoCode: text(props, 'isoCode'),
    jurisdiction: text(props, 'jurisdiction'),
    year: integer(props, 'year'),
    degree: Number(toPlain(degree) ?? 0),
  };
}

function toGraphEdge([type, source, target, props]: GraphRow['rels'][number]): GraphEdgeRecord {
  return {
    id: edgeId(source, type, target),
    source,
    target,
    type,
    role: text(props, 'role'),
    title: text(props, 'title'),
    date: text(props, 'date'),
    evidence: relationshipEvidence(props),
  };
}

function toGraph(row: GraphRow): GraphRecord {
  const nodes = row.nodes.map(toGraphNode).filter((node): node is GraphNodeRecord => node !== null);
  return { nodes, edges: row.rels.map(toGraphEdge), truncated: row.truncated === true };
}

/** The slots of a graph query: its relationship types and the detail asked for, plus its own bounds. */
function graphSlots(types: readonly RelationshipType[] | undefined, detail: Readonly<GraphDetail>, bounds: Slots = {}): Slots {
  return { TYPES: typesSlot(types), ...detailSlots(detail), ...bounds };
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
    checkRange('limit', limit, 0, Number.MAX_SAFE_INTEGER - 1);
    const rows = await this.runner.read<GraphRow>('graph.neighbourhood', { id, limit }, graphSlots(types, detail, { DEPTH: integerSlot('depth', depth, 1, MAX_NEIGHBOURHOOD_DEPTH) }));
    const row = rows[0];
    return row ? toGraph(row) : null;
  }

  /** A shortest path between two entities, its nodes from `from` to `to`; null when none joins them. */
  async shortestPath(from: string, to: string, types?: readonly RelationshipType[], maxLength: number = MAX_PATH_LENGTH, detail: Readonly<GraphDetail> = FULL_DETAIL): Promise<GraphRecord | null> {
    const rows = await this.runner.read<GraphRow>('graph.shortestPath', { from, to }, graphSlots(types, detail, { MAX_LENGTH: integerSlot('maxLength', maxLength, 1, MAX_PATH_LENGTH) }));
    const row = rows[0];
    return row ? toGraph(row) : null;
  }

  /** Every shortest path between two entities merged into one graph (at most MAX_SHORTEST_PATHS); null when none. */
  async allShortestPaths(from: string, to: string, types?: readonly RelationshipType[], maxLength: number = MAX_PATH_LENGTH, detail: Readonly<GraphDetail> = FULL_DETAIL): Promise<GraphRecord | null> {
    const rows = await this.runner.read<GraphRow>('graph.allShortestPaths', { from, to, maxPaths: MAX_SHORTEST_PATHS }, graphSlots(types, detail, { MAX_LENGTH: integerSlot('maxLength', maxLength, 1, MAX_PATH_LENGTH) }));
    const row = rows[0];
    return row ? toGraph(row) : null;
  }

  /** The entities with these ids (unknown ones left out) and every relationship among them. */
  async subgraph(ids: readonly string[], types?: readonly RelationshipType[], detail: Readonly<GraphDetail> = FULL_DETAIL): Promise<GraphRecord> {
    if (ids.length === 0) return { nodes: [], edges: [], truncated: false };
    const rows = await this.runner.read<GraphRow>('graph.subgraph', { ids }, graphSlots(types, detail));
    const row = rows[0];
    return row ? toGraph(row) : { nodes: [], edges: [], truncated: false };
  }

  /** The whole graph for an export, capped (see WHOLE_GRAPH_NODE_LIMIT); `truncated` when a cap was reached. */
  async wholeGraph(types?: readonly RelationshipType[], limits: { nodes: number; edges: number } = { nodes: WHOLE_GRAPH_NODE_LIMIT, edges: WHOLE_GRAPH_EDGE_LIMIT }): Promise<GraphRecord> {
    checkRange('node limit', limits.nodes, 0, Number.MAX_SAFE_INTEGER - 1);
    checkRange('edge limit', limits.edges, 0, Number.MAX_SAFE_INTEGER - 1);
    const rows = await this.runner.read<GraphRow>('graph.all', { limit: limits.nodes, edgeLimit: limits.edges }, graphSlots(types, FULL_DETAIL));
    const row = rows[0];
    return row ? toGraph(row) : { nodes: [], edges: [], truncated: false };
  }
}
