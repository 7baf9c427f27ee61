import { existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { CypherCatalog } from '../db/cypher/catalog';
import { Database } from '../db/driver/database';
import { migrate } from '../db/driver/migrations';
import { waitForDatabase } from '../db/driver/readiness';
import { countGraphNodes, IMPORT_ARRAY_DELIMITER_OPTION, ImportFileWriter, type RenderedChunk } from '../db/repositories/graphImport';
import { CheckPool } from '../ingest/checkPool';
import { ensureLocalNeo4j, importIntoLocalNeo4j, localNeo4jPid, stopLocalNeo4j, LocalNeo4jError, type LocalNeo4jOptions } from '../neo4j-server/localServer';
import { generateSynthGraph, referenceLabels, synthScale, type SynthChunk, type SynthOptions } from './generate';
import type { SynthLoadResult, SynthProgress } from './load';
import type { EntityLabel } from '../domain/entities';

export interface SynthImportOptions extends SynthOptions {
  /** The local instance to import into: its "neo4j" database must hold no data. */
  server: LocalNeo4jOptions;
  log?: (message: string) => void;
  onProgress?: (progress: SynthProgress) => void;
  /** Worker threads for the checks and the CSV (default: one per processor, since this thread only writes files; 0: all on this thread). */
  checkWorkers?: number;
}

/**
 * Generates a synthetic graph and loads it into an EMPTY local database with
 * `neo4j-admin database import full`: every chunk is validated and checked exactly as
 * loadSynthGraph does (checkedPlan) and rendered as CSV files with the properties the
 * transactional path writes (renderImportChunk), both on worker threads (CheckPool), while
 * this thread writes the files of the chunks before, in order (ImportFileWriter). Then the
 * server is stopped, the files imported, the server started again, the migrations run
 * (constraints and indexes built over the imported data) and the import finished (empty
 * lists, :Donor). A database that holds anything is refused, before anything is generated:
 * the import replaces the database. A chunk that fails its checks stops the import before
 * the server is stopped, and the files written so far are removed.
 */
export async function importSynthGraph(options: SynthImportOptions): Promise<SynthLoadResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const home = path.resolve(options.server.home);
  await refuseUnlessEmpty(options.server, log);

  const dir = path.join(home, 'import', `synth-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const writer = new ImportFileWriter(dir);
  const known = new Map<string, EntityLabel>();
  let projectsDone = 0;
  // Chunks are checked and rendered as CSV on worker threads, chunks ahead, while this thread writes the files of those before, in order.
  const pool = new CheckPool({ workers: options.checkWorkers ?? availableParallelism(), log });
  const checkWorkers = pool.workerThreads;
  const published: Array<readonly [string, string | null]> = [];
  let prepared = false;
  try {
    const chunks = generateSynthGraph(options);
    const checking: Array<{ chunk: SynthChunk; rendered: Promise<RenderedChunk> }> = [];
    let generated = false;
    const checkAhead = () => {
      while (!generated && checking.length <= pool.parallelism) {
        const next = chunks.next();
        if (next.done) {
          generated = true;
          break;
        }
        const chunk = next.value;
        for (const source of chunk.dataset.sources) published.push([source.entry.id, source.entry.published ?? null]);
        const rendered = pool.checkAndRender(chunk.dataset, { documents: chunk.documents, known, published, today: writer.today });
        // Awaited in order below; a chunk's failure surfaces there, not as an unhandled rejection.
        rendered.catch(() => {});
        checking.push({ chunk, rendered });
        // Later chunks refer to the reference entities: known from the next chunk on.
        if (chunk.kind === 'reference') {
          for (const [id, label] of referenceLabels(chunk)) known.set(id, label);
        }
      }
    };
    checkAhead();
    for (let current = checking.shift(); current !== undefined; current = checking.shift()) {
      const rendered = await current.rendered;
      checkAhead();
      writer.addRendered(rendered);
      if (current.chunk.kind === 'projects') projectsDone += current.chunk.dataset.projects.length;
      const counts = writer.writtenCounts;
      options.onProgress?.({ projectsDone, projects: options.projects, rowsDone: counts.nodes + counts.relationships, elapsedMs: performance.now() - started });
    }
    prepared = true;
  } finally {
    await pool.close();
    if (!prepared) rmSync(dir, { recursive: true, force: true });
  }
  const prepareMs = performance.now() - started;

  if (localNeo4jPid(home) !== null) await stopLocalNeo4j(home);
  const files = writer.result();
  const { ms: importMs } = await importIntoLocalNeo4j(options.server, { ...files, arrayDelimiter: IMPORT_ARRAY_DELIMITER_OPTION });
  rmSync(dir, { recursive: true, force: true });

  const finishStarted = performance.now();
  const neo = await ensureLocalNeo4j(options.server);
  const db = Database.connect({ uri: neo.uri, user: neo.user, password: neo.password, maxTransactionRetryTimeMs: 30_000 });
  const after = { restartMs: 0, migrateMs: 0, finishMs: 0 };
  try {
    await waitForDatabase(db);
    after.restartMs = performance.now() - finishStarted;
    let at = performance.now();
    await migrate(db, undefined, log);
    after.migrateMs = performance.now() - at;
    at = performance.now();
    await writer.finish(db, new CypherCatalog());
    after.finishMs = performance.now() - at;
  } finally {
    await db.close();
  }
  const finishMs = performance.now() - finishStarted;
  const { nodes, relationships } = writer.writtenCounts;
  const ms = performance.now() - started;
  const perSec = (count: number, over: number) => (over > 0 ? Math.round(count / (over / 1000)) : 0);
  return {
    scale: synthScale(options.projects),
    nodes,
    relationships,
    ms,
    // The import tool's own rate: what it writes over its wall time.
    nodesPerSec: perSec(nodes, importMs),
    relsPerSec: perSec(relationships, importMs),
    recordsPerSec: perSec(nodes + relationships, ms),
    checkWorkers,
    phases: {
      prepareMs: Math.round(prepareMs),
      importMs: Math.round(importMs),
      restartMigrateFinishMs: Math.round(finishMs),
      // Of which: the server's start, the migrations (constraints and indexes built over the imported data), the Cypher finish.
      restartMs: Math.round(after.restartMs),
      migrateMs: Math.round(after.migrateMs),
      finishMs: Math.round(after.finishMs),
      importRecordsPerSec: perSec(nodes + relationships, importMs),
    },
  };
}

/** Refuses an import into a database that holds nodes (other than the migrations' records). */
async function refuseUnlessEmpty(server: LocalNeo4jOptions, log: (message: string) => void): Promise<void> {
  const home = path.resolve(server.home);
  if (!existsSync(path.join(home, 'data', 'databases', 'neo4j'))) return;
  const wasRunning = localNeo4jPid(home) !== null;
  const neo = await ensureLocalNeo4j({ ...server, log });
  const db = Database.connect({ uri: neo.uri, user: neo.user, password: neo.password });
  let nodes: number;
  try {
    await waitForDatabase(db);
    nodes = await countGraphNodes(db, new CypherCatalog());
  } finally {
    await db.close();
  }
  if (nodes > 0) {
    if (!wasRunning) await stopLocalNeo4j(home);
    throw new LocalNeo4jError(
      `The database in ${home} holds ${nodes} nodes: an import replaces the whole database, so it only goes into an empty one. ` +
        'Load into it without --import (the transactional bulk load merges), or use an empty instance (NEO4J_HOME_DIR).',
    );
  }
}
