import { relationshipEvidence, relationshipProperties, toEntityRecord, toPlain } from '../conversions';
import { levelProperties, type FoldLevel, type FoldNeed } from '../cypher/fold';
import type { PageRequest } from '../cypher/paging';
import type { EntityProperty, EntityRecord, Page, ProjectRecord, RelatedRecord, SourceRecord } from '../records';
import { entityLabelOf } from '../../domain/entities';

/**
 * The rows of pages of related projects and of folded reads (db/cypher/fold.ts), turned into
 * the records the DataLoaders answer: the list and entity repositories share them.
 */

interface NodeRow {
  props: Record<string, unknown>;
  labels: string[];
}

/** One row of project.relatedPage (or of a folded page, db/cypher/fold.ts): the page of one entity's projects. */
export interface RelatedPageRow {
  total: unknown;
  page: Array<NodeRow & { rel: Record<string, unknown>; type: string }>;
}

/**
 * A page of related projects from its row. Without the count (`withTotal` false) the row holds
 * one project more than the page when more follow, and the total is given as what is known:
 * this page, and one more if there is more.
 */
export function relatedProjectPage(row: RelatedPageRow | undefined, request: PageRequest, withTotal: boolean): Page<RelatedRecord<ProjectRecord>> {
  const items = withTotal ? (row?.page ?? []) : (row?.page ?? []).slice(0, request.limit);
  const more = !withTotal && (row?.page ?? []).length > request.limit;
  const totalCount = withTotal ? Number(toPlain(row?.total ?? 0)) : request.skip + items.length + (more ? 1 : 0);
  const nodes = items.map((item) => ({
    node: toEntityRecord(item.props, item.labels) as ProjectRecord,
    type: item.type,
    properties: relationshipProperties(item.rel),
    evidence: relationshipEvidence(item.rel),
  }));
  return { nodes, offset: request.skip, totalCount, hasNextPage: request.skip + nodes.length < totalCount };
}

/**
 * One answer of a folded read (db/cypher/fold.ts): what the DataLoader standing for `need`
 * would answer for the entity `parent`, read for that record's place in the selection (with
 * the properties it shows), so it is kept by the record and not by its id.
 */
export type FoldedFact =
  | { parent: EntityRecord; need: Extract<FoldNeed, { kind: 'evidence' }>; evidence: SourceRecord[] }
  | { parent: EntityRecord; need: Extract<FoldNeed, { kind: 'related' }>; related: RelatedRecord[] }
  | { parent: EntityRecord; need: Extract<FoldNeed, { kind: 'projects' }>; page: Page<RelatedRecord<ProjectRecord>> };

/** An entity read with its folded needs: null when no entity has the id. */
export interface FoldedRead {
  entity: EntityRecord | null;
  facts: FoldedFact[];
}

/**
 * One entity of a folded need (db/cypher/fold.ts): the values of its level's properties in the
 * order levelProperties gives (the map of every property when the level reads them all), its
 * labels, its relationship's properties when its edges show them, and its own needs' answers.
 */
type FoldedRow = [values: unknown[] | Record<string, unknown>, labels: string[], rel: Record<string, unknown> | null, fold: Record<string, unknown> | null];

const NOTHING: Readonly<Record<string, unknown>> = Object.freeze({});

/** The properties of a folded entity as a map, from the values its level read. */
function propsOf(values: FoldedRow[0], properties: readonly EntityProperty[] | null): Record<string, unknown> {
  if (!Array.isArray(values)) return values;
  const props: Record<string, unknown> = {};
  (levelProperties(properties) ?? []).forEach((property, i) => {
    props[property] = values[i];
  });
  return props;
}

/** The folded answers of one entity's map (`f0`, `f1`, ... in the order of the level's needs), and of the entities below it. */
export function collectFacts(parent: EntityRecord, fold: Record<string, unknown>, level: FoldLevel, out: FoldedFact[]): void {
  level.needs.forEach((need, i) => {
    const value = fold[`f${i}`];
    switch (need.kind) {
      case 'evidence': {
        const rows = (value ?? []) as Array<{ document: unknown; excerpt: unknown; under?: unknown; offset?: unknown }>;
        out.push({ parent, need, evidence: rows.map((row) => {
          const under = toPlain(row.under);
          const offset = toPlain(row.offset);
          return { document: String(toPlain(row.document)), excerpt: String(toPlain(row.excerpt)), under: typeof under === 'string' ? under : null, offset: typeof offset === 'number' ? offset : null };
        }) });
        return;
      }
      case 'related': {
        const related: RelatedRecord[] = [];
        for (const [values, labels, rel, fold] of (value ?? []) as FoldedRow[]) {
          if (entityLabelOf(labels) === null) continue;
          const node = toEntityRecord(propsOf(values, need.children.properties), labels);
          related.push({ node, type: need.type, properties: relationshipProperties(rel ?? NOTHING), evidence: relationshipEvidence(rel ?? NOTHING) });
          collectFacts(node, fold ?? NOTHING, need.children, out);
        }
        out.push({ parent, need, related });
        return;
      }
      case 'projects': {
        const row = value as { total: unknown; page: FoldedRow[] } | undefined;
        const items = row?.page ?? [];
        // Every project of the page is tied over the need's one type.
        const asRead: RelatedPageRow = {
          total: row?.total ?? 0,
          page: items.map(([values, labels, rel]) => ({ props: propsOf(values, need.children.properties), labels, rel: rel ?? NOTHING, type: need.type })),
        };
        const page = relatedProjectPage(asRead, need.request, need.withTotal);
        // The extra project that tells a next page is not on the page, and its needs are not read.
        items.slice(0, page.nodes.length).forEach((item, n) => {
          const node = page.nodes[n]?.node;
          if (node) collectFacts(node, item[3] ?? NOTHING, need.children, out);
        });
        out.push({ parent, need, page });
        return;
      }
    }
  });
}
