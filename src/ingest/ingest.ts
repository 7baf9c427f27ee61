import type { CypherCatalog } from '../db/cypher/catalog';
import { newQueryStats, type Database } from '../db/driver/database';
import type { GraphPlan, WriteReport } from '../db/graphPlan';
import { GraphWriter, type FileDigest } from '../db/repositories/graphWriter';
import { createRepositories } from '../db/repositories';
import { refreshAllDerivedStatuses } from '../db/repositories/projectStatus';
import { QueryRunner } from '../db/driver/queryRunner';
import { todayUtc } from '../domain/projectStatus';
import { defaultDocumentsDir } from '../projectRoot';
import { checkPlan } from './checks';
import { planDataset } from './plan';
import type { Dataset } from './datasetSchema';
import { datasetFileDigests, readDataset } from './readDataset';
import type { EntityLabel } from '../domain/entities';

export interface IngestOptions {
  dryRun?: boolean;
  /** Where the source documents' texts are, to check excerpts. */
  documentsDir?: string;
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
  /**
   * Load only the files whose content hash differs from the one the graph records (start-up
   * does this); the others are skipped. A plain load (the ingest command, tests) loads every
   * file, so that "a second load changes nothing" is something it shows.
   */
  onlyChanged?: boolean;
  /** The day the derived statuses are worked out for (YYYY-MM-DD); today (UTC) unless given: the tests' clock. */
  today?: string;
}

export interface DatasetIngestOptions extends Omit<IngestOptions, 'documentsDir'> {
  /** A folder of documents, or the documents' texts (white space collapsed) by id. */
  documents?: string | ReadonlyMap<string, string>;
  /** Labels of entities outside the dataset that it refers to, when the caller knows them. */
  known?: ReadonlyMap<string, EntityLabel>;
  /** Each batch commits on its own, nothing is pruned (see WriteOptions.bulk). */
  bulk?: boolean;
  /** The content hashes of the files being loaded, recorded in the load's transaction. */
  files?: readonly FileDigest[];
  /** Write only the entries of these files (origin names); the whole dataset is still checked. */
  onlyFiles?: ReadonlySet<string>;
  /**
   * Bulk loads in many chunks: leave what ends a load (the :Donor labels, the derived
   * statuses of every project) to one call of finishBulkLoad after the last chunk, instead of
   * going over the whole graph after each chunk. Read paths see those two stale in between.
   */
  deferFinish?: boolean;
  /** Bulk loads: called once the write only waits on Neo4j (WriteOptions.onWriting). */
  onWriting?: () => void;
}

export interface IngestResult {
  report: WriteReport;
  entities: number;
  relationships: number;
  /** The files written (origin names). */
  loaded: string[];
  /** The files skipped because their content had not changed since they were last loaded. */
  skipped: string[];
}

/**
 * read -> validate -> resolve references -> check evidence -> load, in one transaction.
 * Anything wrong stops the ingestion before a single write, naming file, entry and field.
 */
export async function ingest(db: Database, catalog: CypherCatalog, target: string, options: IngestOptions = {}): Promise<IngestResult> {
  const { documentsDir, onlyChanged, ...rest } = options;
  const digests = datasetFileDigests(target);
  const files = digests.map((d) => ({ path: d.origin, hash: d.hash }));
  let onlyFiles: Set<string> | undefined;
  let skipped: string[] = [];
  if (onlyChanged) {
    const recorded = await new GraphWriter(db, catalog).recordedHashes(files.map((f) => f.path));
    onlyFiles = new Set(files.filter((f) => recorded.get(f.path) !== f.hash).map((f) => f.path));
    skipped = files.map((f) => f.path).filter((path) => !onlyFiles!.has(path));
    if (onlyFiles.size === 0) return { report: emptyReport(options.dryRun ?? false), entities: 0, relationships: 0, loaded: [], skipped };
  }
  const written = onlyFiles ? files.filter((f) => onlyFiles!.has(f.path)) : files;
  // (A load that writes nothing leaves the statuses to start-up's refresh.)
  const result = await ingestDataset(db, catalog, readDataset(target), { ...rest, documents: documentsDir, files: written, onlyFiles });
  return { ...result, skipped };
}

function emptyReport(dryRun: boolean): WriteReport {
  return { nodes: {}, relationships: {}, dryRun, conflicts: [] };
}

/**
 * Plans a dataset and runs every check on it (src/ingest/checks.ts), once per row: the plan
 * to write, or a DatasetError naming everything wrong. References to entities outside the
 * dataset and `known` are looked up with `findLabels` (the graph's, for a load).
 */
