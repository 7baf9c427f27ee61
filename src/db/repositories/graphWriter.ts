import { toPlain } from '../conversions';
import type { CypherCatalog, Slots } from '../cypher/catalog';
import { labelSlot, typeSlot } from '../cypher/slots';
import { refreshAllDonorLabels } from './donorLabels';
import { LOAD_TIMEOUT_MS, type Database } from '../driver/database';
import { isConnectionWaitTimeout, isDeadlock } from '../driver/neo4jErrors';
import { QueryRunner, type NamedQueryTransaction } from '../driver/queryRunner';
import type { BulkPhases, GraphPlan, LoadConflict, PropertyValue, WriteCounts, WriteReport } from '../graphPlan';
import { ENTITY_LABELS, entityLabelOf, type EntityLabel } from '../../domain/entities';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../../domain/relationships';
import {
  asRedirectedClaims,
  claimsFromProperties,
  displayOrigin,
  displayValue,
  emptyClaims,
  latestPublished,
  linkAsserted,
  makeClaim,
  newConflicts,
  newlyRetracted,
  openConflicts,
  parseClaims,
  replaceFileClaims,
  serialiseClaims,
  LINK_FIELD,
  type Claim,
  type ElementClaims,
} from '../../domain/claims';
import { entityEvidenceRows, linkSources, linkValue, materialiseEntity, materialiseLink, type EvidenceRow, type StoredValue } from '../../domain/claimProperties';
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
  /**
   * Bulk mode only: leave the :Donor labels to the end of a load made of many writes (one per
   * chunk), which then calls `finishBulk` once, instead of going over every organisation after
   * each chunk.
   */
  deferFinish?: boolean;
  /**
   * Bulk mode only: called once the write has nothing left to do in Node but wait on Neo4j
   * (its rows are built and its first batches sent), for the caller to prepare what comes next
   * meanwhile.
   */
  onWriting?: () => void;
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

/** A dataset file's content hash, recorded in the load that writes it. */
export interface FileDigest {
  path: string;
  hash: string;
}

/** The key of a relationship: its ends and type. */
function linkKey(from: string, type: string, to: string): string {
  return `${from}|${type}|${to}`;
}

/** An entity to write: its label, the claims it had, the claims it has now. */
interface NodeChange {
  id: string;
  label: EntityLabel;
  before: ElementClaims;
  after: ElementClaims;
  fallbackName: string;
}

interface LinkChange {
  from: string;
  type: RelationshipType;
  to: string;
  before: ElementClaims;
  after: ElementClaims;
  /** Whether the relationship exists in the graph now (false: only its claims are kept, on LinkClaims). */
  present: boolean;
  /** A relationship written before claims existed: a load that does not give it removes it, as loads always did. */
  legacy: boolean;
}

/**
 * Writes a GraphPlan in ONE transaction as claims (src/domain/claims.ts): each entry's values
 * become claims whose origin is its file and entry; a load replaces the claims of the files it
 * loads and keeps every other origin's (other files', curators'), so a restart or a reload
 * never undoes a curated change. Ids of merged-away entities follow their redirect. MERGE on
 * stable ids and a content hash per element, so a second write of the same plan changes
 * nothing; a failure or an interruption leaves the graph as it was. A dry run runs the same
 * statements and rolls them back.
 */
export class GraphWriter {
  /** A load belongs to no request, so it counts its queries into stats of its own. */
  private readonly runner: QueryRunner;

  constructor(db: Database, catalog: CypherCatalog) {
    // Loads commit thousands of rows per transaction, outside any request: the load bound, not the request's.
    this.runner = new QueryRunner(db, catalog, undefined, { timeoutMs: LOAD_TIMEOUT_MS });
  }

