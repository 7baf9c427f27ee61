import { ServiceError, type ErrorDetail } from '../../errors';
import type { RequestContext } from '../context';
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
    outcome = ctx.repositories.names.resolve(name, [label]);
    byKey.set(key, outcome);
  }
  return outcome;
}

function describeCandidate(scored: ScoredCandidate, records: ReadonlyMap<string, EntityRecord>): { [key: string]: ErrorDetail } {
  const record = records.get(scored.id);
  return { id: scored.id, name: record?.name ?? scored.matchedName, score: scored.score, rule: scored.rule, matchedName: scored.matchedName };
}

/**
 * The entity `name` resolves to among the entities of `label`, with the winning score, or a
 * NAME_NOT_FOUND / NAME_AMBIGUOUS error naming `field`.
 */
export async function resolveName(ctx: RequestContext, name: string, label: EntityLabel, field: string): Promise<{ entity: EntityRecord; scored: ScoredCandidate }> {
  const { decision, records } = await outcomeOf(ctx, name, label);
  if (decision.kind === 'RESOLVED') {
    const entity = records.get(decision.best.id);
    if (entity) return { entity, scored: decision.best };
  }
  if (decision.kind === 'AMBIGUOUS') {
    const candidates = decision.candidates.map((c) => describeCandidate(c, records));
    const names = candidates.map((c) => `${String(c.name)} (${String(c.id)})`).join('; ');
    throw new ServiceError('NAME_AMBIGUOUS', `"${name}" (${field}) may be any of several ${WHAT[label]}s: ${names}. Give its id or a fuller name.`, {
      details: { field, name, candidates },
    });
  }
  const suggestions = decision.kind === 'NOT_FOUND' ? decision.suggestions.map((s) => describeCandidate(s, records)) : [];
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.slice(0, 3).map((s) => String(s.name)).join(', or ')}?` : '';
  throw new ServiceError('NAME_NOT_FOUND', `No ${WHAT[label]} is named "${name}" (${field}).${hint}`, { details: { field, name, suggestions } });
}

/** The name fields of ProjectFilter, with the entity type each names. */
const PROJECT_NAME_FIELDS = [
  ['benefits', 'Organisation'],
  ['fundedBy', 'Organisation'],
  ['implementedBy', 'Organisation'],
  ['partneredWith', 'Organisation'],
  ['managedBy', 'Person'],
  ['country', 'Country'],
  ['alignedWith', 'LegalFramework'],
] as const satisfies ReadonlyArray<readonly [keyof ProjectFilterInput, EntityLabel]>;

/**
 * The filter with every name replaced by the id of the entity it resolves to, at any depth of
 * `and`, `or` and `not`, and how each was resolved (with the renamed bodies and units an
 * organisation field includes). The compiled filter then starts from the id, by index.
 */
export async function resolveProjectFilter(
  ctx: RequestContext,
  filter: ProjectFilterInput | null | undefined,
): Promise<{ filter: ProjectFilterInput | null | undefined; resolutions: NameResolutionRecord[] }> {
  if (!filter) return { filter, resolutions: [] };
  const resolutions: Array<NameResolutionRecord & { withLineage: boolean; withUnits: boolean }> = [];

  const walk = async (f: ProjectFilterInput, path: string): Promise<ProjectFilterInput> => {
    const out: ProjectFilterInput = { ...f };
    const names = PROJECT_NAME_FIELDS.filter(([field]) => typeof f[field] === 'string');
    await Promise.all(
      names.map(async ([field, label]) => {
        const name = f[field] as string;
        const where = `${path}${field}`;
        const { entity, scored } = await resolveName(ctx, name, label, where);
        out[field] = entity.id;
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
          withUnits: organisation && (f.includeUnits ?? INCLUDE_UNITS_BY_DEFAULT),
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

/** Fills in the renamed bodies and the units that organisation fields include, in one query per setting of lineage. */
async function listIncluded(ctx: RequestContext, resolutions: Array<NameResolutionRecord & { withLineage: boolean; withUnits: boolean }>): Promise<void> {
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
