import { normaliseName } from '../../domain/names';
import { ServiceError } from '../driver/neo4jErrors';
import { MAX_FILTER_DEPTH, nameParam, namesEntity, organisationMatch, type CompiledFilter } from './projectFilter';

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

/** Parameter naming shared by one compilation, so nested filters never reuse a name. */
class Params {
  readonly values: Record<string, unknown> = {};
  private counter = 0;
  add(value: unknown): string {
    const name = `g${this.counter++}`;
    this.values[name] = value;
    return name;
  }
}

function textClause(variable: string, text: string, params: Params): string {
  const words = normaliseName(text).split(' ').filter(Boolean);
  return `all(w IN $${params.add(words)} WHERE ${variable}.searchText CONTAINS w)`;
}

function combine<F>(f: { and?: readonly F[] | null; or?: readonly F[] | null; not?: F | null }, compile: (sub: F, depth: number) => string, depth: number, clauses: string[]): void {
  if (f.and && f.and.length > 0) clauses.push(`(${f.and.map((sub) => compile(sub, depth + 1)).join(' AND ')})`);
  if (f.or) clauses.push(f.or.length === 0 ? 'false' : `(${f.or.map((sub) => compile(sub, depth + 1)).join(' OR ')})`);
  if (f.not) clauses.push(`NOT (${compile(f.not, depth + 1)})`);
}

function checkDepth(depth: number): void {
  if (depth > MAX_FILTER_DEPTH) throw new ServiceError('BAD_USER_INPUT', `Filters may nest at most ${MAX_FILTER_DEPTH} levels deep.`);
}

/** An OrganisationFilter as a WHERE clause over `o:Organisation`, from fixed fragments. */
export function compileOrganisationFilter(filter: OrganisationFilterInput | null | undefined, donorsOnly = false): CompiledFilter {
  const params = new Params();
  const compile = (f: OrganisationFilterInput, depth: number): string => {
    checkDepth(depth);
    const clauses: string[] = [];
    const lineage = f.includeLineage ?? true;
    if (f.id) clauses.push(`o.id IN $${params.add([...f.id])}`);
    if (f.name) clauses.push(organisationMatch('o', params.add(nameParam(f.name)), lineage, false));
    if (f.kind) clauses.push(`o.kind = $${params.add(f.kind.toUpperCase())}`);
    if (f.kindIn) clauses.push(`o.kind IN $${params.add(f.kindIn.map((k) => k.toUpperCase()))}`);
    if (f.country) clauses.push(`EXISTS { MATCH (o)-[:IN_COUNTRY]->(c:Country) WHERE ${namesEntity('c', params.add(nameParam(f.country)))} }`);
    if (f.partOf) {
      const name = params.add(nameParam(f.partOf));
      clauses.push(`EXISTS { MATCH (o)-[:PART_OF*1..6]->(x:Organisation) WHERE ${organisationMatch('x', name, lineage, false)} }`);
    }
    if (f.isDonor === true) clauses.push('o:Donor');
    if (f.isDonor === false) clauses.push('NOT o:Donor');
    if (f.involvedIn) {
      clauses.push(`EXISTS { MATCH (o)<-[:FUNDED_BY|IMPLEMENTED_BY|BENEFITS|PARTNERED_WITH]-(p:Project) WHERE ${namesEntity('p', params.add(nameParam(f.involvedIn)))} }`);
    }
    if (f.text !== null && f.text !== undefined) clauses.push(textClause('o', f.text, params));
    combine(f, compile, depth, clauses);
    return clauses.length > 0 ? clauses.join(' AND ') : 'true';
  };
  const where = filter ? compile(filter, 0) : 'true';
  return { where: donorsOnly ? `o:Donor AND ${where}` : where, params: params.values };
}

/** A LegalFrameworkFilter as a WHERE clause over `l:LegalFramework`. */
export function compileLegalFrameworkFilter(filter: LegalFrameworkFilterInput | null | undefined): CompiledFilter {
  const params = new Params();
  const compile = (f: LegalFrameworkFilterInput, depth: number): string => {
    checkDepth(depth);
    const clauses: string[] = [];
    if (f.name) clauses.push(namesEntity('l', params.add(nameParam(f.name))));
    if (f.kind) clauses.push(`l.kind = $${params.add(f.kind.toUpperCase())}`);
    if (f.jurisdiction) {
      // A jurisdiction is a body's name or a country: match either, with the country's aliases.
      const name = params.add(nameParam(f.jurisdiction));
      clauses.push(`(l.jurisdictionKey = $${name}.key OR EXISTS { MATCH (c:Country) WHERE ${namesEntity('c', name)} AND l.jurisdictionKey IN c.nameKeys })`);
    }
    if (f.text !== null && f.text !== undefined) clauses.push(textClause('l', f.text, params));
    combine(f, compile, depth, clauses);
    return clauses.length > 0 ? clauses.join(' AND ') : 'true';
  };
  return { where: filter ? compile(filter, 0) : 'true', params: params.values };
}

/** A CountryFilter as a WHERE clause over `c:Country`. */
export function compileCountryFilter(filter: CountryFilterInput | null | undefined): CompiledFilter {
  const params = new Params();
  const clauses: string[] = [];
  if (filter?.name) clauses.push(namesEntity('c', params.add(nameParam(filter.name))));
  if (filter?.text !== null && filter?.text !== undefined) clauses.push(textClause('c', filter.text, params));
  if (filter?.hasProjects === true) clauses.push('EXISTS { (c)<-[:IN_COUNTRY]-(:Project) }');
  if (filter?.hasProjects === false) clauses.push('NOT EXISTS { (c)<-[:IN_COUNTRY]-(:Project) }');
  return { where: clauses.length > 0 ? clauses.join(' AND ') : 'true', params: params.values };
}