  async write(plan: GraphPlan, options: WriteOptions, files: readonly FileDigest[] = []): Promise<WriteReport> {
    if (options.bulk) {
      if (options.dryRun) throw new Error('A bulk load cannot be a dry run: its batches commit one by one.');
      return this.writeBulk(plan, options);
    }
    const batchSize = options.batchSize ?? 1000;
    const total = planSize(plan);

    const work = async (tx: NamedQueryTransaction): Promise<WriteReport> => {
      // Counted inside the unit of work: a transaction the driver retries starts again from nought.
      let done = 0;
      const report: WriteReport = { nodes: {}, relationships: {}, dryRun: options.dryRun, conflicts: [] };
      const runBatches = async (query: string, slots: Slots, rows: readonly unknown[], bucket: Record<string, WriteCounts>, key: string) => {
        for (const batch of chunks(rows, batchSize)) {
          tally(bucket, key, await tx.run<OutcomeRow>(query, { rows: batch }, slots));
          done += batch.length;
          options.onProgress?.(done, total);
        }
      };

      await runBatches('ingest.sources', {}, plan.sources, report.nodes, 'Source');
      const context = await readContext(tx, plan);
      const nodes = nodeChanges(plan, context);
      for (const label of ENTITY_LABELS) {
        const rows = nodes.filter((n) => n.label === label).map(nodeRow);
        if (rows.length > 0) await runBatches('ingest.nodes', { LABEL: labelSlot(label) }, rows, report.nodes, label);
      }
      report.conflicts = nodes.flatMap((n) => conflictsOf(n.id, n.before, n.after));

      const evidence = evidenceRows(nodes);
      await runBatches('ingest.evidence', {}, evidence, report.relationships, 'EVIDENCED_BY');
      const evidenceKeys = evidence.map((e) => `${e.entityId}|${e.document}|${e.excerpt}`);
      (report.relationships.EVIDENCED_BY ??= emptyCounts()).removed += removed(await tx.run('ingest.evidence.prune', { entityIds: nodes.map((n) => n.id), keys: evidenceKeys }));

      const links = await linkChanges(tx, plan, context, nodes.map((n) => n.id));
      for (const type of RELATIONSHIP_TYPES) {
        const ofType = links.filter((l) => l.type === type);
        const upserts = ofType.flatMap((l) => {
          const props = linkAsserted(l.after) ? materialiseLink(l.after) : null;
          return props ? [{ from: l.from, to: l.to, props }] : [];
        });
        if (upserts.length > 0) await runBatches('ingest.relationships', { TYPE: typeSlot(type) }, upserts, report.relationships, type);
        const deletions = ofType.filter((l) => l.present && !linkAsserted(l.after)).map((l) => ({ from: l.from, to: l.to }));
        if (deletions.length > 0) (report.relationships[type] ??= emptyCounts()).removed += removed(await tx.run('claims.links.delete', { rows: deletions }, { TYPE: typeSlot(type) }));
      }
      await writeTombstones(tx, links);
      report.conflicts.push(...links.flatMap((l) => conflictsOf(l.from, l.before, l.after, { type: l.type, to: l.to })));
      const markers = links.filter((l) => l.after.claims.length > 1 || l.before.claims.length > 1);
      if (markers.length > 0) {
        const rows = markers.map((l) => ({ key: linkKey(l.from, l.type, l.to), from: l.from, type: l.type, to: l.to, conflicted: linkAsserted(l.after) && openConflicts(l.after).length > 0 }));
        await tx.run('claims.linkConflicts.sync', { rows });
      }
      await tx.run('ingest.donors');
      if (files.length > 0) await tx.run('claims.datasetFiles.record', { rows: files.map((f) => ({ path: f.path, hash: f.hash })) });
      return report;
    };
    return options.dryRun ? this.runner.dryRun(work) : this.runner.write(work);
  }

  /** The content hashes recorded for these dataset files (by origin name), for start-up to skip what has not changed. */
  async recordedHashes(paths: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.runner.read('claims.datasetFiles.get', { paths: [...paths] });
    return new Map(rows.map((row) => [String(row.path), String(row.hash)]));
  }

