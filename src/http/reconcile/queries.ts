import type { MatchCandidateRecord } from '../../db/records';
import { ENTITY_LABELS, type EntityLabel } from '../../domain/entities';
import { MAX_NAME_LENGTH, type NameRepository } from '../../db/repositories/nameRepository';
import { ServiceError } from '../../errors';
import { DEFAULT_QUERY_LIMIT, MAX_BATCH_QUERIES, MAX_QUERY_LIMIT } from './manifest';
import { labelOfTypeId, reconcileTypeOf, TYPE_IDS, type ReconcileType } from './types';

/**
 * Reconciliation queries (W3C Reconciliation Service API 0.2, "Reconciliation Queries"): a
 * batch of query id -> {query, type?, limit?, properties?, type_strict?} is checked whole
 * before anything is read, and every query is answered by the matcher behind `match`
 * (NameRepository.match for the scored candidates, NameRepository.resolve for the decision),
 * so that a name reconciles here as it resolves in a filter.
 */

/** One query of a batch, checked. */
export interface ReconcileQuery {
  key: string;
  query: string;
  labels: EntityLabel[];
  limit: number;
  /** The value of the `country` property: a country's name, code or id, resolved before matching. */
  country: string | null;
}

export interface ReconcileFeature {
  id: string;
  value: number | boolean;
}

export interface ReconcileCandidate {
  id: string;
  name: string;
  type: ReconcileType[];
  /** 0 to 100: the matcher's score (0 to 1) times 100, as the spec's examples give it. */
  score: number;
  match: boolean;
  features: ReconcileFeature[];
}

/** The properties a query may give, by pid. */
export const RECONCILE_PROPERTIES = [{ id: 'country', name: 'Country (a name, ISO code or id; only entities of that country)' }] as const;

const QUERY_FIELDS = ['query', 'type', 'limit', 'properties', 'type_strict'] as const;
const TYPE_STRICT = ['any', 'should', 'all'] as const;
/** How many queries of a batch are matched at once: enough to overlap round trips, few enough to leave the pool to others. */
const CONCURRENCY = 4;

function bad(message: string): ServiceError {
  return new ServiceError('BAD_REQUEST', message);
}

/** What a JSON value is, for messages that say what arrived. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'number' ? 'the number' : typeof value} ${String(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id a query is known by in messages, cut short: ids are the client's. */
function shown(key: string): string {
  return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
}

function parseTypes(where: string, raw: unknown): EntityLabel[] {
  if (raw === undefined) return [...ENTITY_LABELS];
  const ids = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw bad(`${where}: "type" must be a type id or a list of them (${TYPE_IDS}); got ${kindOf(raw)}.`);
  }
  if (ids.length === 0) return [...ENTITY_LABELS];
  const labels = new Set<EntityLabel>();
  for (const id of ids as string[]) {
    const label = labelOfTypeId(id);
    if (!label) throw bad(`${where}: unknown type ${JSON.stringify(id.slice(0, 60))}; the types are ${TYPE_IDS}.`);
    labels.add(label);
  }
  return [...labels];
}

function parseLimit(where: string, raw: unknown): number {
  if (raw === undefined) return DEFAULT_QUERY_LIMIT;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_QUERY_LIMIT) {
    throw bad(`${where}: "limit" must be a whole number from 1 to ${MAX_QUERY_LIMIT}; got ${kindOf(raw)}.`);
  }
  return raw;
}

/** The one property the service knows, `country`: a string, or a reconciled value {id, name?}. */
function parseProperties(where: string, raw: unknown): string | null {
  if (raw === undefined) return null;
  const known = RECONCILE_PROPERTIES.map((p) => p.id).join(', ');
  if (!Array.isArray(raw)) throw bad(`${where}: "properties" must be a list of {pid, v}; got ${kindOf(raw)}.`);
  let country: string | null = null;
  for (const [i, property] of raw.entries()) {
    if (!isRecord(property) || typeof property.pid !== 'string' || !('v' in property)) {
      throw bad(`${where}: properties[${i}] must be {"pid": "country", "v": "..."}; got ${kindOf(property)}.`);
    }
    if (property.pid !== 'country') throw bad(`${where}: unknown property ${JSON.stringify(property.pid.slice(0, 60))}; this service knows ${known}.`);
    const values = Array.isArray(property.v) ? property.v : [property.v];
    const texts = values.map((v) => (typeof v === 'string' ? v.trim() : isRecord(v) && typeof v.id === 'string' ? v.id.trim() : null));
    if (texts.length !== 1 || !texts[0]) {
      throw bad(`${where}: properties[${i}].v (country) must be one country, a name, ISO code or {"id": "country:TR"}; got ${kindOf(property.v)}.`);
    }
    if (country !== null && country !== texts[0]) throw bad(`${where}: "country" is given twice, as ${JSON.stringify(country)} and ${JSON.stringify(texts[0])}.`);
    country = texts[0];
  }
  return country;
}

