import type { CypherCatalog } from '../db/cypher/catalog';
import { newQueryStats, type Database } from '../db/driver/database';
import type { WriteReport } from '../db/graphPlan';
import { GraphWriter } from '../db/repositories/graphWriter';
import { createRepositories } from '../db/repositories';
import { defaultDocumentsDir } from '../projectRoot';
import { checkPlan } from './checks';
import { planDataset } from './plan';
import type { Dataset } from './datasetSchema';
import { readDataset } from './readDataset';
import type { EntityLabel } from '../domain/entities';

export interface IngestOptions {
  dryRun?: boolean;
  /** Where the source documents' texts are, to check excerpts. */
  documentsDir?: string;
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
}

export interface DatasetIngestOptions extends Omit<IngestOptions, 'documentsDir'> {
  /** A folder of documents, or the documents' texts (white space collapsed) by id. */
  documents?: string | ReadonlyMap<string, string>;
  /** Labels of entities outside the dataset that it refers to, when the caller knows them. */
  known?: ReadonlyMap<string, EntityLabel>;
  /** Each batch commits on its own, nothing is pruned (see WriteOptions.bulk). */
  bulk?: boolean;
}

export interface IngestResult {
  report: WriteReport;
  entities: number;
  relationships: number;
}

/**
 * read -> validate -> resolve references -> check evidence -> load, in one transaction.
 * Anything wrong stops the ingestion before a single write, naming file, entry and field.
 */
export async function ingest(db: Database, catalog: CypherCatalog, target: string, options: IngestOptions = {}): Promise<IngestResult> {
  const { documentsDir, ...rest } = options;
  return ingestDataset(db, catalog, readDataset(target), { ...rest, documents: documentsDir });
}

/** The same path for a dataset already in memory (a generated one, for instance). */
export async function ingestDataset(db: Database, catalog: CypherCatalog, dataset: Dataset, options: DatasetIngestOptions = {}): Promise<IngestResult> {
  const planned = planDataset(dataset);
  const inDataset = new Set(planned.plan.nodes.map((n) => n.id));
  const outside = [...new Set(planned.relationships.map((r) => r.to).filter((id) => !inDataset.has(id) && !options.known?.has(id)))];
  const found = outside.length > 0 ? await createRepositories(db, catalog, newQueryStats()).entities.findLabels(outside) : new Map<string, EntityLabel>();
  const known = new Map<string, EntityLabel>([...(options.known ?? new Map<string, EntityLabel>()), ...found]);
  checkPlan(planned, options.documents ?? defaultDocumentsDir(), known);
  const writer = new GraphWriter(db, catalog);
  const report = await writer.write(planned.plan, {
    dryRun: options.dryRun ?? false,
    bulk: options.bulk ?? false,
    onProgress: options.onProgress,
    batchSize: options.batchSize,
  });
  return { report, entities: planned.plan.nodes.length, relationships: planned.plan.relationships.length };
}

/** The report as a table a person reads: one line per label and relationship type. */
export function formatReport(report: WriteReport): string {
  const lines: string[] = [report.dryRun ? 'Dry run: nothing was written. This load would change:' : 'Loaded:'];
  const row = (kind: string, name: string, c: { created: number; updated: number; unchanged: number; removed: number }) =>
    `  ${kind.padEnd(13)} ${name.padEnd(16)} created ${String(c.created).padStart(6)}  updated ${String(c.updated).padStart(6)}  unchanged ${String(c.unchanged).padStart(6)}  removed ${String(c.removed).padStart(6)}`;
  for (const [label, counts] of Object.entries(report.nodes)) lines.push(row('node', label, counts));
  for (const [type, counts] of Object.entries(report.relationships)) lines.push(row('relationship', type, counts));
  return lines.join('\n');
}

/** True when a load changed nothing at all. */
export function changedNothing(report: WriteReport): boolean {
  return [...Object.values(report.nodes), ...Object.values(report.relationships)].every((c) => c.created === 0 && c.updated === 0 && c.removed === 0);
}
