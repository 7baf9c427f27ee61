import { ServiceError, type ErrorDetail } from '../../errors';
import type { RequestContext } from '../context';
import type { OrganisationFilterInput } from '../../db/cypher/entityFilters';
import { INCLUDE_UNITS_BY_DEFAULT, type ProjectFilterInput } from '../../db/cypher/projectFilter';
import type { NameOutcome } from '../../db/repositories/nameRepository';
import type { EntityRecord, NameResolutionRecord } from '../../db/records';
import type { EntityLabel } from '../../domain/entities';
import { MAX_LISTED_UNITS } from '../../domain/limits';
import type { ScoredCandidate } from '../../domain/matching';

/**
 * Every place a name is given goes through here: the name fields of project filters, the
 * lookups by name, `match`'s country. A name resolves to one entity (NameRepository and
 * domain/matching.ts), or the request fails with NAME_NOT_FOUND and the closest suggestions, or
 * NAME_AMBIGUOUS and the candidates: a name never turns silently into an empty answer.
 */

const WHAT: Record<EntityLabel, string> = {
  Organisation: 'organisation',
  Project: 'project',
  Country: 'country',
  LegalFramework: 'legal framework',
  Person: 'person',
};

/** The resolutions of one request, by label and name: a name given twice is resolved once. */
const cache = new WeakMap<RequestContext, Map<string, Promise<NameOutcome>>>();

function outcomeOf(ctx: RequestContext, name: string, label: EntityLabel): Promise<NameOutcome> {
  let byKey = cache.get(ctx);
  if (!byKey) {
    byKey = new Map();
    cache.set(ctx, byKey);
  }
  const key = `${label}\u0000${name}`;
  let outcome = byKey.get(key);
  if (!outcome) {
    const resolve = () => ctx.repositories.names.resolve(name, [label]);
    outcome = ctx.names ? ctx.names.get(key, resolve) : resolve();
    byKey.set(key, outcome);
  }
  return outcome;
}

function describeCandidate(scored: ScoredCandidate, records: ReadonlyMap<string, EntityRecord>): { [key: string]: ErrorDetail } {
  const record = records.get(scored.id);
  const described: { [key: string]: ErrorDetail } = { id: scored.id, name: record?.name ?? scored.matchedName, score: scored.score, rule: scored.rule, matchedName: scored.matchedName };
  if (scored.ambiguous) described.reason = scored.ambiguous;
  return described;
}

/**
 * The entity `name` resolves to among the entities of `label`, with the winning score, or a
 * NAME_NOT_FOUND / NAME_AMBIGUOUS error naming `field`.
 */
