import type { EntityLabel } from '../domain/entities';
import type { RelationshipType } from '../domain/relationships';

/**
 * What an ingestion writes: entities, their evidence, relationships with evidence, and
 * source documents. Built by src/ingest from a dataset; written by the GraphWriter.
 */

export type PropertyValue = string | number | boolean | string[] | number[] | null;

export interface PlannedDocument {
  id: string;
  props: Record<string, PropertyValue>;
}

/** Which dataset file and entry a planned node or relationship comes from: the origin of its claims. */
export interface PlannedOrigin {
  /** The file's origin name ("seed/projects.yaml"). */
  file: string;
  /** The entry ("projects[3]"). */
  entry: string;
}

/** A source document and excerpt, as the claims of a planned element cite them. */
export interface PlannedSource {
  document: string;
  excerpt: string;
  /** The passage of the document the excerpt comes after, when the dataset gives one. */
  under?: string;
  /** Where the excerpt starts in the document's text, white space collapsed; set by the checks, which read the documents. */
  offset?: number;
}

export interface PlannedNode {
  id: string;
  label: EntityLabel;
  /** Every property this entry gives (dates as YYYY-MM-DD strings, converted in Cypher); the writer makes them claims. */
  props: Record<string, PropertyValue>;
  origin: PlannedOrigin;
  /** The entry's evidence: the sources of its claims. */
  evidence: PlannedSource[];
}

export interface PlannedEvidence {
  entityId: string;
  document: string;
  excerpt: string;
  position: number;
}

export interface PlannedRelationship {
  type: RelationshipType;
  from: string;
  to: string;
  props: Record<string, PropertyValue>;
  origin: PlannedOrigin;
}

export interface GraphPlan {
  sources: PlannedDocument[];
  nodes: PlannedNode[];
  evidence: PlannedEvidence[];
  relationships: PlannedRelationship[];
}

/** What a write changed, per label and relationship type. */
export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export interface WriteReport {
  nodes: Record<string, WriteCounts>;
  relationships: Record<string, WriteCounts>;
  /** True when the write was rolled back (a dry run). */
  dryRun: boolean;
  /** The conflicts this load created: single-valued fields whose origins now disagree. */
  conflicts: LoadConflict[];
  /** Bulk loads only: rows written and time spent, for nodes (with sources) and for relationships (with evidence). */
  phases?: BulkPhases;
}

/** Where a bulk load's time went, in ms (nodes and relationships with their rows). */
export interface BulkPhases {
  /** The id diff and the stored claims of what exists, read before anything is written. */
  readExisting: { ms: number };
  /** The rows built from the plan and the claims read (claims merged, properties materialised). */
  rows: { ms: number };
  /** Sources and entities. */
  nodes: { rows: number; ms: number };
  /** Evidence and typed relationships. */
  relationships: { rows: number; ms: number };
  /** Tombstones and the :Donor labels (the latter skipped when the load defers it to its end). */
  finish: { ms: number };
}

/** A conflict a load created, for its report. */
export interface LoadConflict {
  /** The entity, or for a relationship its start. */
  entityId: string;
  /** For a relationship's conflict: its type and end (field is then `link`). */
  relationship?: { type: string; to: string };
  field: string;
  /** The preferred value first, then the others, each with where it comes from. */
  alternatives: Array<{ value: string; origin: string; preferred: boolean }>;
}
