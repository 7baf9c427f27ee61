import type { CypherCatalog } from '../db/cypher/catalog';
import type { Database } from '../db/driver/database';
import { ingestDataset } from '../ingest/ingest';
import { generateSynthGraph, synthScale, type SynthOptions, type SynthScale } from './generate';
import type { EntityLabel } from '../domain/entities';

export interface SynthProgress {
  projectsDone: number;
  projects: number;
  rowsDone: number;
  elapsedMs: number;
}

export interface SynthLoadResult {
  scale: SynthScale;
  /** Nodes written: entities and sources. */
  nodes: number;
  /** Relationships written: typed ones and EVIDENCED_BY. */
  relationships: number;
  ms: number;
  /** Measured over the time spent writing nodes, and relationships, respectively. */
  nodesPerSec: number;
  relsPerSec: number;
  /** Nodes and relationships over the whole run: generation, every check, planning and writing. */
  recordsPerSec: number;
  /** Where the time went, in ms (and rates of parts), by phase. */
  phases?: Record<string, number>;
}

/**
 * Generates a synthetic graph and loads it through the ingestion path (validation, evidence
 * checks, the same statements) in bulk mode: batches of `batchSize` rows, each batch
 * committed on its own, chunk after chunk, so memory stays flat however large the graph.
 */
export async function loadSynthGraph(
  db: Database,
  catalog: CypherCatalog,
  options: SynthOptions & { batchSize?: number; onProgress?: (progress: SynthProgress) => void },
): Promise<SynthLoadResult> {
  const started = performance.now();
  const known = new Map<string, EntityLabel>();
  let nodes = 0;
  let relationships = 0;
  let nodeMs = 0;
  let relMs = 0;
  let projectsDone = 0;
  let rowsBefore = 0;
  for (const chunk of generateSynthGraph(options)) {
    const result = await ingestDataset(db, catalog, chunk.dataset, {
      documents: chunk.documents,
      known,
      bulk: true,
      batchSize: options.batchSize,
      onProgress: (done, total) =>
        options.onProgress?.({
          projectsDone: projectsDone + Math.floor((chunk.dataset.projects.length * done) / Math.max(total, 1)),
          projects: options.projects,
          rowsDone: rowsBefore + done,
          elapsedMs: performance.now() - started,
        }),
    });
    const phases = result.report.phases;
    if (phases) {
      nodes += phases.nodes.rows;
      relationships += phases.relationships.rows;
      nodeMs += phases.nodes.ms;
      relMs += phases.relationships.ms;
      rowsBefore += phases.nodes.rows + phases.relationships.rows;
    }
    if (chunk.kind === 'reference') {
      for (const c of chunk.dataset.countries) known.set(c.entry.id, 'Country');
      for (const o of chunk.dataset.organisations) known.set(o.entry.id, 'Organisation');
      for (const l of chunk.dataset.legalFrameworks) known.set(l.entry.id, 'LegalFramework');
    } else {
      projectsDone += chunk.dataset.projects.length;
    }
    options.onProgress?.({ projectsDone, projects: options.projects, rowsDone: rowsBefore, elapsedMs: performance.now() - started });
  }
  const ms = performance.now() - started;
  return {
    scale: synthScale(options.projects),
    nodes,
    relationships,
    ms,
    recordsPerSec: ms > 0 ? Math.round((nodes + relationships) / (ms / 1000)) : 0,
    phases: { writeNodesMs: Math.round(nodeMs), writeRelationshipsMs: Math.round(relMs), generateCheckPlanMs: Math.round(ms - nodeMs - relMs) },
    nodesPerSec: nodeMs > 0 ? Math.round(nodes / (nodeMs / 1000)) : 0,
    relsPerSec: relMs > 0 ? Math.round(relationships / (relMs / 1000)) : 0,
  };
}
