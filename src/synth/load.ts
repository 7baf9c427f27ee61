import type { CypherCatalog } from '../db/cypher/catalog';
import type { Database } from '../db/driver/database';
import { newQueryStats } from '../db/driver/database';
import { createRepositories } from '../db/repositories';
import { CheckPool } from '../ingest/checkPool';
import { finishBulkLoad, writeCheckedPlan } from '../ingest/ingest';
import { generateSynthGraph, referenceLabels, synthScale, type SynthChunk, type SynthOptions, type SynthScale } from './generate';
import type { GraphPlan } from '../db/graphPlan';
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
  /** Worker threads that ran the checks (0: the main thread). */
  checkWorkers?: number;
}

/**
 * Generates a synthetic graph and loads it through the ingestion path (validation, evidence
 * checks, the same statements) in bulk mode: batches of `batchSize` rows, each batch
 * committed on its own, chunk after chunk, so memory stays flat however large the graph.
 *
 * The next chunk is generated and checked while the current one is written: its checks on a
 * worker thread (CheckPool) from the start of the write, or, in process (one processor), once
 * the write only waits on Neo4j (its rows built, its first batches sent), in the gaps between
 * the answers of its batches, so Neo4j works on batches in flight while Node prepares.
 * What ends a load (the :Donor labels, every project's derived status) runs once, after the
 * last chunk (finishBulkLoad), not after each.
 */
export async function loadSynthGraph(
  db: Database,
  catalog: CypherCatalog,
  options: SynthOptions & { batchSize?: number; onProgress?: (progress: SynthProgress) => void; checkWorkers?: number },
): Promise<SynthLoadResult> {
  const started = performance.now();
  const known = new Map<string, EntityLabel>();
  const findLabels = (ids: string[]) => createRepositories(db, catalog, newQueryStats()).entities.findLabels(ids);
  // The checks run on a worker thread (on a machine of more than one processor), this thread builds the rows and talks to Neo4j.
  const pool = new CheckPool({ workers: options.checkWorkers, findLabels });
  const checkWorkers = pool.workerThreads;
  let nodes = 0;
  let relationships = 0;
  const spent = { generateMs: 0, checkPlanMs: 0, readExistingMs: 0, rowsMs: 0, writeNodesMs: 0, writeRelationshipsMs: 0, finishMs: 0 };
  let projectsDone = 0;
  let rowsBefore = 0;
  const chunks = generateSynthGraph(options);

  /** The next chunk, generated and checked, or null after the last; each step after a turn of the event loop, to let a write in flight go on. */
  const prepare = async (): Promise<{ chunk: SynthChunk; plan: GraphPlan } | null> => {
    await nextTurn();
    let at = performance.now();
    const next = chunks.next();
    spent.generateMs += performance.now() - at;
    if (next.done) return null;
    const chunk = next.value;
    await nextTurn();
    at = performance.now();
    const plan = await pool.check(chunk.dataset, { documents: chunk.documents, known });
    spent.checkPlanMs += performance.now() - at;
    // Later chunks refer to the reference entities: known once checked, before the next chunk is.
    if (chunk.kind === 'reference') {
      for (const [id, label] of referenceLabels(chunk)) known.set(id, label);
    }
    return { chunk, plan };
  };

  try {
    let prepared = prepare();
    for (;;) {
      const current = await prepared;
      if (current === null) break;
      const { chunk, plan } = current;
      let next: Promise<{ chunk: SynthChunk; plan: GraphPlan } | null> | null = null;
      const prepareNext = () => {
        next ??= prepare();
        // A failure of the write is the one reported; one of the preparation surfaces when it is awaited.
        next.catch(() => {});
      };
      // A worker checks the next chunk while this thread builds this one's rows; in process, the checks wait until the write only waits on Neo4j.
      if (pool.workerThreads > 0) prepareNext();
      const writing = writeCheckedPlan(db, catalog, plan, {
        bulk: true,
        deferFinish: true,
        onWriting: prepareNext,
        batchSize: options.batchSize,
        onProgress: (done, total) =>
          options.onProgress?.({
            projectsDone: projectsDone + Math.floor((chunk.dataset.projects.length * done) / Math.max(total, 1)),
            projects: options.projects,
            rowsDone: rowsBefore + done,
            elapsedMs: performance.now() - started,
          }),
      });
      const result = await writing;
      prepareNext();
      prepared = next ?? prepare();
      const phases = result.report.phases;
      if (phases) {
        nodes += phases.nodes.rows;
        relationships += phases.relationships.rows;
        spent.readExistingMs += phases.readExisting.ms;
        spent.rowsMs += phases.rows.ms;
        spent.writeNodesMs += phases.nodes.ms;
        spent.writeRelationshipsMs += phases.relationships.ms;
        spent.finishMs += phases.finish.ms;
        rowsBefore += phases.nodes.rows + phases.relationships.rows;
      }
      if (chunk.kind === 'projects') projectsDone += chunk.dataset.projects.length;
      options.onProgress?.({ projectsDone, projects: options.projects, rowsDone: rowsBefore, elapsedMs: performance.now() - started });
    }
  } finally {
    await pool.close();
  }
  const at = performance.now();
  await finishBulkLoad(db, catalog);
  spent.finishMs += performance.now() - at;
  const ms = performance.now() - started;
  const { writeNodesMs, writeRelationshipsMs } = spent;
  return {
    scale: synthScale(options.projects),
    nodes,
    relationships,
    ms,
    recordsPerSec: ms > 0 ? Math.round((nodes + relationships) / (ms / 1000)) : 0,
    // Generation and checks overlap the writes: the phases add up to more than the wall time.
    phases: Object.fromEntries(Object.entries(spent).map(([name, value]) => [name, Math.round(value)])),
    nodesPerSec: writeNodesMs > 0 ? Math.round(nodes / (writeNodesMs / 1000)) : 0,
    relsPerSec: writeRelationshipsMs > 0 ? Math.round(relationships / (writeRelationshipsMs / 1000)) : 0,
    checkWorkers,
  };
}

/** Resolves after the events waiting now (answers of batches in flight) were handled. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
