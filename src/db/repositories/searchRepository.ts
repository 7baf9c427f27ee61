import { toEntityRecord, toPlain } from '../conversions';
import { nameParam } from '../cypher/filterCompiler';
import { highlightEntity } from './highlight';
import type { QueryRunner } from '../driver/queryRunner';
import type { EntityProperty, EntityRecord, SearchHitRecord } from '../records';
import { levelProjection } from '../cypher/fold';
import { normaliseName } from '../../domain/names';
import type { EntityLabel } from '../../domain/entities';

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/**
 * Turns what a person types into a Lucene query for the full-text index: words are escaped
 * (never Lucene syntax), all words together rank first, any word matches, and the last word
 * also matches as a prefix so that "traffick" finds "trafficking".
 */
export function toLuceneQuery(text: string): string | null {
  const words = normaliseName(text)
    .split(' ')
    .filter(Boolean)
    .map((word) => word.replace(LUCENE_SPECIAL, (ch) => `\\${ch}`));
  if (words.length === 0) return null;
  const all = `(${words.join(' AND ')})^4`;
  const any = words.join(' OR ');
  const prefix = `${words[words.length - 1]}*`;
  return `${all} OR ${any} OR ${prefix}`;
}

/** A hit as search.fulltext reads it. */
export interface HitRow {
  props: Record<string, unknown>;
  labels: string[];
  score: number;
}

/** What search.fulltext.window reads: its page, and what tells whether the window could hold it. */
export interface WindowRow {
  page: Array<HitRow & { exact: boolean }>;
  exactTotal: unknown;
  windowSize: unknown;
}

/**
 * The window of best hits a first page is read from: this many times the page, and at least
 * SEARCH_WINDOW_MIN, so that the page rarely has to be read again from every hit.
 */
const SEARCH_WINDOW_FACTOR = 3;
const SEARCH_WINDOW_MIN = 50;

/**
 * Whether the page search.fulltext.window read is whole. It is when the window held every hit.
 * Otherwise a hit outside the window scores no higher than those in it, so it could only be
 * missing from the page as an exact match (which ranks first whatever its score), or when hits
 * of other types took the window and left the page short: either way the page is read again
 * from every hit.
 */
export function windowHoldsPage(row: WindowRow | undefined, limit: number, window: number): row is WindowRow {
  if (!row) return false;
  if (Number(toPlain(row.windowSize)) < window) return true;
  if (row.page.length < limit) return false;
  const exactShown = row.page.filter((hit) => hit.exact).length;
  return exactShown === row.page.length || exactShown >= Number(toPlain(row.exactTotal));
}

/** The properties the highlight of a hit reads (searchableFields). */
const SEARCHED_PROPERTIES: readonly EntityProperty[] = ['name', 'acronym', 'aliases', 'description'];

function searchableFields(entity: EntityRecord, props: Record<string, unknown>): Array<[string, string | null]> {
  const description = typeof props.description === 'string' ? props.description : null;
  return [
    ['name', entity.name],
    ['acronym', 'acronym' in entity ? entity.acronym : null],
    ['aliases', entity.aliases.join(' · ') || null],
    ['description', description],
  ];
}

export class SearchRepository {
  constructor(private readonly runner: QueryRunner) {}

  /**
   * Entities matching `text`, best first, of the given types only (all when null). Of each
   * hit only `properties` are read (every one when null), and the matched field and its
   * highlight are worked out only when `highlights` asks for them.
   */
  async search(text: string, limit: number, labels: readonly EntityLabel[] | null, properties: readonly EntityProperty[] | null = null, highlights = true): Promise<SearchHitRecord[]> {
    const query = toLuceneQuery(text);
    if (query === null || limit === 0) return [];
    const read = properties === null || !highlights ? properties : [...properties, ...SEARCHED_PROPERTIES];
    const { key, phrase } = nameParam(text);
    const slots = { PROPS: levelProjection('n0', read) };
    const window = Math.max(limit * SEARCH_WINDOW_FACTOR, SEARCH_WINDOW_MIN);
    const [windowed] = await this.runner.read<WindowRow>('search.fulltext.window', { query, limit, labels, key, phrase, window }, slots);
    const rows = windowHoldsPage(windowed, limit, window) ? windowed.page : await this.runner.read<HitRow>('search.fulltext', { query, limit, labels, key }, slots);
    return rows.map((row) => {
      const entity = toEntityRecord(row.props, row.labels);
      if (!highlights) return { score: row.score, entity, matchedField: null, highlight: null };
      const highlight = highlightEntity(searchableFields(entity, row.props), text);
      return { score: row.score, entity, matchedField: highlight?.field ?? null, highlight: highlight?.text ?? null };
    });
  }
}
