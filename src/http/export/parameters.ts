import { ServiceError } from '../../errors';
import { MAX_NEIGHBOURHOOD_DEPTH } from '../../domain/limits';
import { RELATIONSHIP_TYPES, type RelationshipType, isRelationshipType } from '../../domain/relationships';

/** Around one entity (`focus`, `depth`, `limit`) or the whole graph (`focus` null); `types` null for all. */
export interface ExportRequest {
  focus: string | null;
  depth: number;
  limit: number;
  types: RelationshipType[] | null;
}

/** An export around one entity holds at most this many entities besides it (as `neighbourhood` does). */
export const MAX_EXPORT_NEIGHBOURHOOD = 2000;

const KNOWN = ['focus', 'depth', 'limit', 'types'] as const;

function badRequest(message: string): ServiceError {
  return new ServiceError('BAD_REQUEST', message);
}

function integerParameter(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw badRequest(`"${name}" must be a whole number from ${min} to ${max}; got "${raw}".`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw badRequest(`"${name}" must be from ${min} to ${max}; got ${value}.`);
  return value;
}

// Names are matched ignoring case, so `types=funded_by,benefits` works as typed in a URL bar.
function typesParameter(raw: string | null): RelationshipType[] | null {
  if (raw === null) return null;
  const names = raw.split(',').map((name) => name.trim().toUpperCase()).filter((name) => name !== '');
  if (names.length === 0) throw badRequest(`"types" must list at least one relationship type: ${RELATIONSHIP_TYPES.join(', ')}.`);
  const unknown = names.filter((name) => !isRelationshipType(name));
  if (unknown.length > 0) throw badRequest(`Unknown relationship type${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in "types"; expected any of ${RELATIONSHIP_TYPES.join(', ')}.`);
  return [...new Set(names.filter(isRelationshipType))];
}

/**
 * Reads the query string of an export. Anything it does not understand is refused with a 400
 * that says what was expected, rather than ignored: a misspelt `type=` would otherwise
 * silently export every relationship.
 */
export function parseExportRequest(params: URLSearchParams): ExportRequest {
  for (const name of new Set(params.keys())) {
    if (!(KNOWN as readonly string[]).includes(name)) throw badRequest(`Unknown parameter "${name}"; an export takes ${KNOWN.join(', ')}.`);
    if (params.getAll(name).length > 1) throw badRequest(`"${name}" is given more than once.`);
  }
  const rawFocus = params.get('focus');
  const focus = rawFocus === null ? null : rawFocus.trim();
  if (focus === '') throw badRequest('"focus" must be an entity id, e.g. org:dgmm.');
  if (focus === null && (params.has('depth') || params.has('limit'))) {
    throw badRequest('"depth" and "limit" apply around an entity: give "focus" too (e.g. ?focus=org:dgmm&depth=2).');
  }
  return {
    focus,
    depth: integerParameter(params, 'depth', 1, 1, MAX_NEIGHBOURHOOD_DEPTH),
    limit: integerParameter(params, 'limit', MAX_EXPORT_NEIGHBOURHOOD, 1, MAX_EXPORT_NEIGHBOURHOOD),
    types: typesParameter(params.get('types')),
  };
}
