import type { EntityLabel } from '../domain/entities';
import type { RelationshipType } from '../domain/relationships';

/**
 * What an ingestion writes: entities, their evidence, relationships with evidence, and
 * source documents. Built by src/ingest from a dataset; written by the GraphWriter.
 */

export type PropertyValue = string | number | boolean | string[] | null;

export interface PlannedSource {
  id: string;
  props: Record<string, PropertyValue>;
}

export interface PlannedNode {
  id: string;
  label: EntityLabel;
  /** Every property, stored as given (dates as YYYY-MM-DD strings, converted in Cypher). */
  props: Record<string, PropertyValue>;
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
}

export interface GraphPlan {
  sources: PlannedSource[];
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
  /** Bulk loads only: rows written and time spent, for nodes (with sources) and for relationships (with evidence). */
  phases?: { nodes: { rows: number; ms: number }; relationships: { rows: number; ms: number } };
}
