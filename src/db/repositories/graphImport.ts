import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { CypherCatalog } from '../cypher/catalog';
import { labelSlot, typeSlot } from '../cypher/slots';
import { refreshAllDonorLabels } from './donorLabels';
import { LOAD_TIMEOUT_MS, type Database } from '../driver/database';
import { QueryRunner } from '../driver/queryRunner';
import type { GraphPlan } from '../graphPlan';
import { toPlain } from '../conversions';
import { DATE_PROPERTIES } from '../records';
import { bulkRows, type LoadContext } from './graphWriter';
import { refreshAllDerivedStatuses } from './projectStatus';
import { deriveStatus, todayUtc } from '../../domain/projectStatus';
import { ENTITY_LABELS, isProjectStatus, type EntityLabel } from '../../domain/entities';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../../domain/relationships';

/**
 * Writes validated plans as the CSV files of `neo4j-admin database import full`, for loading
 * an EMPTY database at the import tool's speed. The rows are those of a bulk load into an
 * empty database (bulkRows with nothing existing): the same properties (claimsJson, derived
 * properties, content hashes), labels, evidence and relationships as the transactional path
 * writes, so that both give the same graph (test/integration/graphImport.test.ts compares them).
 *
 * What the CSV format cannot say is finished in Cypher after the import (finishImport): an
 * empty list (the importer drops an empty array; the transactional path stores []) and the
 * :Donor label (ingest.donors, as every load ends), and each project's derived status.
 */

/** Between the values of a list and between labels. The passage rule (src/domain/text.ts) keeps control characters out of every text. */
const ARRAY_DELIMITER = '\u001f';
export const IMPORT_ARRAY_DELIMITER_OPTION = 'U+001F';

type CsvValue = string | number | boolean | string[] | number[] | null | undefined;

/** A property's column type in an import header. */
type ColumnType = 'string' | 'long' | 'double' | 'boolean' | 'date' | 'string[]' | 'long[]' | 'double[]';