  /**
   * A bulk load: every batch committed on its own, timed per phase. One read first finds which
   * of the plan's sources and entities exist (the id diff). What does not exist yet is CREATEd
   * (no lookup, no MERGE); what exists goes through the claims-merging path of `write` (its
   * stored claims are read and the load's are merged in, so a curated claim is never
   * overwritten or dropped), written with the MERGE statements. Nothing is pruned: a bulk load
   * only adds and updates, and a second run of an interrupted one completes it, since all it
   * wrote exists by then and merges unchanged.
   *
   * Relationship batches of different types run side by side (BULK_CONCURRENCY at a time). A
   * relationship write locks its two end nodes, and batches of different types share nodes
   * (every project has donors, implementers and countries; a donor is in thousands of
   * projects), so two batches can wait on each other: Neo4j detects the deadlock, fails one
   * transaction with a transient error, and the batch runs again (untilCommitted; nothing of
   * a transaction ended so was written). Rows are sorted by their end nodes'
   * ids so that batches take shared locks in one order, which makes such deadlocks rare.
   *
   * Node does its part while Neo4j does its own: the relationships' rows are built once the
   * node batches are sent, and `onWriting` tells the caller when only waiting is left. The
   * :Donor labels end the write unless `deferFinish` leaves them to one `finishBulk` at the end
   * of a load in many writes.
   */
  private async writeBulk(plan: GraphPlan, options: WriteOptions): Promise<WriteReport> {
    const batchSize = options.batchSize ?? BULK_BATCH_SIZE;
    const total = planSize(plan);
    let done = 0;
    const phases: BulkPhases = { readExisting: { ms: 0 }, rows: { ms: 0 }, nodes: { rows: 0, ms: 0 }, relationships: { rows: 0, ms: 0 }, finish: { ms: 0 } };
    const report: WriteReport = { nodes: {}, relationships: {}, dryRun: false, phases, conflicts: [] };
    const statements = (query: string, slots: Slots, rows: readonly unknown[], bucket: Record<string, WriteCounts>, key: string): Array<() => Promise<void>> =>
      chunks(rows, batchSize).map((batch) => async () => {
        tally(bucket, key, await untilCommitted(() => this.runner.write((tx) => tx.run<OutcomeRow>(query, { rows: batch }, slots))));
        done += batch.length;
        options.onProgress?.(done, total);
      });
    const phase = async (name: 'nodes' | 'relationships', work: Array<() => Promise<void>>, rows: number) => {
      const started = performance.now();
      await inParallel(work, BULK_CONCURRENCY);
      phases[name].ms += performance.now() - started;
      phases[name].rows += rows;
    };

    // The id diff, and the stored claims of what exists: read once, before anything is written.
    let started = performance.now();
    const { existing, context, links } = await this.runner.write(async (tx) => {
      const sources = await tx.run('ingest.sources.existing', { ids: plan.sources.map((s) => s.id) });
      const context = await readContext(tx, plan);
      return { existing: sources, context, links: await storedLinks(tx, plan, context) };
    });
    phases.readExisting.ms = performance.now() - started;
    started = performance.now();
    const nodeRows = bulkNodeRows(plan, context, new Set(existing.map((row) => String(row.id))));
    report.conflicts = nodeRows.conflicts;
    phases.rows.ms += performance.now() - started;

    const nodeWork = [
      ...statements('ingest.sources.create', {}, nodeRows.sources.create, report.nodes, 'Source'),
      ...statements('ingest.sources', {}, nodeRows.sources.merge, report.nodes, 'Source'),
    ];
    for (const [label, split] of nodeRows.nodes) {
      nodeWork.push(...statements('ingest.nodes.create', { LABEL: labelSlot(label) }, split.create, report.nodes, label));
      nodeWork.push(...statements('ingest.nodes', { LABEL: labelSlot(label) }, split.merge, report.nodes, label));
    }
    const nodesWritten = phase('nodes', nodeWork, countRows(nodeRows.sources) + [...nodeRows.nodes.values()].reduce((n, split) => n + countRows(split), 0));
    // The relationships' rows are built while Neo4j writes the nodes (the batches are sent first).
    let linkRows: Pick<BulkRows, 'links' | 'tombstones'>;
    try {
      await nextTurn();
      started = performance.now();
      linkRows = bulkLinkRows(plan, context, links);
      phases.rows.ms += performance.now() - started;
      options.onWriting?.();
    } catch (error) {
      await nodesWritten.catch(() => {});
      throw error;
    }
    await nodesWritten;
    const rows = { ...nodeRows, ...linkRows };

    // One list of batches per type, interleaved, so that the batches running side by side are of different types.
    const relWork = [
      statements('ingest.evidence.create', {}, rows.evidence.create, report.relationships, 'EVIDENCED_BY'),
      statements('ingest.evidence', {}, rows.evidence.merge, report.relationships, 'EVIDENCED_BY'),
    ];
    for (const [type, split] of rows.links) {
      relWork.push(statements('ingest.relationships.create', { TYPE: typeSlot(type) }, split.create, report.relationships, type));
      relWork.push(statements('ingest.relationships', { TYPE: typeSlot(type) }, split.merge, report.relationships, type));
    }
    await phase('relationships', interleave(relWork), countRows(rows.evidence) + [...rows.links.values()].reduce((n, split) => n + countRows(split), 0));
    started = performance.now();
    if (rows.tombstones.length > 0) await this.runner.write((tx) => writeTombstones(tx, rows.tombstones));
    if (!options.deferFinish) await this.finishBulk();
    phases.finish.ms = performance.now() - started;
    return report;
  }