function parseQuery(key: string, raw: unknown): ReconcileQuery {
  const where = `Query ${shown(key)}`;
  if (!isRecord(raw)) throw bad(`${where} must be an object {query, type?, limit?, properties?, type_strict?}; got ${kindOf(raw)}.`);
  const unknown = Object.keys(raw).filter((field) => !(QUERY_FIELDS as readonly string[]).includes(field));
  if (unknown.length > 0) throw bad(`${where}: unknown field ${unknown.map((f) => JSON.stringify(f.slice(0, 40))).join(', ')}; a query takes ${QUERY_FIELDS.join(', ')}.`);
  if (typeof raw.query !== 'string' || raw.query.trim() === '') {
    // The spec lets a query give properties alone; this service matches names, so it needs one.
    throw bad(`${where}: "query" must be a non-empty name to match; got ${raw.query === undefined ? 'none' : kindOf(raw.query)}.`);
  }
  if (raw.query.length > MAX_NAME_LENGTH) throw bad(`${where}: "query" may be at most ${MAX_NAME_LENGTH} characters long; got ${raw.query.length}.`);
  if (raw.type_strict !== undefined && !(TYPE_STRICT as readonly unknown[]).includes(raw.type_strict)) {
    throw bad(`${where}: "type_strict" must be one of ${TYPE_STRICT.join(', ')}; got ${kindOf(raw.type_strict)}.`);
  }
  return { key, query: raw.query.trim(), labels: parseTypes(where, raw.type), limit: parseLimit(where, raw.limit), country: parseProperties(where, raw.properties) };
}

/**
 * Reads the `queries` parameter: a JSON object of at most MAX_BATCH_QUERIES queries. Anything
 * that does not fit is refused with a 400 that names the query and says what was expected.
 */
export function parseQueryBatch(text: string): ReconcileQuery[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof SyntaxError ? ` (${error.message})` : '';
    throw bad(`"queries" must be a JSON object of query id -> {query, type?, limit?, properties?, type_strict?}; it is not valid JSON${detail}.`);
  }
  if (!isRecord(raw)) throw bad(`"queries" must be a JSON object of query id -> {query, ...}, e.g. {"q0": {"query": "DGMM"}}; got ${kindOf(raw)}.`);
  const entries = Object.entries(raw);
  if (entries.length > MAX_BATCH_QUERIES) {
    throw bad(`A batch may hold at most ${MAX_BATCH_QUERIES} queries (the manifest's batchSize); got ${entries.length}. Send them in several batches.`);
  }
  return entries.map(([key, query]) => parseQuery(key, query));
}

/** The ISO code the `country` property names, or a 400 that says why not and what it might be. */
async function countryIsoOf(names: NameRepository, q: ReconcileQuery, country: string): Promise<string> {
  const { decision, records } = await names.resolve(country, ['Country']);
  if (decision.kind === 'RESOLVED') {
    const record = records.get(decision.best.id);
    if (record?.__typename === 'Country') return record.isoCode;
  }
  const offered = decision.kind === 'AMBIGUOUS' ? decision.candidates : decision.kind === 'NOT_FOUND' ? decision.suggestions : [];
  const hint = offered.length > 0 ? ` Did you mean ${offered.slice(0, 3).map((s) => records.get(s.id)?.name ?? s.id).join(', or ')}?` : '';
  const what = decision.kind === 'AMBIGUOUS' ? 'may be any of several countries' : 'names no country';
  throw bad(`Query ${shown(q.key)}: the country ${JSON.stringify(country)} ${what}.${hint}`);
}

function toCandidate(record: MatchCandidateRecord, match: boolean): ReconcileCandidate {
  const rules = [...new Set(record.reasons.map((r) => r.rule))];
  return {
    id: record.entity.id,
    name: record.entity.name,
    type: [reconcileTypeOf(record.entity.__typename)],
    score: Math.round(record.score * 1000) / 10,
    match,
    features: [{ id: 'score', value: record.score }, { id: 'matches', value: record.matches }, ...rules.map((rule) => ({ id: `rule_${rule}`, value: true }))],
  };
}

/**
 * The candidates of one query, best first. `match` is true on one candidate only, and only
 * when the resolver decides the name is that entity (RESOLVED): an ambiguous name or one that
 * only resembles candidates marks none, whatever the scores.
 */
async function answerQuery(names: NameRepository, q: ReconcileQuery): Promise<ReconcileCandidate[]> {
  const countryIso = q.country ? await countryIsoOf(names, q, q.country) : null;
  const [outcome, candidates] = await Promise.all([names.resolve(q.query, q.labels), names.match(q.query, q.labels, { countryIso, first: q.limit })]);
  const resolvedId = outcome.decision.kind === 'RESOLVED' ? outcome.decision.best.id : null;
  const answered = candidates.map((c) => toCandidate(c, c.entity.id === resolvedId));
  // The resolved entity leads even when a namesake of its lineage or a unit ties its score.
  const chosen = answered.findIndex((c) => c.match);
  if (chosen > 0) answered.unshift(...answered.splice(chosen, 1));
  return answered;
}

/** Answers a checked batch: {id: {result: [...]}} in the order of the batch, CONCURRENCY queries at a time. */
export async function answerQueryBatch(names: NameRepository, queries: readonly ReconcileQuery[]): Promise<Record<string, { result: ReconcileCandidate[] }>> {
  const results: Array<ReconcileCandidate[]> = new Array<ReconcileCandidate[]>(queries.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queries.length) {
      const i = next++;
      results[i] = await answerQuery(names, queries[i] as ReconcileQuery);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queries.length) }, worker));
  // Object.fromEntries defines each key as data, so a query id "__proto__" stays a query id.
  return Object.fromEntries(queries.map((q, i) => [q.key, { result: results[i] as ReconcileCandidate[] }]));
}