export async function resolveName(ctx: RequestContext, name: string, label: EntityLabel, field: string): Promise<{ entity: EntityRecord; scored: ScoredCandidate }> {
  const { decision, records } = await outcomeOf(ctx, name, label);
  if (decision.kind === 'RESOLVED') {
    const entity = records.get(decision.best.id);
    if (entity) {
      // An id merged away answers with the entity kept, and the response says so (extensions.redirects).
      if (decision.best.rule === 'ID' && decision.best.matchedName !== entity.id) ctx.loaders.redirects.set(decision.best.matchedName, entity.id);
      return { entity, scored: decision.best };
    }
  }
  if (decision.kind === 'AMBIGUOUS') {
    const candidates = decision.candidates.map((c) => describeCandidate(c, records));
    const names = candidates.map((c) => `${String(c.name)} (${String(c.id)})`).join('; ');
    const why = decision.candidates.find((c) => c.ambiguous)?.ambiguous;
    const message = why
      ? `"${name}" (${field}) names no one ${WHAT[label]} on its own: ${why}. It may be ${names}, or another body the graph does not hold.`
      : `"${name}" (${field}) may be any of several ${WHAT[label]}s: ${names}. Give its id or a fuller name.`;
    throw new ServiceError('NAME_AMBIGUOUS', message, {
      details: { field, name, candidates },
    });
  }
  const suggestions = decision.kind === 'NOT_FOUND' ? decision.suggestions.map((s) => describeCandidate(s, records)) : [];
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.slice(0, 3).map((s) => String(s.name)).join(', or ')}?` : '';
  throw new ServiceError('NAME_NOT_FOUND', `No ${WHAT[label]} is named "${name}" (${field}).${hint}`, { details: { field, name, suggestions } });
}

/** A filter of the schema: fields, and the same filter nested under and, or and not. */
interface NestedFilter<F> {
  and?: readonly F[] | null;
  or?: readonly F[] | null;
  not?: F | null;
  includeLineage?: boolean | null;
  includeUnits?: boolean | null;
}

/** The fields of a filter that name one entity, with the entity type each names. */
type NameFields<F> = ReadonlyArray<readonly [keyof F & string, EntityLabel]>;

/** The name fields of ProjectFilter, with the entity type each names. */
const PROJECT_NAME_FIELDS = [
  ['benefits', 'Organisation'],
  ['fundedBy', 'Organisation'],
  ['implementedBy', 'Organisation'],
  ['partneredWith', 'Organisation'],
  ['attendedBy', 'Organisation'],
  ['jointProjectOf', 'Organisation'],
  ['managedBy', 'Person'],
  ['country', 'Country'],
  ['alignedWith', 'LegalFramework'],
] as const satisfies NameFields<ProjectFilterInput>;

/**
 * The name fields of OrganisationFilter that name another entity. `name` is left as it is: it
 * selects the organisations bearing a name (all of them, when several do), it names no one.
 */
const ORGANISATION_NAME_FIELDS = [
  ['country', 'Country'],
  ['partOf', 'Organisation'],
  ['involvedIn', 'Project'],
] as const satisfies NameFields<OrganisationFilterInput>;

type Resolution = NameResolutionRecord & { withLineage: boolean; withUnits: boolean };

/**
 * The filter with every name of `fields` replaced by the id of the entity it resolves to, at
 * any depth of `and`, `or` and `not`, and how each was resolved (with the renamed bodies and
 * units an organisation field includes: `unitsByDefault` says whether this filter includes
 * units unless told). The compiled filter then starts from the id, by index.
 */
async function resolveFilterNames<F extends NestedFilter<F>>(
  ctx: RequestContext,
  filter: F | null | undefined,
  fields: NameFields<F>,
  unitsByDefault: boolean,
): Promise<{ filter: F | null | undefined; resolutions: NameResolutionRecord[] }> {
  if (!filter) return { filter, resolutions: [] };
  const resolutions: Resolution[] = [];

  const walk = async (f: F, path: string): Promise<F> => {
    const out: F = { ...f };
    const named = fields.filter(([field]) => typeof f[field] === 'string');
    await Promise.all(
      named.map(async ([field, label]) => {
        const name = f[field] as string;
        const where = `${path}${field}`;
        const { entity, scored } = await resolveName(ctx, name, label, where);
        (out as Record<string, unknown>)[field] = entity.id;
        const organisation = label === 'Organisation';
        resolutions.push({
          field: where,
          name,
          entity,
          rule: scored.rule,
          matchedName: scored.matchedName,
          score: scored.score,
          lineage: [],
          units: [],
          withLineage: organisation && (f.includeLineage ?? true),
          withUnits: organisation && (f.includeUnits ?? unitsByDefault),
        });
      }),
    );
    if (f.and) out.and = await Promise.all(f.and.map((sub, i) => walk(sub, `${path}and[${i}].`)));
    if (f.or) out.or = await Promise.all(f.or.map((sub, i) => walk(sub, `${path}or[${i}].`)));
    if (f.not) out.not = await walk(f.not, `${path}not.`);
    return out;
  };

  const resolved = await walk(filter, '');
  await listIncluded(ctx, resolutions);
  resolutions.sort((a, b) => a.field.localeCompare(b.field));
  return { filter: resolved, resolutions: resolutions.map(({ withLineage: _l, withUnits: _u, ...record }) => record) };
}

/** A project filter with its names resolved (organisation fields include units unless told). */
export function resolveProjectFilter(ctx: RequestContext, filter: ProjectFilterInput | null | undefined) {
  return resolveFilterNames(ctx, filter, PROJECT_NAME_FIELDS, INCLUDE_UNITS_BY_DEFAULT);
}

/** An organisation filter with the entities it names (country, partOf, involvedIn) resolved. */
export function resolveOrganisationFilter(ctx: RequestContext, filter: OrganisationFilterInput | null | undefined) {
  // `partOf` already means "at any depth": it has no units of its own to add.
  return resolveFilterNames(ctx, filter, ORGANISATION_NAME_FIELDS, false);
}

/** Fills in the renamed bodies and the units that organisation fields include, in one query per setting of lineage. */
async function listIncluded(ctx: RequestContext, resolutions: Resolution[]): Promise<void> {
  for (const lineage of [true, false]) {
    const wanted = resolutions.filter((r) => r.withLineage === lineage && (r.withLineage || r.withUnits));
    if (wanted.length === 0) continue;
    const expansions = await ctx.repositories.names.expansions([...new Set(wanted.map((r) => r.entity.id))], lineage, MAX_LISTED_UNITS);
    for (const r of wanted) {
      const found = expansions.get(r.entity.id);
      r.lineage = found?.lineage ?? [];
      r.units = r.withUnits ? (found?.units ?? []) : [];
    }
  }
}