  /** What ends every bulk load, run once after the last of its writes when they deferred it (WriteOptions.deferFinish): the :Donor labels. */
  async finishBulk(): Promise<void> {
    await refreshAllDonorLabels(this.runner);
  }
}

/** Resolves after the events waiting now were handled: statements just started are on their way to Neo4j. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Rows per bulk statement: measured best among 2,000 to 20,000 on the 2-core bench machine (README "Performance and scaling"). */
export const BULK_BATCH_SIZE = 10_000;
/** Bulk statements in flight at once. */
export const BULK_CONCURRENCY = 2;

/**
 * Runs a bulk batch again when Neo4j broke a deadlock by ending it, or when it never got a
 * connection in time (Node was busy building rows beside the batches in flight): in both
 * cases nothing of it was written. The managed transaction retries too, but only within
 * maxTransactionRetryTimeMs, which the service keeps short for requests (2 s by default) and a
 * batch can outlast.
 */
async function untilCommitted<T>(work: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !(isDeadlock(error) || isConnectionWaitTimeout(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}

/** [[a1, a2], [b1], [c1, c2]] as [a1, b1, c1, a2, c2]. */
function interleave<T>(lists: ReadonlyArray<readonly T[]>): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((list) => i < list.length); i += 1) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}

/** Runs `work` with at most `limit` in flight; the first failure rejects (the rest already started finish first). */
async function inParallel(work: ReadonlyArray<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const lane = async () => {
    while (next < work.length && failures.length === 0) {
      const job = work[next++] as () => Promise<void>;
      try {
        await job();
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, work.length) }, lane));
  if (failures.length > 0) throw failures[0];
}

function countRows(split: { create: readonly unknown[]; merge: readonly unknown[] }): number {
  return split.create.length + split.merge.length;
}

export type SourceRow = { id: string; props: Record<string, PropertyValue> };
export type NodeRow = ReturnType<typeof nodeRow>;
export type { EvidenceRow };
export type LinkRow = { from: string; to: string; props: Record<string, StoredValue> };

interface Split<T> {
  /** Rows of elements that do not exist yet. */
  create: T[];
  /** Rows of elements that exist (or may), merged. */
  merge: T[];
}

/** What a bulk load writes, split by the id diff into rows to create and rows to merge. */
export interface BulkRows {
  sources: Split<SourceRow>;
  nodes: Map<EntityLabel, Split<NodeRow>>;
  evidence: Split<EvidenceRow>;
  links: Map<RelationshipType, Split<LinkRow>>;
  /** Relationships of existing entities that no origin asserts any more (a curator retracted them): their claims are kept. */
  tombstones: LinkChange[];
  conflicts: LoadConflict[];
}

/** The stored relationships (and kept claims of removed ones) the plan's relationships meet. */
export interface StoredLinks {
  /** The plan's links that exist or have kept claims, their stored claims merged with the plan's (linkChanges). */
  changes: LinkChange[];
  /** Keys of relationships that must be merged rather than created. */
  keys: Set<string>;
}

async function storedLinks(tx: NamedQueryTransaction, plan: GraphPlan, context: LoadContext): Promise<StoredLinks> {
  const fromIds = [...new Set(plan.relationships.map((r) => context.redirects.get(r.from) ?? r.from))];
  const merged = new Set(fromIds.filter((id) => context.existing.has(id)));
  // An entity that does not exist can still have kept claims of links (it was merged away or removed, and is loaded again).
  const absent = fromIds.filter((id) => !merged.has(id));
  if (absent.length > 0) for (const row of await tx.run('claims.tombstones.from', { ids: absent })) merged.add(String(row.from));
  if (merged.size === 0) return { changes: [], keys: new Set() };
  const planned = new Set([...plannedLinks(plan, context).keys()]);
  // Only the plan's links: a bulk load prunes nothing.
  const changes = (await linkChanges(tx, plan, context, [...merged])).filter((l) => merged.has(l.from) && planned.has(linkKey(l.from, l.type, l.to)));
  return { changes, keys: new Set(changes.map((l) => linkKey(l.from, l.type, l.to))) };
}

