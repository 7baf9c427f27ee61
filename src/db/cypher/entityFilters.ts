import {
  FilterParams,
  allOf,
  compileNested,
  groupBranches,
  nameListParam,
  namesAnyEntity,
  namesEntity,
  organisationMatch,
  organisationMatchBy,
  wordsClause,
  type CompiledFilter,
  type OrGrouping,
} from './filterCompiler';

/**
 * The merge key of an `or` branch that sets only `name` (and the fields in `modifiers`), as
 * their values; null for any other branch. Such branches compile to one IN list of names.
 */
function nameOnlyKey(branch: object, modifiers: readonly string[]): string | null {
  const set = Object.entries(branch).filter(([, value]) => value !== null && value !== undefined);
  // An empty name sets no clause (the compilers test `if (f.name)`), so it is not a name to merge.
  if (!set.some(([key, value]) => key === 'name' && typeof value === 'string' && value !== '')) return null;
  if (set.some(([key]) => key !== 'name' && !modifiers.includes(key))) return null;
  return modifiers.map((m) => `${m}=${String((branch as Record<string, unknown>)[m] ?? '')}`).join('|');
}

export interface OrganisationFilterInput {
  id?: readonly string[] | null;
  name?: string | null;
  kind?: string | null;
  kindIn?: readonly string[] | null;
  country?: string | null;
  partOf?: string | null;
  isDonor?: boolean | null;
  involvedIn?: string | null;
  text?: string | null;
  includeLineage?: boolean | null;
  and?: readonly OrganisationFilterInput[] | null;
  or?: readonly OrganisationFilterInput[] | null;
  not?: OrganisationFilterInput | null;
}

export interface LegalFrameworkFilterInput {
  name?: string | null;
  kind?: string | null;
  jurisdiction?: string | null;
  text?: string | null;
  and?: readonly LegalFrameworkFilterInput[] | null;
  or?: readonly LegalFrameworkFilterInput[] | null;
  not?: LegalFrameworkFilterInput | null;
}

export interface CountryFilterInput {
  name?: string | null;
  text?: string | null;
  hasProjects?: boolean | null;
}

/** An OrganisationFilter as a WHERE clause over `o:Organisation`, from fixed fragments. */
export function compileOrganisationFilter(filter: OrganisationFilterInput | null | undefined, donorsOnly = false): CompiledFilter {
  const params = new FilterParams('g');
  const fields = (f: OrganisationFilterInput): string[] => {
    const clauses: string[] = [];
    const lineage = f.includeLineage ?? true;
    if (f.id) clauses.push(`o.id IN $${params.add([...f.id])}`);
    if (f.name) clauses.push(organisationMatch('o', params.name(f.name), lineage, false));
    if (f.kind) clauses.push(`o.kind = $${params.add(f.kind.toUpperCase())}`);
    if (f.kindIn) clauses.push(`o.kind IN $${params.add(f.kindIn.map((k) => k.toUpperCase()))}`);
    if (f.country) clauses.push(`EXISTS { MATCH (o)-[:IN_COUNTRY]->(c:Country) WHERE ${namesEntity('c', params.name(f.country))} }`);
    if (f.partOf) {
      const name = params.name(f.partOf);
      clauses.push(`EXISTS { MATCH (o)-[:PART_OF*1..6]->(x:Organisation) WHERE ${organisationMatch('x', name, lineage, false)} }`);
    }
    if (f.isDonor === true) clauses.push('o:Donor');
    if (f.isDonor === false) clauses.push('NOT o:Donor');
    if (f.involvedIn) {
      clauses.push(`EXISTS { MATCH (o)<-[:FUNDED_BY|IMPLEMENTED_BY|BENEFITS|PARTNERED_WITH]-(p:Project) WHERE ${namesEntity('p', params.name(f.involvedIn))} }`);
    }
    if (f.text !== null && f.text !== undefined) clauses.push(wordsClause('o', f.text, params));
    return clauses;
  };
  const groupOr: OrGrouping<OrganisationFilterInput> = (branches) =>
    groupBranches(branches, (b) => nameOnlyKey(b, ['includeLineage']), (members) => {
      const names = params.add(nameListParam(members.map((m) => m.name ?? '')));
      return organisationMatchBy('o', (v) => namesAnyEntity(v, names), members[0]?.includeLineage ?? true, false);
    });
  const where = filter ? compileNested(filter, fields, groupOr) : 'true';
  return { where: donorsOnly ? `o:Donor AND ${where}` : where, params: params.values };
}

/** A LegalFrameworkFilter as a WHERE clause over `l:LegalFramework`. */
export function compileLegalFrameworkFilter(filter: LegalFrameworkFilterInput | null | undefined): CompiledFilter {
  const params = new FilterParams('g');
  const fields = (f: LegalFrameworkFilterInput): string[] => {
    const clauses: string[] = [];
    if (f.name) clauses.push(namesEntity('l', params.name(f.name)));
    if (f.kind) clauses.push(`l.kind = $${params.add(f.kind.toUpperCase())}`);
    if (f.jurisdiction) {
      // A jurisdiction is a body's name or a country: match either, with the country's aliases.
      const name = params.name(f.jurisdiction);
      clauses.push(`(l.jurisdictionKey = $${name}.key OR EXISTS { MATCH (c:Country) WHERE ${namesEntity('c', name)} AND l.jurisdictionKey IN c.nameKeys })`);
    }
    if (f.text !== null && f.text !== undefined) clauses.push(wordsClause('l', f.text, params));
    return clauses;
  };
  const groupOr: OrGrouping<LegalFrameworkFilterInput> = (branches) =>
    groupBranches(branches, (b) => nameOnlyKey(b, []), (members) => namesAnyEntity('l', params.add(nameListParam(members.map((m) => m.name ?? '')))));
  return { where: filter ? compileNested(filter, fields, groupOr) : 'true', params: params.values };
}

/** A CountryFilter as a WHERE clause over `c:Country` (country filters do not nest). */
export function compileCountryFilter(filter: CountryFilterInput | null | undefined): CompiledFilter {
  const params = new FilterParams('g');
  const fields = (f: CountryFilterInput): string[] => {
    const clauses: string[] = [];
    if (f.name) clauses.push(namesEntity('c', params.name(f.name)));
    if (f.text !== null && f.text !== undefined) clauses.push(wordsClause('c', f.text, params));
    if (f.hasProjects === true) clauses.push('EXISTS { (c)<-[:IN_COUNTRY]-(:Project) }');
    if (f.hasProjects === false) clauses.push('NOT EXISTS { (c)<-[:IN_COUNTRY]-(:Project) }');
    return clauses;
  };
  return { where: filter ? allOf(fields(filter)) : 'true', params: params.values };
}
