import { toEntityRecord } from '../conversions';
import { highlightEntity } from './highlight';
import type { QueryRunner } from '../driver/queryRunner';
import type { EntityRecord, SearchHitRecord } from '../records';
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

  /** Entities matching `text`, best first, of the given types only (all when null). */
  async search(text: string, limit: number, labels: readonly EntityLabel[] | null): Promise<SearchHitRecord[]> {
    const query = toLuceneQuery(text);
    if (query === null || limit === 0) return [];
    const rows = await this.runner.read<{ props: Record<string, unknown>; labels: string[]; score: number }>('search.fulltext', { query, limit, labels, key: normaliseName(text) });
    return rows.map((row) => {
      const entity = toEntityRecord(row.props, row.labels);
      const highlight = highlightEntity(searchableFields(entity, row.props), text);
      return { score: row.score, entity, matchedField: highlight?.field ?? null, highlight: highlight?.text ?? null };
    });
  }
}