function columnType(key: string, value: CsvValue): ColumnType {
  if (DATE_PROPERTIES.has(key)) return 'date';
  if (Array.isArray(value)) {
    // Lists of numbers (evidence offsets, say) keep their type; an empty list is set after the import anyway.
    if (value.length > 0 && value.every((item) => typeof item === 'number')) return value.every((item) => Number.isSafeInteger(item)) ? 'long[]' : 'double[]';
    return 'string[]';
  }
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'long' : 'double';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

/** Every string quoted (an unquoted empty field is no value; a quoted one is the empty string), quotes doubled. */
function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return quote(value.join(ARRAY_DELIMITER));
  if (typeof value === 'string') return quote(value);
  return String(value);
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function noteEmptyLists<R extends { props: Record<string, CsvValue> }>(rows: readonly R[], note: (key: string, row: R) => void): void {
  for (const row of rows) {
    for (const [key, value] of Object.entries(row.props)) if (Array.isArray(value) && value.length === 0) note(key, row);
  }
}

/** The files of one import, by the option they are given under. */
export interface ImportFiles {
  /** Each: a header file and a data file, one group of rows with one header. */
  nodes: string[][];
  relationships: string[][];
  /** True when some value has a line break: the import then needs --multiline-fields. */
  multiline: boolean;
}

/** Empty lists the importer drops, to be set after it: per label (or type) and property, the elements that have one. */
interface EmptyLists {
  nodes: Map<string, { label: EntityLabel | 'Source'; key: string; ids: string[] }>;
  links: Map<string, { type: RelationshipType | 'EVIDENCED_BY'; key: string; pairs: Array<{ from: string; to: string }> }>;
}

/** One group of rows that share their columns and column types: a header file and a data file. */
export interface RenderedGroup {
  kind: 'nodes' | 'relationships';
  /** e.g. `nodes-Project`, `relationships-FUNDED_BY` */
  name: string;
  header: string;
  /** The data file's text, in pieces of about a megabyte. */
  data: string[];
}

/**
 * One plan as import files, before they are written: what any thread can compute from the
 * plan alone (renderImportChunk), so that chunks are rendered on worker threads and written,
 * in order, by the one ImportFileWriter.
 */
export interface RenderedChunk {
  /** Ids of the nodes it creates (sources and entities): each may be written once per import. */
  ids: string[];
  groups: RenderedGroup[];
  multiline: boolean;
  emptyNodes: Array<{ label: EntityLabel | 'Source'; key: string; ids: string[] }>;
  emptyLinks: Array<{ type: RelationshipType | 'EVIDENCED_BY'; key: string; pairs: Array<{ from: string; to: string }> }>;
  counts: { nodes: number; relationships: number };
}

/**
 * Renders one plan's rows as import files. The rows are those of a bulk load into an empty
 * graph (bulkRows with nothing existing); `published` holds the publication date of every
 * document written so far and in this plan (what claims rank by); `today` is the day whose
 * derived statuses the project rows carry.
 */
export function renderImportChunk(plan: GraphPlan, published: ReadonlyMap<string, string | null>, today: string): RenderedChunk {
  const context: LoadContext = { redirects: new Map(), existing: new Map(), published };
  const rows = bulkRows(plan, context, new Set(), { changes: [], keys: new Set() });
  const out: RenderedChunk = { ids: [], groups: [], multiline: false, emptyNodes: [], emptyLinks: [], counts: { nodes: 0, relationships: 0 } };
  const emptyLists: EmptyLists = { nodes: new Map(), links: new Map() };
  out.ids = [...plan.sources.map((s) => s.id), ...[...rows.nodes.values()].flatMap((split) => split.create.map((n) => n.id))];

  const writeNodes = (label: EntityLabel | 'Source', nodes: Array<{ id: string; labels: string[]; props: Record<string, CsvValue> }>, group: 'Entity' | 'Source') => {
    out.counts.nodes += nodes.length;
    noteEmptyLists(nodes, (key, row) => {
      const entry = emptyLists.nodes.get(`${label}|${key}`) ?? { label, key, ids: [] };
      entry.ids.push(row.id);
      emptyLists.nodes.set(`${label}|${key}`, entry);
    });
    renderGroups(out, nodes, 'nodes', `nodes-${label}`, (keys) => [`:ID(${group})`, ':LABEL', ...keys.map(([key, type]) => `${key}:${type}`)], (row, keys) => [csvField(row.id), csvField(row.labels), ...keys.map(([key]) => csvField(row.props[key]))]);
  };
  const writeLinks = (type: RelationshipType | 'EVIDENCED_BY', links: Array<{ from: string; to: string; props: Record<string, CsvValue> }>, endGroup: 'Entity' | 'Source') => {
    out.counts.relationships += links.length;
    noteEmptyLists(links, (key, row) => {
      const entry = emptyLists.links.get(`${type}|${key}`) ?? { type, key, pairs: [] };
      entry.pairs.push({ from: row.from, to: row.to });
      emptyLists.links.set(`${type}|${key}`, entry);
    });
    renderGroups(
      out,
      links,
      'relationships',
      `relationships-${type}`,
      (keys) => [':START_ID(Entity)', `:END_ID(${endGroup})`, ':TYPE', ...keys.map(([key, kind]) => `${key}:${kind}`)],
      (row, keys) => [csvField(row.from), csvField(row.to), csvField(type), ...keys.map(([key]) => csvField(row.props[key]))],
    );
  };

  writeNodes(
    'Source',
    rows.sources.create.map((s) => ({ id: s.id, labels: ['Source'], props: s.props })),
    'Source',
  );
  for (const label of ENTITY_LABELS) {
    const split = rows.nodes.get(label);
    if (!split) continue;
    writeNodes(
      label,
      split.create.map((n) => ({ id: n.id, labels: n.conflicted ? ['Entity', label, 'Conflicted'] : ['Entity', label], props: label === 'Project' ? withDerivedStatus(n.props, today) : n.props })),
      'Entity',
    );
  }
  writeLinks(
    'EVIDENCED_BY',
    rows.evidence.create.map((e) => ({ from: e.entityId, to: e.document, props: { excerpt: e.excerpt, position: e.position, offset: e.offset, under: e.under } })),
    'Source',
  );
  for (const type of RELATIONSHIP_TYPES) {
    const split = rows.links.get(type);
    if (split) writeLinks(type, split.create, 'Entity');
  }
  out.emptyNodes = [...emptyLists.nodes.values()];
  out.emptyLinks = [...emptyLists.links.values()];
  return out;
}

/**
 * A project's properties with the status its dates give on `today` (derivedStatus,
 * statusBasis), as the refresh that ends every load stores them: the refresh in finish then
 * reads the projects and writes none (unless the day changed in between).
 */
function withDerivedStatus(props: Record<string, CsvValue>, today: string): Record<string, CsvValue> {
  const text = (value: CsvValue): string | null => (typeof value === 'string' ? value : null);
  const stated = text(props.status);
  const derived = deriveStatus(isProjectStatus(stated) ? stated : null, text(props.startDate), text(props.endDate), today);
  return { ...props, derivedStatus: derived.status, statusBasis: derived.basis };
}

/** Rows grouped by their columns and column types; each group rendered as a header and a data file's text. */
function renderGroups<R extends { props: Record<string, CsvValue> }>(
  out: RenderedChunk,
  rows: readonly R[],
  kind: RenderedGroup['kind'],
  name: string,
  header: (keys: Array<[string, ColumnType]>) => string[],
  fields: (row: R, keys: Array<[string, ColumnType]>) => string[],
): void {
  const groups = new Map<string, { keys: Array<[string, ColumnType]>; rows: R[] }>();
  for (const row of rows) {
    const keys = Object.keys(row.props)
      .filter((key) => row.props[key] !== null && row.props[key] !== undefined)
      .sort()
      .map((key): [string, ColumnType] => [key, columnType(key, row.props[key])]);
    const signature = keys.map(([key, type]) => `${key}:${type}`).join(',');
    const group = groups.get(signature) ?? { keys, rows: [] };
    group.rows.push(row);
    groups.set(signature, group);
  }
  for (const group of groups.values()) {
    const data: string[] = [];
    let buffer = '';
    for (const row of group.rows) {
      const line = fields(row, group.keys).join(',');
      if (!out.multiline && /[\r\n]/.test(line)) out.multiline = true;
      buffer += `${line}\n`;
      if (buffer.length > 1 << 20) {
        data.push(buffer);
        buffer = '';
      }
    }
    if (buffer.length > 0) data.push(buffer);
    out.groups.push({ kind, name, header: `${header(group.keys).join(',')}\n`, data });
  }
}

/**
 * Appends plans (chunk after chunk) to a folder of import files: a header and a data file per
 * group of rows that share their columns and column types. A plan is rendered here (add) or
 * on another thread (renderImportChunk, then addRendered); either way chunks are written in
 * the order they are added.
 */
export class ImportFileWriter {
  private readonly nodes: string[][] = [];
  private readonly relationships: string[][] = [];
  private multiline = false;
  private files = 0;
  /** Ids of entities and sources already written: an import refuses a second node of an id, so a plan repeating one is refused here, clearly. */
  private readonly written = new Set<string>();
  /** Publication dates of every document written so far: what a later chunk's claims rank by (as the transactional path reads them back). */
  private readonly published = new Map<string, string | null>();
  private readonly emptyLists: EmptyLists = { nodes: new Map(), links: new Map() };
  private readonly counts = { nodes: 0, relationships: 0 };

  /** `today` (YYYY-MM-DD): the day whose derived statuses the project rows carry. */
  constructor(
    private readonly dir: string,
    readonly today: string = todayUtc(),
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Nodes and relationships written so far. */
  get writtenCounts(): { nodes: number; relationships: number } {
    return { ...this.counts };
  }

  add(plan: GraphPlan): void {
    for (const source of plan.sources) this.published.set(source.id, typeof source.props.published === 'string' ? source.props.published : null);
    this.addRendered(renderImportChunk(plan, this.published, this.today));
  }

  /** Writes a chunk renderImportChunk rendered (with every document's publication date up to it, and this writer's `today`). */
  addRendered(chunk: RenderedChunk): void {
    for (const id of chunk.ids) {
      if (this.written.has(id)) throw new Error(`The import files already hold a node with the id "${id}": an import into an empty database takes every id once.`);
      this.written.add(id);
    }
    this.counts.nodes += chunk.counts.nodes;
    this.counts.relationships += chunk.counts.relationships;
    if (chunk.multiline) this.multiline = true;
    for (const entry of chunk.emptyNodes) {
      const key = `${entry.label}|${entry.key}`;
      const known = this.emptyLists.nodes.get(key);
      if (known) for (const id of entry.ids) known.ids.push(id);
      else this.emptyLists.nodes.set(key, { ...entry, ids: [...entry.ids] });
    }
    for (const entry of chunk.emptyLinks) {
      const key = `${entry.type}|${entry.key}`;
      const known = this.emptyLists.links.get(key);
      if (known) for (const pair of entry.pairs) known.pairs.push(pair);
      else this.emptyLists.links.set(key, { ...entry, pairs: [...entry.pairs] });
    }
    for (const group of chunk.groups) {
      this.files += 1;
      const base = path.join(this.dir, `${String(this.files).padStart(5, '0')}-${group.name}`);
      const headerFile = `${base}-header.csv`;
      const dataFile = `${base}.csv`;
      const fd = openSync(headerFile, 'w');
      try {
        writeSync(fd, group.header);
      } finally {
        closeSync(fd);
      }
      const data = openSync(dataFile, 'w');
      try {
        for (const piece of group.data) writeSync(data, piece);
      } finally {
        closeSync(data);
      }
      (group.kind === 'nodes' ? this.nodes : this.relationships).push([headerFile, dataFile]);
    }
  }

  /** The files to give the import tool. */
  result(): ImportFiles {
    return { nodes: this.nodes.map((g) => [...g]), relationships: this.relationships.map((g) => [...g]), multiline: this.multiline };
  }

  /**
   * After the import (the database started, migrations run): sets the empty lists the
   * importer dropped, and the :Donor label, in batches.
   */
  async finish(db: Database, catalog: CypherCatalog, batchSize = 20_000): Promise<void> {
    const runner = new QueryRunner(db, catalog, undefined, { timeoutMs: LOAD_TIMEOUT_MS });
    for (const entry of this.emptyLists.nodes.values()) {
      const slots = entry.label === 'Source' ? { LABEL: 'Source' } : { LABEL: labelSlot(entry.label) };
      for (let i = 0; i < entry.ids.length; i += batchSize) {
        await runner.write((tx) => tx.run('import.emptyLists.nodes', { ids: entry.ids.slice(i, i + batchSize), patch: { [entry.key]: [] } }, slots));
      }
    }
    for (const entry of this.emptyLists.links.values()) {
      const slots = { TYPE: entry.type === 'EVIDENCED_BY' ? 'EVIDENCED_BY' : typeSlot(entry.type) };
      for (let i = 0; i < entry.pairs.length; i += batchSize) {
        await runner.write((tx) => tx.run('import.emptyLists.relationships', { rows: entry.pairs.slice(i, i + batchSize), patch: { [entry.key]: [] } }, slots));
      }
    }
    await refreshAllDonorLabels(runner);
    // The status the dates give today, which every load stores on its projects (as ingestDataset does).
    await refreshAllDerivedStatuses(runner, todayUtc());
  }
}

/** Nodes in the database (any label), to refuse an import into one that holds data. */
export async function countGraphNodes(db: Database, catalog: CypherCatalog): Promise<number> {
  const rows = await new QueryRunner(db, catalog).read('import.graphNodes.count', {});
  return Number(toPlain(rows[0]?.n ?? 0));
}
