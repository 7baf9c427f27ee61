import type { QueryResult } from 'neo4j-driver';
import { toPlain } from '../conversions';
import type { CypherCatalog } from '../cypher/catalog';
import type { Database, TransactionRunner } from '../driver/database';
import type { GraphPlan, PlannedNode, PlannedRelationship, WriteCounts, WriteReport } from '../graphPlan';
import { ENTITY_LABELS, type EntityLabel } from '../records';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../relationships';

export interface WriteOptions {
  /** Roll back at the end, reporting what would have changed. */
  dryRun: boolean;
  /**
   * Bulk mode, for large generated or imported graphs: every batch commits in a transaction
   * of its own, so Neo4j never holds the whole load in memory, and nothing is pruned (the
   * load only adds and updates). An interrupted bulk load leaves the batches written so far;
   * running it again completes it, since every statement MERGEs on ids.
   */
  bulk?: boolean;
  /** Rows per statement; large inputs are sent in batches of this size. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

function emptyCounts(): WriteCounts {
  return { created: 0, updated: 0, unchanged: 0, removed: 0 };
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Writes a GraphPlan in ONE transaction: MERGE on stable ids, so a second write of the same
 * plan changes nothing, and a failure or an interruption leaves the graph as it was.
 */
export class GraphWriter {
  constructor(
    private readonly db: Database,
    private readonly catalog: CypherCatalog,
  ) {}

  async write(plan: GraphPlan, options: WriteOptions): Promise<WriteReport> {
    if (options.bulk) {
      if (options.dryRun) throw new Error('A bulk load cannot be a dry run: its batches commit one by one.');
      return this.writeBulk(plan, options);
    }
    const batchSize = options.batchSize ?? 1000;
    const total = planSize(plan);
    let done = 0;
    const progress = (n: number) => {
      done += n;
      options.onProgress?.(done, total);
    };

    return this.db.transaction(async (tx) => {
      const report: WriteReport = { nodes: {}, relationships: {}, dryRun: options.dryRun };
      const runBatches = async (query: string, rows: readonly unknown[], bucket: Record<string, WriteCounts>, key: string) => {
        for (const batch of chunks(rows, batchSize)) {
          tally(bucket, key, await tx.run(query, { rows: batch }));
          progress(batch.length);
        }
      };

      await runBatches(this.catalog.get('ingest.sources'), plan.sources, report.nodes, 'Source');
      for (const label of ENTITY_LABELS) {
        const rows = nodeRows(plan, label);
        if (rows.length === 0) continue;
        await runBatches(this.catalog.get('ingest.nodes', { LABEL: label }), rows, report.nodes, label);
      }

      await runBatches(this.catalog.get('ingest.evidence'), plan.evidence, report.relationships, 'EVIDENCED_BY');
      const entityIds = plan.nodes.map((node) => node.id);
      const evidenceKeys = plan.evidence.map((e) => `${e.entityId}|${e.document}|${e.excerpt}`);
      (report.relationships.EVIDENCED_BY ??= emptyCounts()).removed += await removed(tx, this.catalog.get('ingest.evidence.prune'), { entityIds, keys: evidenceKeys });

      for (const type of RELATIONSHIP_TYPES) {
        const rows = relationshipRows(plan, type);
        if (rows.length > 0) await runBatches(this.catalog.get('ingest.relationships', { TYPE: type }), rows, report.relationships, type);
        const pruned = await removed(tx, this.catalog.get('ingest.relationships.prune', { TYPE: type }), {
          fromIds: entityIds,
          keys: rows.map((row) => `${row.from}|${row.to}`),
        });
        if (pruned > 0 || rows.length > 0) (report.relationships[type] ??= emptyCounts()).removed += pruned;
      }
      await tx.run(this.catalog.get('ingest.donors'));
      return report;
    }, !options.dryRun);
  }

  /** The same statements as `write`, each batch committed on its own; timed per phase. */
  private async writeBulk(plan: GraphPlan, options: WriteOptions): Promise<WriteReport> {
    const batchSize = options.batchSize ?? 5000;
    const total = planSize(plan);
    let done = 0;
    const phases = { nodes: { rows: 0, ms: 0 }, relationships: { rows: 0, ms: 0 } };
    const report: WriteReport = { nodes: {}, relationships: {}, dryRun: false, phases };
    const runBatches = async (query: string, rows: readonly unknown[], bucket: Record<string, WriteCounts>, key: string, phase: 'nodes' | 'relationships') => {
      for (const batch of chunks(rows, batchSize)) {
        const started = performance.now();
        const result = await this.db.writeTransaction((tx) => tx.run(query, { rows: batch }));
        phases[phase].ms += performance.now() - started;
        phases[phase].rows += batch.length;
        tally(bucket, key, result);
        done += batch.length;
        options.onProgress?.(done, total);
      }
    };
    await runBatches(this.catalog.get('ingest.sources'), plan.sources, report.nodes, 'Source', 'nodes');
    for (const label of ENTITY_LABELS) await runBatches(this.catalog.get('ingest.nodes', { LABEL: label }), nodeRows(plan, label), report.nodes, label, 'nodes');
    await runBatches(this.catalog.get('ingest.evidence'), plan.evidence, report.relationships, 'EVIDENCED_BY', 'relationships');
    for (const type of RELATIONSHIP_TYPES) {
      await runBatches(this.catalog.get('ingest.relationships', { TYPE: type }), relationshipRows(plan, type), report.relationships, type, 'relationships');
    }
    await this.db.write(this.catalog.get('ingest.donors'), {});
    return report;
  }
}

/** Rows in a plan: what the progress counts towards. */
function planSize(plan: GraphPlan): number {
  return plan.sources.length + plan.nodes.length + plan.evidence.length + plan.relationships.length;
}

function nodeRows(plan: GraphPlan, label: EntityLabel): Array<{ id: string; props: PlannedNode['props'] }> {
  return plan.nodes.filter((node) => node.label === label).map((node) => ({ id: node.id, props: node.props }));
}

function relationshipRows(plan: GraphPlan, type: RelationshipType): Array<{ from: string; to: string; props: PlannedRelationship['props'] }> {
  return plan.relationships.filter((rel) => rel.type === type).map((rel) => ({ from: rel.from, to: rel.to, props: rel.props }));
}

/** Adds the `outcome, n` rows an ingest statement returns to the counts of `key`. */
function tally(bucket: Record<string, WriteCounts>, key: string, result: QueryResult): void {
  const counts = (bucket[key] ??= emptyCounts());
  for (const record of result.records) {
    const outcome = String(record.get('outcome'));
    if (outcome === 'created' || outcome === 'updated' || outcome === 'unchanged') counts[outcome] += Number(toPlain(record.get('n')));
  }
}

async function removed(tx: TransactionRunner, query: string, params: Record<string, unknown>): Promise<number> {
  const result = await tx.run(query, params);
  return Number(toPlain(result.records[0]?.get('removed') ?? 0));
}
