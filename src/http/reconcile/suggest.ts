import type { Repositories } from '../../db/repositories';
import { ENTITY_LABELS, type EntityLabel } from '../../domain/entities';
import { MAX_NAME_LENGTH } from '../../db/repositories/nameRepository';
import type { EntityRecord } from '../../db/records';
import { ServiceError } from '../../errors';
import { labelOfTypeId, RECONCILE_TYPES, reconcileTypeOf, TYPE_IDS, type ReconcileType } from './types';

/**
 * The suggest services of the Reconciliation API 0.2 ("Suggest Services"): GET with `prefix`
 * and an optional `cursor` (suggestions to skip). Entities come from the name matcher (its
 * matches first: typos and state names) and then from full-text search, whose last word
 * matches as a prefix, so that a half-typed name finds its entity too.
 */

/** Suggestions per answer. */
const SUGGESTIONS = 10;
/** How far a client may page through suggestions. */
const MAX_CURSOR = 90;
/** Parameters a suggest request may carry: the spec's, `type` as OpenRefine sends it, and JSONP's. */
const PARAMETERS = ['prefix', 'cursor', 'type', 'type_strict', 'callback', '_'] as const;

export interface SuggestItem {
  id: string;
  name: string;
  description?: string;
  notable?: ReconcileType[];
}

function bad(message: string): ServiceError {
  return new ServiceError('BAD_REQUEST', message);
}

interface SuggestRequest {
  prefix: string;
  cursor: number;
  labels: EntityLabel[];
}

function parseSuggest(params: URLSearchParams): SuggestRequest {
  for (const name of new Set(params.keys())) {
    if (!(PARAMETERS as readonly string[]).includes(name)) throw bad(`Unknown parameter ${JSON.stringify(name.slice(0, 40))}; suggest takes ${PARAMETERS.join(', ')}.`);
  }
  const prefix = (params.get('prefix') ?? '').trim();
  if (prefix === '') throw bad('"prefix" must be the text typed so far, e.g. ?prefix=Nethe.');
  if (prefix.length > MAX_NAME_LENGTH) throw bad(`"prefix" may be at most ${MAX_NAME_LENGTH} characters long; got ${prefix.length}.`);
  const rawCursor = params.get('cursor');
  let cursor = 0;
  if (rawCursor !== null && rawCursor !== '') {
    if (!/^\d+$/.test(rawCursor) || Number(rawCursor) > MAX_CURSOR) throw bad(`"cursor" must be a whole number from 0 to ${MAX_CURSOR}; got ${JSON.stringify(rawCursor.slice(0, 20))}.`);
    cursor = Number(rawCursor);
  }
  const types = params.getAll('type').flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  const labels = types.map((t) => {
    const label = labelOfTypeId(t);
    if (!label) throw bad(`Unknown type ${JSON.stringify(t.slice(0, 60))}; the types are ${TYPE_IDS}.`);
    return label;
  });
  return { prefix, cursor, labels: labels.length > 0 ? [...new Set(labels)] : [...ENTITY_LABELS] };
}

function describe(entity: EntityRecord): string | undefined {
  if ('acronym' in entity && entity.acronym) return entity.acronym;
  if (entity.__typename === 'Country') return entity.isoCode;
  return undefined;
}

/** GET /reconcile/suggest/entity: entities for the text typed so far. */
export async function suggestEntities(params: URLSearchParams, repositories: Repositories): Promise<{ result: SuggestItem[] }> {
  const request = parseSuggest(params);
  const wanted = request.cursor + SUGGESTIONS;
  const [matched, found] = await Promise.all([
    repositories.names.match(request.prefix, request.labels, { first: wanted }),
    repositories.search.search(request.prefix, wanted, request.labels),
  ]);
  const ordered = [...matched.filter((m) => m.matches).map((m) => m.entity), ...found.map((h) => h.entity), ...matched.filter((m) => !m.matches).map((m) => m.entity)];
  const seen = new Set<string>();
  const unique = ordered.filter((e) => !seen.has(e.id) && Boolean(seen.add(e.id)));
  return {
    result: unique.slice(request.cursor, wanted).map((entity) => {
      const description = describe(entity);
      return { id: entity.id, name: entity.name, ...(description ? { description } : {}), notable: [reconcileTypeOf(entity.__typename)] };
    }),
  };
}

/** GET /reconcile/suggest/type: the entity types whose id or name contains the text typed. */
export function suggestTypes(params: URLSearchParams): { result: SuggestItem[] } {
  const request = parseSuggest(params);
  const key = request.prefix.toLowerCase();
  const hits = RECONCILE_TYPES.filter((t) => t.id.toLowerCase().includes(key.replace(/\s+/g, '_')) || t.name.toLowerCase().includes(key));
  return { result: hits.slice(request.cursor, request.cursor + SUGGESTIONS).map((t) => ({ id: t.id, name: t.name })) };
}