/**
 * The rows of a bulk load. Entities missing from `context.existing`, and their evidence and
 * relationships, are created with the plan's claims alone; entities that exist get their
 * stored claims merged with the plan's (nodeChanges, as `write`), and their relationships the
 * stored links' claims (`links`). With an empty context this is what an import into an empty
 * database writes (src/db/repositories/graphImport.ts).
 */
export function bulkRows(plan: GraphPlan, context: LoadContext, existingSources: ReadonlySet<string>, links: StoredLinks): BulkRows {
  return { ...bulkNodeRows(plan, context, existingSources), ...bulkLinkRows(plan, context, links) };
}

/** The sources, entities and evidence of bulkRows (and the entities' conflicts): what the nodes phase writes. */
function bulkNodeRows(plan: GraphPlan, context: LoadContext, existingSources: ReadonlySet<string>): Pick<BulkRows, 'sources' | 'nodes' | 'evidence' | 'conflicts'> {
  const rows: Pick<BulkRows, 'sources' | 'nodes' | 'evidence' | 'conflicts'> = { sources: { create: [], merge: [] }, nodes: new Map(), evidence: { create: [], merge: [] }, conflicts: [] };
  for (const source of plan.sources) (existingSources.has(source.id) ? rows.sources.merge : rows.sources.create).push({ id: source.id, props: source.props });
  const nodes = nodeChanges(plan, context);
  for (const node of nodes) {
    const split = rows.nodes.get(node.label) ?? { create: [], merge: [] };
    const exists = context.existing.has(node.id);
    (exists ? split.merge : split.create).push(nodeRow(node));
    rows.nodes.set(node.label, split);
    rows.conflicts.push(...conflictsOf(node.id, node.before, node.after));
    for (const row of evidenceRows([node])) (exists ? rows.evidence.merge : rows.evidence.create).push(row);
  }
  return rows;
}

/** The typed relationships of bulkRows, and the tombstones: what the relationships phase writes besides evidence. */
function bulkLinkRows(plan: GraphPlan, context: LoadContext, links: StoredLinks): Pick<BulkRows, 'links' | 'tombstones'> {
  const rows: Pick<BulkRows, 'links' | 'tombstones'> = { links: new Map(), tombstones: [] };
  const changed = new Map(links.changes.map((l) => [linkKey(l.from, l.type, l.to), l]));
  for (const link of plannedLinks(plan, context).values()) {
    const key = linkKey(link.from, link.type, link.to);
    const split = rows.links.get(link.type) ?? { create: [], merge: [] };
    rows.links.set(link.type, split);
    if (!links.keys.has(key)) {
      const props = materialiseLink(replaceFileClaims(emptyClaims(), '', link.claims));
      if (props) split.create.push({ from: link.from, to: link.to, props });
      continue;
    }
    const change = changed.get(key) as LinkChange;
    const props = linkAsserted(change.after) ? materialiseLink(change.after) : null;
    if (props) split.merge.push({ from: link.from, to: link.to, props });
    else rows.tombstones.push(change);
  }
  // Shared locks in one order: see writeBulk.
  for (const split of rows.links.values()) split.create.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  return rows;
}

/** Rows in a plan: what the progress counts towards. */
function planSize(plan: GraphPlan): number {
  return plan.sources.length + plan.nodes.length + plan.evidence.length + plan.relationships.length;
}

/** What a load reads before it merges: redirects, the stored claims of its entities, the documents' dates. */
export interface LoadContext {
  redirects: Map<string, string>;
  existing: Map<string, { claims: ElementClaims; label: EntityLabel | null; name: string }>;
  published: ReadonlyMap<string, string | null>;
}

function publishedInPlan(plan: GraphPlan): Map<string, string | null> {
  return new Map(plan.sources.map((s) => [s.id, typeof s.props.published === 'string' ? s.props.published : null]));
}