export async function checkedPlan(
  dataset: Dataset,
  options: Pick<DatasetIngestOptions, 'documents' | 'known' | 'onlyFiles'>,
  findLabels: (ids: string[]) => Promise<Map<string, EntityLabel>>,
): Promise<GraphPlan> {
  const planned = planDataset(dataset);
  const inDataset = new Set(planned.plan.nodes.map((n) => n.id));
  const outside = [...new Set(planned.relationships.map((r) => r.to).filter((id) => !inDataset.has(id) && !options.known?.has(id)))];
  const found = outside.length > 0 ? await findLabels(outside) : new Map<string, EntityLabel>();
  const known = new Map<string, EntityLabel>([...(options.known ?? new Map<string, EntityLabel>()), ...found]);
  // A turn of the event loop between planning and checking (both long on a large chunk), so that a write in flight beside them goes on.
  await new Promise((resolve) => setImmediate(resolve));
  checkPlan(planned, options.documents ?? defaultDocumentsDir(), known);
  const only = options.onlyFiles;
  return only
    ? { ...planned.plan, nodes: planned.plan.nodes.filter((n) => only.has(n.origin.file)), relationships: planned.plan.relationships.filter((r) => only.has(r.origin.file)) }
    : planned.plan;
}

/** The same path for a dataset already in memory (a generated one, for instance). */
export async function ingestDataset(db: Database, catalog: CypherCatalog, dataset: Dataset, options: DatasetIngestOptions = {}): Promise<IngestResult> {
  const plan = await checkedPlan(dataset, options, (ids) => createRepositories(db, catalog, newQueryStats()).entities.findLabels(ids));
  return writeCheckedPlan(db, catalog, plan, options);
}

/**
 * Writes a plan checkedPlan returned, then (unless deferred) refreshes the derived statuses.
 * Split from ingestDataset so that a chunked load can check its next chunk while this one
 * is written.
 */
export async function writeCheckedPlan(db: Database, catalog: CypherCatalog, plan: GraphPlan, options: DatasetIngestOptions = {}): Promise<IngestResult> {
  const writer = new GraphWriter(db, catalog);
  const report = await writer.write(
    plan,
    {
      dryRun: options.dryRun ?? false,
      bulk: options.bulk ?? false,
      onProgress: options.onProgress,
      batchSize: options.batchSize,
      deferFinish: options.deferFinish ?? false,
      onWriting: options.onWriting,
    },
    options.files ?? [],
  );
  // The status the dates give today, for every project: the load may have changed a stated status or a date.
  if (!(options.dryRun ?? false) && !options.deferFinish) await refreshAllDerivedStatuses(new QueryRunner(db, catalog), options.today ?? todayUtc());
  const loaded = [...new Set([...(options.files ?? []).map((f) => f.path), ...plan.nodes.map((n) => n.origin.file)])].sort();
  return { report, entities: plan.nodes.length, relationships: plan.relationships.length, loaded, skipped: [] };
}

/** Ends a bulk load whose chunks deferred it (DatasetIngestOptions.deferFinish): the :Donor labels, then every project's derived status, once. */
export async function finishBulkLoad(db: Database, catalog: CypherCatalog, today: string = todayUtc()): Promise<void> {
  await new GraphWriter(db, catalog).finishBulk();
  await refreshAllDerivedStatuses(new QueryRunner(db, catalog), today);
}

/** The report as a table a person reads: one line per label and relationship type. */
export function formatReport(report: WriteReport): string {
  const lines: string[] = [report.dryRun ? 'Dry run: nothing was written. This load would change:' : 'Loaded:'];
  const row = (kind: string, name: string, c: { created: number; updated: number; unchanged: number; removed: number }) =>
    `  ${kind.padEnd(13)} ${name.padEnd(16)} created ${String(c.created).padStart(6)}  updated ${String(c.updated).padStart(6)}  unchanged ${String(c.unchanged).padStart(6)}  removed ${String(c.removed).padStart(6)}`;
  for (const [label, counts] of Object.entries(report.nodes)) lines.push(row('node', label, counts));
  for (const [type, counts] of Object.entries(report.relationships)) lines.push(row('relationship', type, counts));
  if (report.conflicts.length > 0) {
    lines.push(`Conflicts this load created (${report.conflicts.length}): both values are kept; the preferred one is shown first.`);
    for (const conflict of report.conflicts) {
      const where = conflict.relationship ? `${conflict.entityId} -[${conflict.relationship.type}]-> ${conflict.relationship.to}` : conflict.entityId;
      lines.push(`  ${where} ${conflict.field}:`);
      for (const alternative of conflict.alternatives) lines.push(`    ${alternative.preferred ? '* ' : '  '}${alternative.value}  (${alternative.origin})`);
    }
  }
  return lines.join('\n');
}

/** True when a load changed nothing at all. */
export function changedNothing(report: WriteReport): boolean {
  return [...Object.values(report.nodes), ...Object.values(report.relationships)].every((c) => c.created === 0 && c.updated === 0 && c.removed === 0);
}
