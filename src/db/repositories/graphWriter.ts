import { toPlain } from '../conversions';
import type { CypherCatalog, Slots } from '../cypher/catalog';
import { labelSlot, typeSlot } from '../cypher/slots';
import type { Database } from '../driver/database';
import { QueryRunner, type NamedQueryTransaction } from '../driver/queryRunner';
import type { GraphPlan, PlannedNode, PlannedRelationship, WriteCounts, WriteReport } from '../graphPlan';
import { ENTITY_LABELS, type EntityLabel } from '../../domain/entities';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../../domain/relationships';

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

/** The `outcome, n` rows an ingest statement returns. */
interface OutcomeRow {
  outcome: unknown;
  n: unknown;
}

/**
 * Writes a GraphPlan in ONE transaction: MERGE on stable ids, so a second write of the same
 * plan changes nothing, and a failure or an interruption leaves the graph as it was. A dry
 * run runs the same statements and rolls them back.
 */
export class GraphWriter {
  /** A load belongs to no request, so it counts its queries into stats of its own. */
  private readonly runner: QueryRunner;

  constructor(db: Database, catalog: CypherCatalog) {
    this.runner = new QueryRunner(db, catalog);
  }

  async write(plan: GraphPlan, options: WriteOptions): Promise<WriteReport> {
    if (options.bulk) {
      if (options.dryRun) throw new Error('A bulk load cannot be a dry run: its batches commit one by one.');
      return this.writeBulk(plan, options);
    }
    const batchSize = options.batchSize ?? 1000;
    const total = planSize(plan);

    const work = async (tx: NamedQueryTransaction): Promise<WriteReport> => {
      // Counted inside the unit of work: a transaction the driver retries starts again from nought.
      let done = 0;
      const report: WriteReport = { nodes: {}, relationships: {}, dryRun: options.dryRun };
      const runBatches = async (query: string, slots: Slots, rows: readonly unknown[], bucket: Record<string, WriteCounts>, key: string) => {
        for (const batch of chunks(rows, batchSize)) {
          tally(bucket, key, await tx.run<OutcomeRow>(query, { rows: batch }, slots));
          done += batch.length;
          options.onProgress?.(done, total);
        }
      };

      await runBatches('ingest.sources', {}, plan.sources, report.nodes, 'Source');
      for (const label of ENTITY_LABELS) {
        const rows = nodeRows(plan, label);
        if (rows.length === 0) continue;
        await runBatches('ingest.nodes', { LABEL: labelSlot(label) }, rows, report.nodes, label);
      }

      await runBatches('ingest.evidence', {}, plan.evidence, report.relationships, 'EVIDENCED_BY');
      const entityIds = plan.nodes.map((node) => node.id);
      const evidenceKeys = plan.evidence.map((e) => `${e.entityId}|${e.document}|${e.excerpt}`);
      (report.relationships.EVIDENCED_BY ??= emptyCounts()).removed += removed(await tx.run('ingest.evidence.prune', { entityIds, keys: evidenceKeys }));

      for (const type of RELATIONSHIP_TYPES) {
        const rows = relationshipRows(plan, type);
        if (rows.length > 0) await runBatches('ingest.relationships', { TYPE: typeSlot(type) }, rows, report.relationships, type);
        const pruned = removed(await tx.run('ingest.relationships.prune', { fromIds: entityIds, keys: rows.map((row) => `${row.from}|${row.to}`) }, { TYPE: typeSlot(type) }));
        if (pruned > 0 || rows.length > 0) (report.relationships[type] ??= emptyCounts()).removed += pruned;
      }
      await tx.run('ingest.donors');
      return report;
    };
    return options.dryRun ? this.runner.dryRun(work) : this.runner.write(work);
  }

  /** The same statements as `write`, each batch committed on its own; timed per phase. */
  private async writeBulk(plan: GraphPlan, options: WriteOptions): Promise<WriteReport> {
    const batchSize = options.batchSize ?? 5000;
    const total = planSize(plan);
    let done = 0;
    const phases = { nodes: { rows: 0, ms: 0 }, relationships: { rows: 0, ms: 0 } };
    const report: WriteReport = { nodes: {}, relationships: {}, dryRun: false, phases };
    const runBatches = async (query: string, slots: Slots, rows: readonly unknown[], bucket: Record<string, WriteCounts>, key: string, phase: 'nodes' | 'relationships') => {
      for (const batch of chunks(rows, batchSize)) {
        const started = performance.now();
        const result = await this.runner.write((tx) => tx.run<OutcomeRow>(query, { rows: batch }, slots));
        phases[phase].ms += performance.now() - started;
        phases[phase].rows += batch.length;
        tally(bucket, key, result);
        done += batch.length;
        options.onProgress?.(done, total);
      }
    };
    await runBatches('ingest.sources', {}, plan.sources, report.nodes, 'Source', 'nodes');
    for (const label of ENTITY_LABELS) await runBatches('ingest.nodes', { LABEL: labelSlot(label) }, nodeRows(plan, label), report.nodes, label, 'nodes');
    await runBatches('ingest.evidence', {}, plan.evidence, report.relationships, 'EVIDENCED_BY', 'relationships');
    for (const type of RELATIONSHIP_TYPES) {
      await runBatches('ingest.relationships', { TYPE: typeSlot(type) }, relationshipRows(plan, type), report.relationships, type, 'relationships');
    }
    await this.runner.write((tx) => tx.run('ingest.donors'));
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
function tally(bucket: Record<string, WriteCounts>, key: string, rows: readonly OutcomeRow[]): void {
  const counts = (bucket[key] ??= emptyCounts());
  for (const row of rows) {
    const outcome = String(row.outcome);
    if (outcome === 'created' || outcome === 'updated' || outcome === 'unchanged') counts[outcome] += Number(toPlain(row.n));
  }
}

/** The `removed` count a prune statement returns. */
function removed(rows: ReadonlyArray<Record<string, unknown>>): number {
  return Number(toPlain(rows[0]?.removed ?? 0));
}