async function readContext(tx: NamedQueryTransaction, plan: GraphPlan): Promise<LoadContext> {
  const ids = [...new Set([...plan.nodes.map((n) => n.id), ...plan.relationships.flatMap((r) => [r.from, r.to])])];
  const redirects = new Map<string, string>();
  for (const row of await tx.run('claims.redirects.byIds', { ids })) redirects.set(String(row.id), String(row.to));
  const resolved = [...new Set(plan.nodes.map((n) => redirects.get(n.id) ?? n.id))];
  const existing: LoadContext['existing'] = new Map();
  for (const row of await tx.run('claims.nodes.byIds', { ids: resolved })) {
    existing.set(String(row.id), { claims: parseClaims(toPlain(row.claimsJson)), label: entityLabelOf((toPlain(row.labels) as string[] | null) ?? []), name: String(toPlain(row.name) ?? '') });
  }
  const published = publishedInPlan(plan);
  const cited = [...new Set([...plan.nodes.flatMap((n) => n.evidence.map((e) => e.document)), ...plan.relationships.flatMap((r) => linkSources(r.props).map((e) => e.document))])].filter((id) => !published.has(id));
  for (const row of await tx.run('claims.sources.published', { ids: cited })) {
    const date = toPlain(row.published);
    published.set(String(row.id), typeof date === 'string' ? date : date === null ? null : String(date));
  }
  return { redirects, existing, published };
}

/** Each planned entity's claims merged into what its element already holds, one element per (redirected) id. */
function nodeChanges(plan: GraphPlan, context: LoadContext): NodeChange[] {
  const incoming = new Map<string, { label: EntityLabel; byFile: Map<string, Claim[]>; name: string }>();
  for (const node of plan.nodes) {
    const id = context.redirects.get(node.id) ?? node.id;
    const origin = { kind: 'dataset' as const, file: node.origin.file, entry: node.origin.entry, published: latestPublished(node.evidence, context.published) };
    let claims = claimsFromProperties(node.props, origin, node.evidence);
    if (id !== node.id) claims = asRedirectedClaims(claims);
    const entry = incoming.get(id) ?? { label: context.existing.get(id)?.label ?? node.label, byFile: new Map<string, Claim[]>(), name: String(node.props.name ?? id) };
    entry.byFile.set(node.origin.file, [...(entry.byFile.get(node.origin.file) ?? []), ...claims]);
    incoming.set(id, entry);
  }
  return [...incoming.entries()].map(([id, entry]) => {
    const stored = context.existing.get(id);
    const before = stored?.claims ?? emptyClaims();
    let after = before;
    for (const [file, claims] of entry.byFile) after = replaceFileClaims(after, file, claims);
    return { id, label: entry.label, before, after, fallbackName: stored?.name || entry.name };
  });
}

function nodeRow(change: NodeChange): { id: string; props: Record<string, StoredValue>; conflicted: boolean } {
  const { props, conflictFields } = materialiseEntity(change.label, change.id, change.after, change.fallbackName);
  return { id: change.id, props, conflicted: conflictFields.length > 0 };
}

/**
 * What a load's report lists for one element: the conflicts it created (a new alternative
 * counts), and each value it asserted that a curator had retracted (the curator's word stands).
 */
function conflictsOf(entityId: string, before: ElementClaims, after: ElementClaims, relationship?: { type: string; to: string }): LoadConflict[] {
  const where = relationship ? { entityId, relationship } : { entityId };
  const conflicts: LoadConflict[] = newConflicts(before, after).map((conflict) => ({
    ...where,
    field: conflict.field,
    alternatives: conflict.alternatives.map((c) => ({ value: displayValue(c.value), origin: displayOrigin(c.origin), preferred: c.id === conflict.preferred.id })),
  }));
  for (const { claim, retraction } of newlyRetracted(before, after)) {
    const taken = retraction.any ? (claim.field === LINK_FIELD ? 'removed' : 'every value retracted') : `retracted: ${displayValue(retraction.value)}`;
    conflicts.push({
      ...where,
      field: claim.field,
      alternatives: [
        { value: `(${taken})`, origin: displayOrigin({ kind: 'curation', event: retraction.event, actor: retraction.actor, at: retraction.at }), preferred: true },
        { value: displayValue(claim.value), origin: displayOrigin(claim.origin), preferred: false },
      ],
    });
  }
  return conflicts;
}

/** The EVIDENCED_BY ties of each entity: the sources of its asserted claims, each once, in origin order. */
function evidenceRows(nodes: readonly NodeChange[]): EvidenceRow[] {
  return nodes.flatMap((node) => entityEvidenceRows(node.id, node.after));
}

/** The plan's relationships as claims, keyed by (redirected) ends and type; a tie of an entity to itself after a redirect is dropped. */
function plannedLinks(plan: GraphPlan, context: LoadContext): Map<string, { from: string; type: RelationshipType; to: string; claims: Claim[]; files: Set<string> }> {
  const links = new Map<string, { from: string; type: RelationshipType; to: string; claims: Claim[]; files: Set<string> }>();
  for (const rel of plan.relationships) {
    const from = context.redirects.get(rel.from) ?? rel.from;
    const to = context.redirects.get(rel.to) ?? rel.to;
    if (from === to) continue;
    const sources = linkSources(rel.props);
    const origin = { kind: 'dataset' as const, file: rel.origin.file, entry: rel.origin.entry, published: latestPublished(sources, context.published) };
    const key = linkKey(from, rel.type, to);
    const link = links.get(key) ?? { from, type: rel.type, to, claims: [], files: new Set<string>() };
    link.claims.push(makeClaim(LINK_FIELD, linkValue(rel.props), origin, sources));
    link.files.add(rel.origin.file);
    links.set(key, link);
  }
  return links;
}

/**
 * The relationships a load changes: those it gives, and those from its entities that carry
 * claims of the files it loads (which it retracts when it no longer gives them).
 */
async function linkChanges(tx: NamedQueryTransaction, plan: GraphPlan, context: LoadContext, entityIds: string[]): Promise<LinkChange[]> {
  const planned = plannedLinks(plan, context);
  const files = new Set(plan.nodes.map((n) => n.origin.file));
  const stored = new Map<string, { claims: ElementClaims; present: boolean; legacy: boolean; from: string; type: RelationshipType; to: string }>();
  for (const row of await tx.run('claims.links.from', { ids: entityIds, types: [...RELATIONSHIP_TYPES] })) {
    const type = String(row.type) as RelationshipType;
    const key = linkKey(String(row.from), type, String(row.to));
    const json = toPlain(row.claimsJson);
    const present = toPlain(row.present) === true;
    const previous = stored.get(key);
    // A relationship present in the graph wins over stale kept claims of the same key.
    if (previous && previous.present && !present) continue;
    stored.set(key, { claims: parseClaims(json), present: present || (previous?.present ?? false), legacy: present && typeof json !== 'string', from: String(row.from), type, to: String(row.to) });
  }
  const changes: LinkChange[] = [];
  for (const [key, link] of planned) {
    const old = stored.get(key);
    const before = old && !old.legacy ? old.claims : emptyClaims();
    let after = before;
    for (const file of files) after = replaceFileClaims(after, file, link.claims.filter((c) => c.origin.kind === 'dataset' && c.origin.file === file));
    changes.push({ from: link.from, type: link.type, to: link.to, before, after, present: old?.present ?? false, legacy: false });
    stored.delete(key);
  }
  for (const old of stored.values()) {
    if (old.legacy) {
      changes.push({ ...old, before: emptyClaims(), after: emptyClaims(), legacy: true });
      continue;
    }
    let after = old.claims;
    for (const file of files) after = replaceFileClaims(after, file, []);
    if (serialiseClaims(after) !== serialiseClaims(old.claims)) changes.push({ ...old, before: old.claims, after });
  }
  return changes;
}

/** Keeps the claims of relationships that exist no more; drops them when the relationship exists again or nothing is left. */
async function writeTombstones(tx: NamedQueryTransaction, links: readonly LinkChange[]): Promise<void> {
  const keep = links.filter((l) => !linkAsserted(l.after) && (l.after.claims.length > 0 || l.after.retractions.length > 0));
  const drop = links.filter((l) => !keep.includes(l)).map((l) => linkKey(l.from, l.type, l.to));
  if (keep.length > 0) {
    await tx.run('claims.tombstones.write', { rows: keep.map((l) => ({ key: linkKey(l.from, l.type, l.to), from: l.from, type: l.type, to: l.to, claimsJson: serialiseClaims(l.after) })) });
  }
  if (drop.length > 0) await tx.run('claims.tombstones.delete', { keys: drop });
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
